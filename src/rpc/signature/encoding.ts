/**
 * The two encodings both Alibaba signature schemes are built on (alibaba-sdk-protocol.md §5.1).
 * Pure: no dependencies beyond the language.
 */

/** Thrown by {@link parseForm} for a malformed `%` sequence, bytes that are not UTF-8, or a NUL. */
export class FormEncodingError extends Error {
  override readonly name = 'FormEncodingError';
}

const HEX = /^[0-9A-Fa-f]{2}$/;
const utf8 = new TextEncoder();
// fatal: the SDKs only ever encode well-formed JS strings, so invalid UTF-8 is a forged or
// corrupted request; replacing it with U+FFFD would sign a value the client never sent.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * RFC 3986 percent-encoding as the signers use it (§5.1): only `A-Z a-z 0-9 - _ . ~` stay as
 * they are, hex is upper case, space is `%20` (never `+`). `encodeURIComponent` already does this
 * except for `! ' ( ) *`, which it leaves alone.
 */
export function pct(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/**
 * Decodes one name or value of application/x-www-form-urlencoded (WHATWG URL §5.1): `+` is a
 * space and each `%XX` is one byte of UTF-8. Unlike the WHATWG parser, a `%` that does not start
 * a valid escape is an error rather than kept literally: the signers never send one, and keeping
 * it would let two different wire strings decode to the same signed value.
 */
function decodeComponent(s: string): string {
  if (!s.includes('%')) return s.replaceAll('+', ' ');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.charAt(i);
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!HEX.test(hex)) throw new FormEncodingError(`malformed percent-escape at offset ${i}`);
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      // A code point, not a code unit, so a raw (unescaped) non-ASCII character keeps its bytes.
      const cp = s.codePointAt(i) ?? 0; // i < s.length: always a code point
      const ch = String.fromCodePoint(cp);
      bytes.push(...utf8.encode(c === '+' ? ' ' : ch));
      i += ch.length;
    }
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    throw new FormEncodingError('percent-escapes do not form valid UTF-8');
  }
}

/**
 * Parses application/x-www-form-urlencoded text (a raw query string or a form body). Empty
 * `&&` sequences are skipped (pop-core's `repeatList` style emits them, §7); a pair without `=`
 * has the empty value; for a repeated name the last one wins (§5.1; the SDKs never repeat).
 * Throws {@link FormEncodingError} on malformed input.
 */
export function parseForm(str: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of str.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    const k = decodeComponent(name);
    const v = decodeComponent(value);
    // No parameter of any action has a use for NUL, and PostgreSQL text cannot hold one (a 500 before).
    if (k.includes('\u0000') || v.includes('\u0000')) throw new FormEncodingError('a parameter contains a NUL character (%00)');
    out.set(k, v);
  }
  return out;
}

/** Decodes a raw form body; raw bytes outside escapes must be UTF-8 as well. */
export function parseFormBody(body: Buffer): Map<string, string> {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new FormEncodingError('form body is not valid UTF-8');
  }
  return parseForm(text);
}

/**
 * `k=v&k=v` over the keys in code-unit order, each side through {@link pct}: the canonical query
 * of both schemes (§5.2, §5.3). Always rebuilt from decoded values: clients leave `*!()~`
 * unescaped on the wire (§4, capture A2), so the raw query string is never canonical.
 */
export function canonicalQuery(params: ReadonlyMap<string, string>): string {
  // Sorted by name in UTF-16 code units, as Array.prototype.sort sorts strings.
  return [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${pct(k)}=${pct(v)}`)
    .join('&');
}
