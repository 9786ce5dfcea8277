import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRpc, fuzzScim, type FuzzStats } from '../support/fuzz.js';
import { pct, send, signV1 } from '../support/raw-request.js';
import { createScimGroup, createScimUser, startScimTarget, type ScimTarget } from '../support/scim-harness.js';
import { DIALECTS } from '../support/server.js';

/**
 * Issue 9, item 5: no input gets a 5xx. A fixed seed and a few hundred requests per edge keep this
 * to seconds in `npm test`; `BENCH_FUZZ_RUNS=100000 node --import tsx bench/fuzz.ts` runs the
 * same generators for longer.
 */
const SEED = 20260901;
const SCIM_RUNS = 150;
const RPC_RUNS = 100;

describe.each(DIALECTS)('fuzzing the edges on %s', (dialect) => {
  let t: ScimTarget;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await startScimTarget(dialect, { CLOUDSSO_MAX_DIRECTORIES: '3' });
    const users = await Promise.all(['fz-a', 'fz-b', 'fz-c'].map((n) => createScimUser(t, n, { emails: [{ value: `${n}@example.com`, primary: true }] })));
    const group = await createScimGroup(t, 'fz-g', [users[0].id]);
    ids.push(...users.map((u) => u.id), group.id);
  });
  afterAll(() => t?.close());

  it(`no generated SCIM request gets a 5xx (${SCIM_RUNS} requests, seed ${SEED})`, async () => {
    const stats: FuzzStats = { tried: 0, failures: [] };
    await fuzzScim(t, () => ids, { numRuns: SCIM_RUNS, seed: SEED }, stats);
    expect(stats.failures).toEqual([]);
    expect(stats.tried).toBe(SCIM_RUNS);
  });

  it(`no generated management API call gets a 5xx (${RPC_RUNS} requests, seed ${SEED})`, async () => {
    const stats: FuzzStats = { tried: 0, failures: [] };
    await fuzzRpc(t.node.url, t.node.rootKey, () => [t.directoryId, ...ids], { numRuns: RPC_RUNS, seed: SEED }, stats);
    expect(stats.failures).toEqual([]);
    expect(stats.tried).toBe(RPC_RUNS);
  });

  it('a NUL in any RPC parameter is 400 InvalidParameter.Encoding, before the AccessKey is looked up', async () => {
    const unauthenticated = await fetch(`${t.node.url}/?Action=ListDirectories&Version=2021-05-15&AccessKeyId=LTAI%00x&Signature=x&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n&Timestamp=${pct(new Date().toISOString())}`);
    expect(unauthenticated.status).toBe(400);
    expect(((await unauthenticated.json()) as { Code: string }).Code).toBe('InvalidParameter.Encoding');
    for (const method of ['GET', 'POST'] as const) {
      const signed = await send(t.node.url, signV1({ method, action: 'GetDirectory', key: t.node.rootKey, params: { DirectoryId: `${t.directoryId}\u0000` } }));
      expect({ method, status: signed.status, code: signed.json.Code }).toEqual({ method, status: 400, code: 'InvalidParameter.Encoding' });
      const ram = await send(t.node.url, signV1({ method, action: 'CreateUser', version: '2015-05-01', key: t.node.rootKey, params: { UserName: 'nul', DisplayName: 'a\u0000b' } }));
      expect({ method, status: ram.status, code: ram.json.Code }).toEqual({ method, status: 400, code: 'InvalidParameter.Encoding' });
    }
    const raw = await fetch(t.node.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListDirectories&AccessKeyId=LTAI\u0000x' });
    expect(raw.status).toBe(400);
  });
});
