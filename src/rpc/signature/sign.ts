import { createHash, createHmac, randomBytes } from 'node:crypto';
import { canonicalRequest, stringToSign } from './acs3.js';
import { pct } from './encoding.js';

/**
 * The client side of ACS3-HMAC-SHA256, for `cloudsso call`: the same canonical form the verifier
 * checks, built by the same functions, so the CLI needs no SDK.
 */
export interface SignedCall {
  readonly url: string;
  readonly headers: Record<string, string>;
}

export function signAcs3(input: {
  endpoint: string; // http://host:port
  action: string;
  version: string;
  params: Readonly<Record<string, string>>;
  accessKeyId: string;
  accessKeySecret: string;
  /** STS credentials' SecurityToken: sent and signed as `x-acs-security-token`, as the SDKs do. */
  securityToken?: string;
  now?: Date;
}): SignedCall {
  const host = new URL(input.endpoint).host;
  const query = new Map(Object.entries(input.params));
  const bodyHash = createHash('sha256').update('').digest('hex');
  const headerValues = new Map<string, string>([
    ['host', host],
    ['x-acs-action', input.action],
    ['x-acs-content-sha256', bodyHash],
    ['x-acs-date', (input.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ['x-acs-signature-nonce', randomBytes(16).toString('hex')],
    ['x-acs-version', input.version],
    ...(input.securityToken !== undefined ? ([['x-acs-security-token', input.securityToken]] as const) : []),
  ]);
  const signedHeaders = [...headerValues.keys()].sort();
  const canonical = canonicalRequest({ method: 'POST', query, signedHeaders, headerValues, contentSha256: bodyHash });
  const signature = createHmac('sha256', input.accessKeySecret).update(stringToSign('ACS3-HMAC-SHA256', canonical)).digest('hex');
  const qs = [...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
  const headers: Record<string, string> = Object.fromEntries([...headerValues].filter(([k]) => k !== 'host'));
  headers['authorization'] = `ACS3-HMAC-SHA256 Credential=${input.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  headers['accept'] = 'application/json';
  return { url: `${input.endpoint.replace(/\/$/, '')}/${qs ? `?${qs}` : ''}`, headers };
}
