import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setScimSynchronization } from '../../src/core/directories.js';
import { addUserToGroup, getGroup, updateGroup } from '../../src/core/groups.js';
import { createUser, deleteUser, getUser, getUserIdByExternalId, updateUser, updateUserStatus } from '../../src/core/users.js';
import type { Provenance } from '../../src/core/provenance.js';
import { DIALECTS } from '../support/server.js';
import { createScimGroup, createScimUser, patchOp, scim, startScimTarget, USER_SCHEMA, type ScimTarget } from '../support/scim-harness.js';

/**
 * What SCIM provisioning looks like from CloudSSO's side (cloudsso-api.md §5.2): synchronized
 * users and groups, their external IDs, the lock while SCIM sync is on, the audit trail naming
 * the credential, and the Manual-user decision (docs/decisions/0011-scim-manual-user-conflict.md).
 */
const admin: Provenance = { via: 'management', actor: { type: 'access-key', id: 'LTAItest' } };

describe.each(DIALECTS)('the CloudSSO side of SCIM on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
  });
  afterAll(() => t?.close());
  const uniq = () => randomUUID().slice(0, 8);

  it('users created through SCIM are Synchronized with ExternalId {Id, Issuer: "SCIM"} and the mapped fields', async () => {
    const ext = `ext-${uniq()}`;
    const s = await createScimUser(t, `side-${uniq()}@example.com`, {
      externalId: ext,
      displayName: 'Side User',
      name: { givenName: 'Side', familyName: 'User' },
      emails: [
        { value: 'home@example.com', type: 'home' },
        { value: 'work@example.com', type: 'work', primary: true },
      ],
      active: false,
    });
    const u = await getUser(t.core, t.directoryId, s.id);
    expect(u).toMatchObject({
      userName: s.userName,
      displayName: 'Side User',
      firstName: 'Side',
      lastName: 'User',
      email: 'work@example.com',
      status: 'Disabled',
      provisionType: 'Synchronized',
      externalId: { id: ext, issuer: 'SCIM' },
    });
    expect(await getUserIdByExternalId(t.core, t.directoryId, { id: ext, issuer: 'SCIM' })).toBe(s.id);
  });

  it('groups created through SCIM are Synchronized', async () => {
    const g = await createScimGroup(t, `Side Group ${uniq()}`);
    expect(await getGroup(t.core, t.directoryId, g.id)).toMatchObject({ name: g.displayName, provisionType: 'Synchronized' });
  });

  it('while SCIM sync is on the management API may not update or delete synchronized users and groups or change memberships; status changes stay allowed; off, they are editable', async () => {
    const s = await createScimUser(t, `lock-${uniq()}@example.com`);
    const g = await createScimGroup(t, `lock-${uniq()}`);
    const m = await createUser(t.core, t.directoryId, { userName: `manual-${uniq()}` }, admin);
    await expect(updateUser(t.core, t.directoryId, s.id, { displayName: 'x' }, admin)).rejects.toMatchObject({ code: 'SynchronizedUserLocked' });
    await expect(deleteUser(t.core, t.directoryId, s.id, admin)).rejects.toMatchObject({ code: 'SynchronizedUserLocked' });
    await expect(updateGroup(t.core, t.directoryId, g.id, { description: 'x' }, admin)).rejects.toMatchObject({ code: 'SynchronizedGroupLocked' });
    await expect(addUserToGroup(t.core, t.directoryId, g.id, m.id, admin)).rejects.toMatchObject({ code: 'SynchronizedGroupLocked' });
    expect((await updateUserStatus(t.core, t.directoryId, s.id, 'Disabled', admin)).status).toBe('Disabled');
    await setScimSynchronization(t.core, t.directoryId, false);
    try {
      expect((await updateUser(t.core, t.directoryId, s.id, { displayName: 'edited' }, admin)).displayName).toBe('edited');
      await addUserToGroup(t.core, t.directoryId, g.id, m.id, admin);
      // And SCIM itself is refused while sync is off.
      const r = await scim(t, 'GET', '/Users');
      expect(r.status).toBe(401);
    } finally {
      await setScimSynchronization(t.core, t.directoryId, true);
    }
  });

  it('every SCIM write is recorded with the credential that made it, and the credential\'s last use is kept', async () => {
    const s = await createScimUser(t, `audit-${uniq()}@example.com`);
    await scim(t, 'PATCH', `/Users/${s.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'A' }));
    const g = await createScimGroup(t, `audit-${uniq()}`, [s.id]);
    await scim(t, 'DELETE', `/Groups/${g.id}`);
    const events = await t.core.store.audit.list(t.directoryId, 1000);
    const mine = events.filter((e) => e.resourceId === s.id || e.resourceId === g.id);
    expect(mine.map((e) => e.action).sort()).toEqual(['CreateGroup', 'CreateUser', 'DeleteGroup', 'UpdateUser', ...(mine.some((e) => e.action === 'ChangeGroupMembers') ? ['ChangeGroupMembers'] : [])].sort());
    for (const e of mine) expect(e).toMatchObject({ actorType: 'scim-credential', actorId: t.credentialId });
    expect(mine.every((e) => typeof e.requestId === 'string' && e.requestId.length > 0)).toBe(true);
    const cred = await t.core.store.scimCredentials.get(t.directoryId, t.credentialId);
    expect(cred!.lastUsedTime).toBeGreaterThan(0);
  });

  describe('a SCIM create meets a Manual user with the same userName (decision 0011)', () => {
    it('POST is 409 uniqueness and leaves the Manual user as it is', async () => {
      const name = `manual-${uniq()}@example.com`;
      const m = await createUser(t.core, t.directoryId, { userName: name, displayName: 'Made by hand' }, admin);
      const r = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: name, displayName: 'From IdP' });
      expect(r.status).toBe(409);
      expect(r.json.scimType).toBe('uniqueness');
      expect(r.json.detail).toMatch(/Manual/);
      expect(await getUser(t.core, t.directoryId, m.id)).toMatchObject({ displayName: 'Made by hand', provisionType: 'Manual' });
    });

    it('the IdP\'s userName filter finds the Manual user, and its first PATCH or PUT adopts it as Synchronized with the externalId', async () => {
      const name = `adopt-${uniq()}@example.com`;
      const m = await createUser(t.core, t.directoryId, { userName: name }, admin);
      const found = (await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`)).json;
      expect(found.Resources.map((x: any) => x.id)).toEqual([m.id]);
      const ext = `entra-${uniq()}`;
      const r = await scim(t, 'PATCH', `/Users/${m.id}`, patchOp({ op: 'Replace', path: 'externalId', value: ext }, { op: 'Replace', path: 'displayName', value: 'Adopted' }));
      expect(r.status).toBe(204);
      expect(await getUser(t.core, t.directoryId, m.id)).toMatchObject({ provisionType: 'Synchronized', externalId: { id: ext, issuer: 'SCIM' }, displayName: 'Adopted' });
      await expect(updateUser(t.core, t.directoryId, m.id, { displayName: 'x' }, admin)).rejects.toMatchObject({ code: 'SynchronizedUserLocked' });
    });

    it('a Manual user shows its Email as its work email and is found by an emails filter', async () => {
      const email = `manual.mail.${uniq()}@example.com`;
      const m = await createUser(t.core, t.directoryId, { userName: `mm-${uniq()}`, email, firstName: 'Man', lastName: 'Ual' }, admin);
      const got = (await scim(t, 'GET', `/Users/${m.id}`)).json;
      expect(got).toMatchObject({ emails: [{ value: email, type: 'work', primary: true }], name: { givenName: 'Man', familyName: 'Ual' }, active: true });
      const f = (await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`emails[type eq "work"].value eq "${email.toUpperCase()}"`)}`)).json;
      expect(f.Resources.map((x: any) => x.id)).toEqual([m.id]);
    });
  });
});
