/**
 * Entra sends PATCH `op` as `Add`, `Replace`, `Remove` (scim-ecosystem.md §2 row 1; Microsoft's
 * tutorial: "Don't require a case-sensitive match"): the operation name is matched without case.
 */
export const patchOpName = (op: string): string => op.toLowerCase();
