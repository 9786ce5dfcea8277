import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, failAfterAuditIn, snapshot } from '../support/audit.js';
import { createScimUser, GROUP_SCHEMA, patchOp, scim, startScimTarget, USER_SCHEMA, type Res, type ScimTarget } from '../support/scim-harness.js';
import { DIALECTS } from '../support/server.js';

/**
 * SCIM: every write an IdP makes (POST, PUT, PATCH, DELETE of users and groups, members and
 * passwords included) leaves exactly one audit row naming the credential and the request, in the
 * write's own transaction: with the server's store failing right after the audit insert, the
 * request fails and the database is exactly as it was.
 */
describe.each(DIALECTS)('SCIM audit trail on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
  });
  afterAll(() => t?.close());

  it('every write leaves exactly one audit row, in its own transaction', async () => {
    const handle = t.node.server.runtime.db;
    const other = await createScimUser(t, 'audit-other');
    const ids = { user: '', group: '' };
    interface Step {
      readonly name: string;
      readonly send: () => Promise<Res>;
      readonly ok: number;
      readonly grab?: (r: Res) => void;
      readonly action: string;
      readonly resource: () => ['user' | 'group', string];
    }
    const user = (): ['user', string] => ['user', ids.user];
    const group = (): ['group', string] => ['group', ids.group];
    const steps: Step[] = [
      { name: 'POST /Users', send: () => scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'audit-scim' }), ok: 201, grab: (r) => (ids.user = r.json.id), action: 'CreateUser', resource: user },
      { name: 'PUT /Users', send: () => scim(t, 'PUT', `/Users/${ids.user}`, { schemas: [USER_SCHEMA], userName: 'audit-scim', title: 'T' }), ok: 200, action: 'UpdateUser', resource: user },
      { name: 'PATCH /Users', send: () => scim(t, 'PATCH', `/Users/${ids.user}`, patchOp({ op: 'replace', path: 'displayName', value: 'A' })), ok: 204, action: 'UpdateUser', resource: user },
      { name: 'PATCH /Users password', send: () => scim(t, 'PATCH', `/Users/${ids.user}`, patchOp({ op: 'replace', path: 'password', value: 'Idp-Passw0rd!' })), ok: 204, action: 'UpdateUser', resource: user },
      {
        name: 'POST /Groups with members',
        send: () => scim(t, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'audit-scim', members: [{ value: ids.user }] }),
        ok: 201,
        grab: (r) => (ids.group = r.json.id),
        action: 'CreateGroup',
        resource: group,
      },
      { name: 'PATCH /Groups add member', send: () => scim(t, 'PATCH', `/Groups/${ids.group}`, patchOp({ op: 'add', path: 'members', value: [{ value: other.id }] })), ok: 204, action: 'ChangeGroupMembers', resource: group },
      { name: 'PATCH /Groups remove member', send: () => scim(t, 'PATCH', `/Groups/${ids.group}`, patchOp({ op: 'remove', path: `members[value eq "${other.id}"]` })), ok: 204, action: 'ChangeGroupMembers', resource: group },
      {
        name: 'PATCH /Groups rename and add member',
        send: () => scim(t, 'PATCH', `/Groups/${ids.group}`, patchOp({ op: 'replace', path: 'displayName', value: 'audit-scim-2' }, { op: 'add', path: 'members', value: [{ value: other.id }] })),
        ok: 204,
        action: 'UpdateGroup',
        resource: group,
      },
      { name: 'PUT /Groups', send: () => scim(t, 'PUT', `/Groups/${ids.group}`, { schemas: [GROUP_SCHEMA], displayName: 'audit-scim-3', members: [{ value: ids.user }] }), ok: 200, action: 'UpdateGroup', resource: group },
      { name: 'DELETE /Groups', send: () => scim(t, 'DELETE', `/Groups/${ids.group}`), ok: 204, action: 'DeleteGroup', resource: group },
      { name: 'DELETE /Users', send: () => scim(t, 'DELETE', `/Users/${ids.user}`), ok: 204, action: 'DeleteUser', resource: user },
    ];

    for (const step of steps) {
      const before = await snapshot(handle, { withFailedCalls: false });
      const seen = new Set((await auditRows(handle)).map((r) => r.id));
      const restore = failAfterAuditIn(t.core.store);
      let failed: Res;
      try {
        failed = await step.send();
      } finally {
        restore();
      }
      expect({ step: step.name, status: failed.status }).toEqual({ step: step.name, status: 500 });
      expect({ step: step.name, unchanged: (await snapshot(handle, { withFailedCalls: false })) === before }).toEqual({ step: step.name, unchanged: true });
      // The only trace of the failed write: the edge's record of the failed call, outside the write's transaction.
      expect((await auditRows(handle)).filter((e) => !seen.has(e.id)).map((e) => e.errorCode)).toEqual(['500']);

      const known = new Set((await auditRows(handle)).map((r) => r.id));
      const r = await step.send();
      expect({ step: step.name, status: r.status }).toEqual({ step: step.name, status: step.ok });
      step.grab?.(r);
      const added = (await auditRows(handle)).filter((e) => !known.has(e.id));
      const [resourceType, resourceId] = step.resource();
      expect(added.map((e) => ({ step: step.name, ...e }))).toMatchObject([
        { step: step.name, directoryId: t.directoryId, actorType: 'scim-credential', actorId: t.credentialId, action: step.action, resourceType, resourceId },
      ]);
      expect(added[0]!.requestId).toMatch(/\S/);
    }
  });
});
