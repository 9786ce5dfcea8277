/**
 * Attribute names: how a written key is chosen, and how the client's spelling of a path is
 * recovered after the parser lower-cased it.
 */
import { canonicalNames } from '../../scim-model/index.js';
import type { PatchPath } from '../filter/path.js';
import type { PathSpelling } from './types.js';
import { findKey, safeKey, type Doc } from './values.js';

/**
 * RFC 7643 §4.1, §4.2, §4.3, §3.1 and §2.4 names in their canonical case, from the attribute
 * catalogue. Entra writes `"Primary"`, `"Manager": {"Value": ...}`; a new attribute lands under the
 * RFC spelling when there is one.
 */
const CANONICAL = canonicalNames();

/**
 * The key to write `lowerName` under in `obj`: the existing key when there is one (the stored
 * document is canonical), else the RFC spelling, else the client's.
 */
export function keyFor(obj: Doc, lowerName: string, spelling: string): string {
  return findKey(obj, lowerName) ?? CANONICAL.get(lowerName) ?? safeKey(spelling);
}

/** Canonical spelling of a known name, or the name as given. */
export const canonicalName = (name: string): string => CANONICAL.get(name.toLowerCase()) ?? safeKey(name);

/**
 * The client's spelling of the parts of a path that `parsePatchPath` has already accepted. The
 * grammar is not re-parsed: the text is known to be `[URI ":"] NAME ["." SUB]` up to the first `[`
 * and `["." SUBATTR]` after the last `]`, so each part is sliced out and checked against the parse
 * result, which wins on any disagreement.
 */
export function spellPath(text: string, parsed: PatchPath): PathSpelling {
  const t = text.trim();
  const bracket = t.indexOf('[');
  const word = (bracket >= 0 ? t.slice(0, bracket) : t).trim();
  const colon = word.lastIndexOf(':');
  const [nameText = '', subText] = word.slice(colon + 1).split('.');
  const pick = (written: string | undefined, lower: string) => (written?.toLowerCase() === lower ? written : lower);
  const schema = parsed.attr.schema;
  const sub = parsed.attr.sub;
  let subAttrText: string | undefined;
  if (bracket >= 0) {
    const after = t.slice(t.lastIndexOf(']') + 1).trim();
    if (after.startsWith('.')) subAttrText = after.slice(1);
  }
  return {
    ...(schema !== undefined ? { schema: pick(colon >= 0 ? word.slice(0, colon) : undefined, schema) } : {}),
    name: pick(nameText, parsed.attr.name),
    ...(sub !== undefined ? { sub: pick(subText, sub) } : {}),
    ...(parsed.subAttr !== undefined ? { subAttr: pick(subAttrText, parsed.subAttr) } : {}),
  };
}
