/**
 * `filter` query parameter and `/.search` body (RFC 7644 §3.4.2.2, §3.4.3) -> the core Filter tree.
 */
import type { Filter } from '../../core/filter.js';
import { invalidFilter } from '../scim-error.js';
import { Lexer, MAX_INPUT_LENGTH } from './lexer.js';
import { Parser } from './parser.js';
import { SyntaxFault } from './syntax-fault.js';

/**
 * Parses a SCIM filter. Throws `ScimError` 400 `invalidFilter` (RFC 7644 §3.12) for any malformed,
 * too long (> 4096 characters) or too deeply nested (> 32 levels) input, never anything else.
 * `+` between tokens of a filter without white space is read as a space (see `plusAsSpace`).
 */
export function parseFilter(input: string): Filter {
  if (input.length > MAX_INPUT_LENGTH) {
    throw invalidFilter(`Invalid filter: longer than ${MAX_INPUT_LENGTH} characters`);
  }
  try {
    return new Parser(new Lexer(input, { plusAsSpace: true }), 'filter').parseFilterToEnd();
  } catch (e) {
    if (e instanceof SyntaxFault) throw invalidFilter(`Invalid filter ${e.describe()}`);
    throw e;
  }
}
