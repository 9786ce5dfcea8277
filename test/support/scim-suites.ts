import { resolve } from 'node:path';

/**
 * Where Microsoft's and Okta's SCIM test collections are: they live outside the repository, in
 * `../shared/scim-suites` beside the work tree (as in CI).
 */
export const SUITES = resolve(import.meta.dirname, '../../../shared/scim-suites');
