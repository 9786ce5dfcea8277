import type { Filter } from '../../../core/filter.js';

/**
 * The management API's `Filter` parameter (ListUsers, ListGroups): `<Attribute> <Operator> <Value>`,
 * for example `UserName sw test` (cloudsso-api.md §3.3/§3.4). Keywords and the attribute name are
 * case-insensitive; the value may be bare (`testuser`) or quoted (`"test user"`, `'x'`, with `\`
 * escaping the quote and itself). Values compare case-insensitively too: the store's key columns
 * are case-folded. The result is the protocol-neutral filter tree the SCIM edge also produces, so
 * both reach the store through the same query path.
 *
 * A tiny tokenizer, then a three-token grammar: no splitting on spaces, so a quoted value may
 * hold any character and an error can say where it went wrong.
 */
export interface FilterAttribute {
  /** As the docs spell it: `UserName`, `GroupName`. */
  readonly wireName: string;
  /** The core filter attribute it means (`username`, `displayname`). */
  readonly coreName: string;
}

export const USER_FILTER: FilterAttribute = { wireName: 'UserName', coreName: 'username' };
export const GROUP_FILTER: FilterAttribute = { wireName: 'GroupName', coreName: 'displayname' };

export type FilterParseResult = { readonly ok: true; readonly filter: Filter } | { readonly ok: false; readonly reason: string };

/** Longest value accepted (a user name has at most 64 characters, a group name 128). */
export const MAX_FILTER_VALUE = 256;

type Token = { readonly kind: 'word' | 'quoted'; readonly text: string; readonly at: number };

function tokenize(input: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length) return `the quoted value starting at position ${at + 1} is not closed`;
        const d = input.charAt(i);
        if (d === '\\') {
          const next = input[i + 1];
          if (next !== c && next !== '\\') return `"\\" at position ${i + 1} may only escape ${c} or \\`;
          text += next;
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          text += d;
          i++;
        }
      }
      if (i < input.length && input[i] !== ' ' && input[i] !== '\t') return `expected a space after the quoted value at position ${i + 1}`;
      tokens.push({ kind: 'quoted', text, at });
      continue;
    }
    let text = '';
    while (i < input.length && input[i] !== ' ' && input[i] !== '\t') {
      if (input[i] === '"' || input[i] === "'") return `unexpected quote at position ${i + 1}: quote the whole value`;
      text += input[i];
      i++;
    }
    tokens.push({ kind: 'word', text, at });
  }
  return tokens;
}

export function parseManagementFilter(input: string, attribute: FilterAttribute): FilterParseResult {
  const fail = (reason: string): FilterParseResult => ({ ok: false, reason });
  const expected = `expected "${attribute.wireName} eq <value>" or "${attribute.wireName} sw <value>"`;
  const tokens = tokenize(input);
  if (typeof tokens === 'string') return fail(tokens);
  const [attr, op, value, extra] = tokens;
  if (!attr) return fail(`the filter is empty: ${expected}`);
  if (attr.kind !== 'word' || attr.text.toLowerCase() !== attribute.wireName.toLowerCase()) {
    return fail(`only the attribute ${attribute.wireName} can be filtered on (got ${JSON.stringify(attr.text)})`);
  }
  if (!op) return fail(`the operator is missing: ${expected}`);
  const opName = op.kind === 'word' ? op.text.toLowerCase() : '';
  if (opName !== 'eq' && opName !== 'sw') return fail(`only the operators eq and sw are supported (got ${JSON.stringify(op.text)})`);
  if (!value) return fail(`the value is missing: ${expected}`);
  if (value.text.length === 0) return fail('the value must not be empty');
  if (value.text.length > MAX_FILTER_VALUE) return fail(`the value must be at most ${MAX_FILTER_VALUE} characters`);
  if (extra) {
    return fail(`unexpected ${JSON.stringify(extra.text)} at position ${extra.at + 1}: one condition only, and quote a value that contains spaces`);
  }
  return { ok: true, filter: { op: opName, attr: { name: attribute.coreName }, value: value.text } };
}
