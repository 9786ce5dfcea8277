import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';

/**
 * An HTTPS front for a test server: clients that always speak HTTPS (@alicloud/credentials' STS
 * providers hard-code it) reach the plain-HTTP server through it. The certificate is self-signed
 * for 127.0.0.1, made with the openssl CLI; the bytes inside TLS pass through untouched.
 */
export interface TlsProxy {
  /** `127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The self-signed certificate (PEM), for a client that takes a CA. */
  readonly cert: string;
  close(): Promise<void>;
}

export async function startTlsProxy(targetPort: number): Promise<TlsProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'cloudsso-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const open = new Set<{ destroy(): void }>();
    const server = createServer({ key, cert }, (socket) => {
      const upstream = connect(targetPort, '127.0.0.1');
      open.add(socket).add(upstream);
      socket.on('close', () => open.delete(socket));
      upstream.on('close', () => open.delete(upstream));
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      endpoint: `127.0.0.1:${port}`,
      cert,
      close: () =>
        new Promise<void>((resolve) => {
          // Clients keep connections alive: end them, or close would wait for them.
          for (const s of open) s.destroy();
          server.close(() => resolve());
        }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
