/**
 * PATCH operation `path` (RFC 7644 §3.5.2):
 *
 *   PATH = attrPath / valuePath [subAttr]
 *
 * e.g. `members`, `name.givenName`, `members[value eq "2819c223..."]`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` (Entra, quirks 6 and 7).
 */
import type { AttributePath, Filter } from '../../core/filter.js';
import { invalidFilter, invalidPath } from '../scim-error.js';
import { readAttrPath } from './attr-path.js';
import { Lexer, MAX_INPUT_LENGTH } from './lexer.js';
import { describe, Parser } from './parser.js';
import { SyntaxFault } from './syntax-fault.js';

export interface PatchPath {
  readonly attr: AttributePath;
  /** The filter between `[` and `]`; its attribute paths are relative to `attr`. */
  readonly valueFilter?: Filter;
  /** The lower-cased sub-attribute after `]` (`emails[type eq "work"].value` -> `value`). */
  readonly subAttr?: string;
}

/** Reads one PATH from the parser (shared with the `attributes` list); the caller checks what follows. */
export function readPath(p: Parser): PatchPath {
  const word = p.next();
  if (word.kind !== 'word') p.fail(word.start, `expected an attribute path, found ${describe(word)}`);
  const attr = readAttrPath(word.text, word.start, 'path');
  if (p.peek().kind !== '[') return { attr };
  const tail = p.parseValuePathTail(attr, word);
  return { attr, valueFilter: tail.filter, ...(tail.subAttr !== undefined ? { subAttr: tail.subAttr } : {}) };
}

/**
 * Parses a PATCH path. A malformed path throws ScimError 400 `invalidPath`; a malformed filter
 * inside its brackets throws 400 `invalidFilter`, which RFC 7644 §3.12 (Table 9) lists for
 * "PATCH (Path Filter)". No other exception leaves this function.
 */
export function parsePatchPath(input: string): PatchPath {
  if (input.length > MAX_INPUT_LENGTH) {
    throw invalidPath(`Invalid path: longer than ${MAX_INPUT_LENGTH} characters`);
  }
  try {
    // A path comes from a JSON body, never from a URL: `+` is not a space here.
    const p = new Parser(new Lexer(input), 'path');
    if (p.peek().kind === 'eof') p.fail(0, 'empty path');
    const path = readPath(p);
    const t = p.peek();
    if (t.kind !== 'eof') p.fail(t.start, `expected end of path, found ${describe(t)}`);
    return path;
  } catch (e) {
    if (e instanceof SyntaxFault) {
      throw e.region === 'filter' ? invalidFilter(`Invalid filter in path ${e.describe()}`) : invalidPath(`Invalid path ${e.describe()}`);
    }
    throw e;
  }
}
