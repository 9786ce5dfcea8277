import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where Microsoft's and Okta's SCIM test collections are: `CLOUDSSO_SCIM_SUITES_DIR`, else
 * `../shared/scim-suites` beside the repository. They are not part of the repository;
 * `bash scripts/fetch-scim-suites.sh` puts them there (pinned commits, checked SHA-256).
 */
const REPO = resolve(import.meta.dirname, '../..');
export const SUITES = resolve(process.env['CLOUDSSO_SCIM_SUITES_DIR'] || join(REPO, '../shared/scim-suites'));

export const SUITE_FILES = [
  'azuread-scimreferencecode.PostmanCollection.json',
  'local.postman_environment.json',
  'okta-scim20-spec-test.postman_collection.json',
] as const;

/** True when every collection the conformance tests run is present. */
export const SUITES_PRESENT = SUITE_FILES.every((f) => existsSync(join(SUITES, f)));

/**
 * With CLOUDSSO_REQUIRE_SCIM_SUITES=1 (set by .ci/run) missing suites fail the run instead of
 * being skipped.
 */
export const SUITES_REQUIRED = process.env['CLOUDSSO_REQUIRE_SCIM_SUITES'] === '1';

export const SUITES_MISSING_MESSAGE =
  `SCIM conformance suites not found in ${SUITES}; their tests are skipped. ` +
  'Get them with `bash scripts/fetch-scim-suites.sh` (downloads from the public repositories at pinned commits and checks SHA-256), ' +
  'or set CLOUDSSO_SCIM_SUITES_DIR to a folder that holds them.';

/** Skip (with a message saying how to get them) when the suites are absent, unless they are required. */
export function suitesSkipped(): boolean {
  if (SUITES_PRESENT || SUITES_REQUIRED) return false;
  process.stderr.write(`${SUITES_MISSING_MESSAGE}\n`);
  return true;
}
