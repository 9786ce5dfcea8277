/**
 * The pure parts of the console's device flow (docs/decisions/0170): self-contained (no imports)
 * so Node's WebCrypto can run them in the unit tests, like ./signer.ts.
 */

/** Longest a directory name can be; anything longer is refused before any request. */
const MAX_NAME = 64;

/**
 * The directory name from what the user typed: the portal's sign-in URL on `origin` (the console's)
 * (`https://host/portal/<name>/login`, or any page under `/portal/<name>`), or the bare name.
 * Undefined when it is neither.
 */
export function directoryNameOf(input: string, origin: string): string | undefined {
  const text = input.trim();
  if (text === '' || text.length > 2048) return undefined;
  let name = text;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (url.origin !== origin) return undefined;
    const match = /^\/portal\/([^/]+)/.exec(url.pathname);
    if (!match) return undefined;
    try {
      name = decodeURIComponent(match[1]!);
    } catch {
      return undefined;
    }
  }
  // A directory name or ID: lowercase letters, digits and hyphens (src/core/directories.ts).
  return name.length <= MAX_NAME && /^[a-z0-9-]{2,}$/.test(name) ? name : undefined;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A PKCE pair (RFC 7636): 32 random bytes as the verifier, its SHA-256 as the S256 challenge. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)) };
}

