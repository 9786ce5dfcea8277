import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/server.js';
import { createScimUser, startScimTarget, type ScimTarget } from '../support/scim-harness.js';
import { runCollection, SUITES } from '../support/newman.js';
import { SUITES_MISSING_MESSAGE, SUITES_PRESENT, suitesSkipped } from '../support/scim-suites.js';

/**
 * The two IdP conformance suites (CLOUDSSO_SCIM_SUITES_DIR, default ../shared/scim-suites; see
 * scripts/fetch-scim-suites.sh), run with newman against a fresh, empty directory on each store.
 * Absent suites skip these tests with a message, or fail them under CLOUDSSO_REQUIRE_SCIM_SUITES=1. Every assertion must pass; the only thing skipped is the
 * Microsoft collection's "Get Token" folder (a development-only endpoint of its reference server),
 * whose token we pass instead.
 */
const MICROSOFT_FOLDERS = [
  'Endpoint tests',
  'User tests',
  'Group tests',
  'ComplexAttribute tests',
  'User tests with garbage',
  'Group tests with garbage',
  'Teardown garbage',
];

const skipped = suitesSkipped();

describe.skipIf(SUITES_PRESENT || skipped)('SCIM conformance suites', () => {
  it('are present (CLOUDSSO_REQUIRE_SCIM_SUITES=1)', () => {
    expect.fail(SUITES_MISSING_MESSAGE);
  });
});

describe.skipIf(skipped).each(DIALECTS)('conformance on %s', (dialect) => {
  describe('Microsoft SCIMReferenceCode Postman collection', () => {
    let t: ScimTarget;
    beforeAll(async () => {
      t = await startScimTarget(dialect);
    });
    afterAll(() => t?.close());

    it('passes every assertion against a fresh, empty directory', async () => {
      const r = await runCollection({
        collection: join(SUITES, 'azuread-scimreferencecode.PostmanCollection.json'),
        environment: join(SUITES, 'local.postman_environment.json'),
        envVar: { Protocol: 'http', Server: '127.0.0.1', Port: `:${t.node.port}`, Api: 'scim/v2', token: t.token },
        folder: MICROSOFT_FOLDERS,
      });
      expect(r.requestErrors).toEqual([]);
      expect(r.failed).toEqual([]);
      // 76 requests and 103 assertions once "Get Token" is left out (scim-ecosystem.md §1.1).
      expect(r.requests).toBe(76);
      expect(r.assertions.length).toBe(103);
    }, 120_000);
  });

  describe('Okta SCIM 2.0 SPEC test', () => {
    let t: ScimTarget;
    beforeAll(async () => {
      t = await startScimTarget(dialect);
      // The SPEC test reads one existing user first ("Test Users endpoint").
      await createScimUser(t, 'seeded.user@example.com', {
        name: { givenName: 'Seeded', familyName: 'User' },
        emails: [{ value: 'seeded.user@example.com', type: 'work', primary: true }],
      });
    });
    afterAll(() => t?.close());

    it('passes every assertion', async () => {
      const r = await runCollection({
        collection: join(SUITES, 'okta-scim20-spec-test.postman_collection.json'),
        envVar: { SCIMBaseURL: t.base, auth: `Bearer ${t.token}` },
      });
      expect(r.requestErrors).toEqual([]);
      expect(r.failed).toEqual([]);
      expect(r.requests).toBe(12);
      expect(r.assertions.length).toBe(52);
    }, 120_000);
  });
});
