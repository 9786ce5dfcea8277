/**
 * RFC 7644 §3.4.2.2 / §3.5.2 attrPath, read from one lexer word:
 *
 *   attrPath  = [URI ":"] ATTRNAME *1subAttr
 *   ATTRNAME  = ALPHA *(nameChar)          ; RFC 7643 §2.1, plus "$ref"
 *   nameChar  = "-" / "_" / DIGIT / ALPHA
 *   subAttr   = "." ATTRNAME
 *
 * The URI may itself contain ":" and "." (`urn:...:enterprise:2.0:User`), and ATTRNAME contains
 * neither ":" nor a second ".", so the URI is everything up to the last ":" of the word. Names and
 * the URN are lower-cased: attribute names and schema URIs are case-insensitive (RFC 7643 §2.1,
 * RFC 7644 §3.4.2.2 "Attribute names and attribute operators used in filters are case insensitive").
 */
import type { AttributePath } from '../../core/filter.js';
import { SyntaxFault, type Region } from './syntax-fault.js';

const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameChar = (c: string) => isAlpha(c) || isDigit(c) || c === '-' || c === '_';

/** scheme ":" then URI characters (RFC 3986 §3.1 and the unreserved / sub-delims / pchar sets). */
const SCHEMA_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:%!$&'*+;=@/]+$/;

/**
 * Reads ATTRNAME at `from` and returns the offset after it. `$ref` (RFC 7643 §2.4, §8.7.1) is the
 * one attribute name that does not start with ALPHA.
 */
function scanName(text: string, from: number, base: number, region: Region, what: string): number {
  let i = from;
  if (text.startsWith('$ref', i)) {
    i += 4;
  } else {
    const first = text[i];
    if (first === undefined) throw new SyntaxFault(base + i, `expected ${what} name, found end of the path`, region);
    if (!isAlpha(first)) throw new SyntaxFault(base + i, `${what} name must start with a letter, found '${first}'`, region);
    i++;
  }
  while (i < text.length && isNameChar(text.charAt(i))) i++;
  return i;
}

/** Parses `text` (found at offset `base` of the input) as an attrPath. */
export function readAttrPath(text: string, base: number, region: Region): AttributePath {
  const colon = text.lastIndexOf(':');
  let schema: string | undefined;
  let from = 0;
  if (colon >= 0) {
    const uri = text.slice(0, colon);
    if (!SCHEMA_URI.test(uri)) {
      throw new SyntaxFault(base, `'${uri}' is not a schema URI (expected e.g. urn:ietf:params:scim:schemas:core:2.0:User)`, region);
    }
    schema = uri.toLowerCase();
    from = colon + 1;
  }
  const nameEnd = scanName(text, from, base, region, 'an attribute');
  const name = text.slice(from, nameEnd).toLowerCase();
  let sub: string | undefined;
  let end = nameEnd;
  if (text[end] === '.') {
    const subEnd = scanName(text, end + 1, base, region, 'a sub-attribute');
    sub = text.slice(end + 1, subEnd).toLowerCase();
    end = subEnd;
  }
  if (end < text.length) {
    const c = text.charAt(end);
    const why = c === '.' ? 'only one sub-attribute level is allowed (attr.sub)' : `unexpected character '${c}' in attribute path`;
    throw new SyntaxFault(base + end, why, region);
  }
  return { ...(schema !== undefined ? { schema } : {}), name, ...(sub !== undefined ? { sub } : {}) };
}

/** `.value` straight after `]`: a single ATTRNAME, returned lower-cased. */
export function readSubAttr(text: string, base: number, region: Region): string {
  // text[0] is the '.'
  const end = scanName(text, 1, base, region, 'a sub-attribute');
  if (end < text.length) {
    throw new SyntaxFault(base + end, `unexpected character '${text[end]}' in sub-attribute`, region);
  }
  return text.slice(1, end).toLowerCase();
}
