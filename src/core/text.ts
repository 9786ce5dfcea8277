/**
 * The case-insensitive key of a name: Unicode compatibility normalization, then full Unicode
 * lower-casing. Stored beside the value so that uniqueness and `eq`/`sw` comparisons are
 * case-insensitive in every database alike (SQLite's lower() folds ASCII only).
 */
export function foldKey(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

export function foldKeyOrNull(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : foldKey(value);
}
