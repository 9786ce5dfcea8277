/**
 * `null` and `""` mean "unassigned" (RFC 7643 §2.5 for null). Entra's validator clears values with
 * `""` then `null` (SCIM_Null_Update_Test, SCIM_Update_Manager_Test: scim-ecosystem.md §2 row 8),
 * its POST /Users carries top-level nulls (row 12), and OneLogin's templates interpolate missing
 * values as `""` (row 40). Input (POST/PUT) and PATCH both drop such values, so `"title": ""`
 * creates no title and `replace title ""` clears it.
 */
export const isUnassigned = (v: unknown): boolean => v === null || v === '';
