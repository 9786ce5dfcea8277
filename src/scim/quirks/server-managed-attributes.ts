/**
 * Entra's POST /Users carries a read-only `meta: {"resourceType": "User"}` (scim-ecosystem.md §2
 * row 12), OneLogin's templates send `"id": null` and `meta` (row 40), and bodies list whatever
 * `schemas` the IdP likes (rows 12, 13, 40). The server manages these: what a client sends for
 * them is dropped, never an error. A POST/PUT body drops `id` too; PATCH treats `id` as read-only
 * instead (Okta's rename sends the group's own `id`, row 32: a no-op when unchanged).
 */
export const IGNORED_IN_PATCH: ReadonlySet<string> = new Set(['meta', 'schemas']);
export const IGNORED_ON_INPUT: ReadonlySet<string> = new Set([...IGNORED_IN_PATCH, 'id']);
