/**
 * `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5, §3.9): a comma-separated
 * list of attribute names in "standard attribute notation" (§3.10).
 *
 * Each item is read with the PATCH path grammar, because the Microsoft collection sends the
 * non-RFC `attributes=emails[type eq "work"]` and expects the emails back: the bracket part is
 * parsed (so a comma inside its string literal does not split the list) and then dropped, the
 * item standing for `emails`. `emails[type eq "work"].value` stands for `emails.value`.
 * The `+`-as-space rule of the filter applies (`emails[type+eq+"work"]`); attribute names never
 * contain `+`, so it cannot change a valid list.
 *
 * Errors: RFC 7644 names no scimType for a bad `attributes` value. We answer 400 `invalidValue`
 * ("A required value was missing, or the value specified was not compatible with the operation"),
 * not `invalidFilter` (this is not a filter) nor `invalidPath` (which §3.12 reserves for PATCH).
 */
import type { AttributePath } from '../../core/filter.js';
import { invalidValue } from '../scim-error.js';
import { Lexer, MAX_INPUT_LENGTH } from './lexer.js';
import { describe, Parser } from './parser.js';
import { readPath } from './path.js';
import { SyntaxFault } from './syntax-fault.js';

/**
 * Parses an `attributes` / `excludedAttributes` value. An empty or blank value gives `[]` (the
 * caller treats it as if the parameter were absent). Throws ScimError 400 `invalidValue`.
 */
export function parseAttributeList(input: string): AttributePath[] {
  if (input.length > MAX_INPUT_LENGTH) {
    throw invalidValue(`Invalid attribute list: longer than ${MAX_INPUT_LENGTH} characters`);
  }
  try {
    const p = new Parser(new Lexer(input, { commas: true, plusAsSpace: true }), 'path');
    const out: AttributePath[] = [];
    if (p.peek().kind === 'eof') return out;
    for (;;) {
      const path = readPath(p);
      out.push(path.subAttr !== undefined ? { ...path.attr, sub: path.subAttr } : path.attr);
      const t = p.next();
      if (t.kind === 'eof') return out;
      if (t.kind !== ',') p.fail(t.start, `expected ',' or end of list, found ${describe(t)}`);
    }
  } catch (e) {
    if (e instanceof SyntaxFault) throw invalidValue(`Invalid attribute list ${e.describe()}`);
    throw e;
  }
}
