import { createHmac } from 'node:crypto';

/**
 * TOTP (RFC 6238, HMAC-SHA1, 6 digits, 30 s) written from the RFC with node:crypto, so tests
 * compute codes independently of the library the server uses.
 */
export function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of clean) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`Not base32: ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export function totpAt(secretBase32: string, timeMs: number, digits = 6): string {
  return hotp(base32Decode(secretBase32), Math.floor(timeMs / 30_000), digits);
}

export interface PortalResponse {
  readonly status: number;
  readonly location: string | undefined;
  readonly body: string;
  readonly headers: Headers;
}

/**
 * A browser without JavaScript: a cookie jar (name → value, Max-Age=0 removes), fetch with manual
 * redirects, and the hidden CSRF field of the last page read.
 */
export class PortalBrowser {
  readonly cookies = new Map<string, string>();
  lastCsrf = '';
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<PortalResponse> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    this.remember(res);
    const body = await res.text();
    const csrf = /name="csrf" value="([^"]*)"/.exec(body);
    if (csrf) this.lastCsrf = csrf[1]!;
    return { status: res.status, location: res.headers.get('location') ?? undefined, body, headers: res.headers };
  }

  get(path: string): Promise<PortalResponse> {
    return this.request('GET', path);
  }

  /** POSTs a form with the CSRF token of the last page read (unless `csrf` is given). */
  post(path: string, form: Record<string, string>): Promise<PortalResponse> {
    return this.request('POST', path, { csrf: this.lastCsrf, ...form });
  }

  /** Follows redirects (GET) from a response until a page. */
  async follow(r: PortalResponse): Promise<PortalResponse & { path: string }> {
    let path = '';
    for (let i = 0; i < 5 && r.location; i++) {
      path = new URL(r.location, this.base).pathname;
      r = await this.get(path);
    }
    return { ...r, path };
  }
}

/** The MFA key the binding page shows (grouped by four). */
export function secretOnPage(body: string): string {
  const m = /<p class="secret" id="secret">([A-Z2-7 ]+)<\/p>/.exec(body);
  if (!m) throw new Error('No MFA key on the page.');
  return m[1]!.replace(/\s+/g, '');
}

/**
 * Where the portal's browser tests save their screenshots: CLOUDSSO_PORTAL_SCREENSHOTS=docs means
 * docs/portal/, any other value a directory of that name; unset, none are taken.
 */
export function portalScreenshotDir(): string | undefined {
  const v = process.env.CLOUDSSO_PORTAL_SCREENSHOTS;
  if (!v) return undefined;
  return v === 'docs' ? new URL('../../docs/portal/', import.meta.url).pathname : v;
}
