import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { isBlockedAddress } from './core/webhooks/addresses.js';
import { WebhookSendError, type WebhookSender } from './core/webhooks/dispatcher.js';

/** Bytes of an endpoint's answer read (and discarded); the rest is not waited for. */
const MAX_RESPONSE_BYTES = 16 * 1024;

/**
 * Sends a webhook over node:http(s) (docs/decisions/0190-webhooks.md). Unless private targets are
 * allowed, the address is checked after DNS resolution, in the socket's own lookup, so the
 * address checked is the address connected to (a name that resolves to 127.0.0.1 or
 * 169.254.169.254 is refused, and a second resolution cannot swap it). Redirects are not followed.
 * Errors name the cause only: never the URL, the headers or the body.
 */
export function createWebhookSender(opts: { allowPrivateTargets: boolean }): WebhookSender {
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const allowed = addresses.filter((a) => !isBlockedAddress(a.address));
      if (allowed.length === 0) {
        const e = Object.assign(new Error('blocked address'), { code: 'EWEBHOOKBLOCKED' });
        return callback(e, '', 0);
      }
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- allowed is not empty
      if (!options.all) return callback(null, allowed[0]!.address, allowed[0]!.family);
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    });
  };
  return (req) =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (!opts.allowPrivateTargets && isIP(host) !== 0 && isBlockedAddress(host)) {
        reject(new WebhookSendError('The target address is loopback, private or link-local, which this server does not call.'));
        return;
      }
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const r = send(
        url,
        {
          method: 'POST',
          headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)), 'user-agent': 'open-cloudsso-webhooks/1' },
          timeout: req.timeoutMs,
          ...(opts.allowPrivateTargets ? {} : { lookup: guardedLookup }),
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) res.destroy();
          });
          res.on('error', () => undefined);
          res.on('close', () => resolve({ statusCode: res.statusCode ?? 0 }));
        },
      );
      const deadline = setTimeout(() => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), req.timeoutMs);
      r.on('timeout', () => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      r.on('error', (err: NodeJS.ErrnoException) => reject(new WebhookSendError(describe(err.code, req.timeoutMs))));
      r.on('close', () => clearTimeout(deadline));
      r.end(req.body);
    });
}

function describe(code: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'EWEBHOOKBLOCKED':
      return 'The target host resolves only to loopback, private or link-local addresses, which this server does not call.';
    case 'ECONNREFUSED':
      return 'The connection was refused.';
    case 'ETIMEDOUT':
      return `No answer within ${timeoutMs} ms.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The host name could not be resolved.';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'The connection was reset.';
    default:
      return code && /^[A-Z_0-9]{2,40}$/.test(code) ? `The request failed (${code}).` : 'The request failed.';
  }
}
