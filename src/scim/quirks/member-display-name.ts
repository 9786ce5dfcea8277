/**
 * Microsoft's test collection adds group members as `{"displayName": "new User", "value": id}`
 * and reads "new User" back (scim-ecosystem.md §1.1 "Group PATCH"); RFC 7643 §4.2 calls the
 * sub-attribute `display`. Both spellings, in any case, are the member's display name, in a
 * POST/PUT body and in a PATCH value alike.
 */
type Doc = Record<string, unknown>;

/** The member under `lowerName`: that exact key first, else the first key equal to it without case. */
const get = (item: Doc, lowerName: string): unknown =>
  Object.hasOwn(item, lowerName) ? item[lowerName] : Object.entries(item).find(([k]) => k.toLowerCase() === lowerName)?.[1];

/** The display name a member object carries, if any. */
export function memberDisplay(item: Doc): string | undefined {
  const d = get(item, 'display') ?? get(item, 'displayname');
  return typeof d === 'string' && d !== '' ? d : undefined;
}
