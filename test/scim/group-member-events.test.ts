import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimGroup, createScimUser, patchOp, scim, startScimTarget, type ScimTarget } from '../support/scim-harness.js';
import { DIALECTS } from '../support/server.js';

/**
 * A member PATCH an IdP sends (one add, one remove) is written with its version bump and audit
 * row at once (decision 0207); its `group.members.changed` event and its audit row say exactly
 * who joined or left, as the general write path does.
 */
describe.each(DIALECTS)('the events of a SCIM member PATCH on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
    await t.core.store.webhooks.insertEndpoint(
      { endpointId: 'wh-memberevents000001', url: 'https://hooks.example.com/in', description: null, eventTypes: ['group.members.*'], status: 'Enabled', createTime: 1, updateTime: 1 },
      'sealed',
    );
  });
  afterAll(() => t?.close());

  const events = async (groupId: string) => {
    const rows = await t.node.server.runtime.db.db.selectFrom('webhook_events').select(['event_type', 'payload', 'create_time']).orderBy('create_time').orderBy('event_id').execute();
    return rows.map((r) => JSON.parse(r.payload) as { type: string; source: string; data: Record<string, any> }).filter((e) => e.data['groupId'] === groupId);
  };

  it('names exactly who joined or left, once each, and leaves one audit row per change', async () => {
    const [ann, ben] = [await createScimUser(t, 'events-ann'), await createScimUser(t, 'events-ben')];
    const g = await createScimGroup(t, 'events-group');
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: ann.id }, { value: ben.id }, { value: 'u-nosuchuser000000000001' }] }))).status).toBe(204);
    // Ann is a member already and Ben is not: only Ann leaves.
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'remove', path: 'members', value: [{ value: ann.id }, { value: 'u-nosuchuser000000000002' }] }))).status).toBe(204);
    // Nothing changes: no event, no audit row.
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: ben.id }] }))).status).toBe(204);

    const got = await events(g.id);
    expect(got.map((e) => ({ type: e.type, source: e.source, added: e.data['added'], removed: e.data['removed'] }))).toEqual([
      { type: 'group.members.changed', source: 'scim', added: { ids: [ann.id, ben.id].sort(), count: 2, truncated: false }, removed: { ids: [], count: 0, truncated: false } },
      { type: 'group.members.changed', source: 'scim', added: { ids: [], count: 0, truncated: false }, removed: { ids: [ann.id], count: 1, truncated: false } },
    ]);
    const audits = await t.node.server.runtime.db.db.selectFrom('audit_events').select(['action', 'actor_id']).where('resource_id', '=', g.id).where('action', '=', 'ChangeGroupMembers').execute();
    expect(audits).toEqual([
      { action: 'ChangeGroupMembers', actor_id: t.credentialId },
      { action: 'ChangeGroupMembers', actor_id: t.credentialId },
    ]);
    expect((await scim(t, 'GET', `/Groups/${g.id}`)).json.meta.version).toBe('W/"3"');
  });
});
