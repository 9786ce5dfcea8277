/**
 * Tokenizer shared by the filter (RFC 7644 §3.4.2.2), PATCH path (§3.5.2) and `attributes`
 * (§3.4.2.5) grammars. It knows nothing of attribute paths or operators: a `word` is any run of
 * characters that is not white space, a bracket, a parenthesis or a quote; the parser decides
 * whether a word is an attribute path, an operator, a keyword or an unquoted value.
 */
import { SyntaxFault } from './syntax-fault.js';

/** Longest input accepted; beyond it the request is refused before any work is done. */
export const MAX_INPUT_LENGTH = 4096;

export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | ',' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The raw text of a word, or the decoded value of a JSON string. */
  readonly text: string;
  /** Offsets into the input, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface LexOptions {
  /** `,` separates list items (the `attributes` parameter); elsewhere it is an ordinary character. */
  readonly commas?: boolean;
  /** Apply the `+`-as-space rule of {@link plusAsSpace} (query parameters only). */
  readonly plusAsSpace?: boolean;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isControl = (code: number) => code < 0x20 || code === 0x7f;
const PUNCTUATION = new Set(['(', ')', '[', ']']);

/**
 * The Microsoft collection sends `filter=DisplayName+eq+%22BobIsAmazing%22`: `+` is the
 * form-encoding of a space, and an HTTP layer that only percent-decodes leaves it in place.
 *
 * Rule: if the input contains no white space at all, and contains `+` outside string literals,
 * every `+` outside string literals is read as a space. This never changes the meaning of a valid
 * filter, because every RFC 7644 attrExp needs at least one SP (`title pr`), so a filter without
 * white space cannot be valid. `+` inside a string literal is kept: `"a+b@x"` may be a real plus
 * sign, and there is no way to tell.
 */
export function plusAsSpace(input: string): string {
  let inString = false;
  let sawPlus = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charAt(i);
    if (isSpace(c)) return input;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '+') sawPlus = true;
  }
  if (!sawPlus) return input;
  let out = '';
  inString = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charAt(i);
    if (inString) {
      out += c;
      if (c === '\\' && i + 1 < input.length) out += input[++i];
      else if (c === '"') inString = false;
    } else {
      if (c === '"') inString = true;
      out += c === '+' ? ' ' : c;
    }
  }
  return out;
}

/**
 * Produces one token at a time, so that a fault is reported in the grammar region the parser is
 * in when it asks for the token (a bad string inside `members[...]` is a filter fault, RFC 7644
 * §3.12 invalidFilter; a bad character in the path before it is invalidPath).
 */
export class Lexer {
  private readonly src: string;
  private i = 0;

  constructor(
    input: string,
    private readonly options: LexOptions = {},
  ) {
    this.src = options.plusAsSpace ? plusAsSpace(input) : input;
  }

  next(): Token {
    const src = this.src;
    while (this.i < src.length && isSpace(src.charAt(this.i))) this.i++;
    const start = this.i;
    if (start >= src.length) return { kind: 'eof', text: '', start, end: start };
    const c = src.charAt(start);
    if (PUNCTUATION.has(c) || (this.options.commas && c === ',')) {
      this.i++;
      return { kind: c as TokenKind, text: c, start, end: start + 1 };
    }
    if (c === '"') {
      const [text, end] = readString(src, start);
      this.i = end;
      return { kind: 'string', text, start, end };
    }
    let i = start;
    while (i < src.length) {
      const d = src.charAt(i);
      if (isSpace(d) || PUNCTUATION.has(d) || d === '"' || (this.options.commas && d === ',')) break;
      if (isControl(d.charCodeAt(0))) throw new SyntaxFault(i, `unexpected control character U+${hex4(d.charCodeAt(0))}`);
      i++;
    }
    this.i = i;
    return { kind: 'word', text: src.slice(start, i), start, end: i };
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A JSON string (RFC 8259 §7), as RFC 7644 compValue requires. Returns the value and the end offset. */
function readString(src: string, open: number): [string, number] {
  let out = '';
  let i = open + 1;
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === '"') return [out, i + 1];
    if (c === '\\') {
      const e = src[i + 1];
      if (e === undefined) break;
      if (e === 'u') {
        const hex = src.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxFault(i, 'invalid \\u escape in string: expected 4 hex digits');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      const decoded = Object.hasOwn(ESCAPES, e) ? ESCAPES[e] : undefined;
      if (decoded === undefined) {
        throw new SyntaxFault(i, `invalid escape '\\${e}' in string (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
      }
      out += decoded;
      i += 2;
      continue;
    }
    if (isControl(c.charCodeAt(0)) && c !== '\x7f') {
      throw new SyntaxFault(i, `unescaped control character U+${hex4(c.charCodeAt(0))} in string`);
    }
    out += c;
    i++;
  }
  throw new SyntaxFault(open, 'unterminated string: missing closing \'"\'');
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
