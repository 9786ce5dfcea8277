import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Parameter names whose values are credentials wherever they appear (query string, form, text):
 * V1 `Signature`, `AccessKeySecret`, `CredentialSecret`, STS `SecurityToken`, SCIM
 * `access_token`, `Password`/`NewPassword`, `Authorization`, and anything else named like them.
 * The signature's bookkeeping (`SignatureNonce`, `SignatureMethod`, `SignatureVersion`,
 * `SignatureType`) and the paging cursor `NextToken` are not secrets and stay readable.
 */
const SECRET_NAME = /signature|token|passw(or)?d|secret|authorization|api[-_]?key|private[-_]?key|credential[-_]?value/i;
const NOT_SECRET = /^(signature(nonce|method|version|type)|nexttoken)$/i;

export function isSecretParameterName(name: string): boolean {
  // The base name of `Password.1` or `x-acs-security-token`.
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name.replace(/\.\d+$/, ''));
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * A URL as a log line may show it: the value of every query parameter named like a credential
 * (the name compared after percent-decoding, so `access%5Ftoken` is caught) becomes `[redacted]`.
 * Every SDK sends RPC parameters in the query string, and IdPs sometimes put a SCIM token there.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      return isSecretParameterName(decodeName(name)) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q + 1)}${query.join('&')}`;
}

/**
 * Free text (an error's message or stack) as a log line may show it: `name=value` pairs named like
 * credentials, bearer tokens and ACS3 authorization headers are cut out.
 */
export function redactText(text: string): string {
  return text
    .replace(/\b(?:Bearer|Basic)\s+[^\s"',;]+/gi, '[redacted credential]')
    .replace(/ACS3-HMAC-SHA256\s+[^\s"']+(?:\s*,\s*[^\s"',]+)*/g, '[redacted credential]')
    .replace(/([\w.%-]+)=([^&\s"',;]*)/g, (all, name: string) => (isSecretParameterName(decodeName(name)) ? `${name}=[redacted]` : all));
}

/** Errors keep type, message, stack and code, each scrubbed; Node's `rawPacket` (the raw request bytes) never. */
function serializeError(err: unknown): unknown {
  const s = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown> | undefined;
  if (!s || typeof s !== 'object') return typeof s === 'string' ? redactText(s) : s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'rawPacket' || k === 'raw' || k === 'headers' || k === 'config' || k === 'request') continue;
    out[k] = typeof v === 'string' ? redactText(v) : v;
  }
  return out;
}

/**
 * JSON logs with the request ID on every line (Fastify's child loggers) and no secrets: requests
 * are logged as method, redacted URL and client address only (never headers or bodies), errors
 * with their text scrubbed, and any field named like a secret is censored if some code logs it by
 * mistake. Tested for every place a secret travels: test/secrets-at-rest-and-in-logs.test.ts.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          '*.authorization',
          '*.Authorization',
          '*.secret',
          '*.password',
          '*.Password',
          '*.token',
          '*.access_token',
          '*.CredentialSecret',
          '*.AccessKeySecret',
          '*.Signature',
          '*.SecurityToken',
          'headers',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      hooks: {
        // A message string is free text too (Fastify's "Route GET:<url> not found").
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>;
          return method.apply(this, scrubbed);
        },
      },
    },
    destination,
  );
}
