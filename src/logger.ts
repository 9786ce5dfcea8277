import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Strips what a request log line must not show: V1 signatures, STS tokens, and the password
 * ResetUserPassword carries in the query string (every SDK sends parameters there).
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:Signature|SecurityToken|Password)=)[^&]*/gi, '$1[redacted]');
}

/**
 * JSON logs with the request ID on every line (Fastify's child loggers) and no secrets: requests
 * are logged as method, redacted URL and client address only (never headers or bodies), and any
 * field named like a secret is censored if some code logs it by mistake.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['*.authorization', '*.Authorization', '*.secret', '*.password', '*.CredentialSecret', '*.AccessKeySecret', 'headers'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
