import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreContext } from '../../src/core/context.js';
import { createDirectory } from '../../src/core/directories.js';
import { SYSTEM } from '../../src/core/provenance.js';
import { inAccount } from '../../src/core/ram/common.js';
import { createRamUser } from '../../src/core/ram/users.js';
import { createResourceAccount, enableResourceDirectory } from '../../src/core/resource-directory.js';
import { listTasks } from '../../src/core/tasks.js';
import { createGroup } from '../../src/core/groups.js';
import { createUser } from '../../src/core/users.js';
import { createUserProvisioning, listUserProvisioningEvents, retryUserProvisioningEvent } from '../../src/core/user-provisioning/provisionings.js';
import { syncUserProvisioning } from '../../src/core/user-provisioning/sync.js';
import { coreOf } from '../support/management.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { whileLockHeld } from '../support/store.js';

/**
 * The synchronization task as a core function, on both databases, with the server's runner kept
 * idle (no kick, a poll of an hour): a task run twice (or rerun after dying mid-way) converges on
 * one RAM user; a failing run leaves one event; two retries of one event cannot run at once.
 */
describe.each(DIALECTS)('user provisioning in the core on %s', (dialect) => {
  let server: TestServer;
  let ctx: CoreContext;
  let directoryId: string;
  let accountId: string;
  beforeAll(async () => {
    server = await startTestServer(dialect, { taskPollMs: 3_600_000 });
    // Without `tasks`, nothing wakes the runner: the test runs the tasks itself.
    ctx = { ...coreOf(server), tasks: undefined };
    const caller = { ...SYSTEM, accountId: ctx.settings.accountId };
    await enableResourceDirectory(ctx, caller);
    accountId = (await createResourceAccount(ctx, caller, { displayName: 'Member' })).id;
    directoryId = (await createDirectory(ctx, { name: `upcore-${dialect}` })).id;
  });
  afterAll(() => server?.close());

  /** Claims the next due task as a runner would. */
  async function claim() {
    const now = Date.now();
    const task = await ctx.store.tasks.claim('test', now, now + 3_600_000);
    expect(task?.taskType).toBe('SyncUserProvisioning');
    return task!;
  }

  it('runs idempotently, records a failure once, and refuses a second concurrent retry', async () => {
    const hank = await createUser(ctx, directoryId, { userName: 'hank', displayName: 'Hank' }, SYSTEM);
    await createUserProvisioning(ctx, directoryId, { principalType: 'User', principalId: hank.id, targetId: accountId, duplicationStrategy: 'KeepBoth', deletionStrategy: 'Keep' }, SYSTEM);
    const task = await claim();
    // Run twice, as after a crash: one RAM user, the same one.
    await syncUserProvisioning({ store: ctx.store, ctx }, task);
    const first = await ctx.store.ram.getUserByName(accountId, 'hank');
    await syncUserProvisioning({ store: ctx.store, ctx }, task);
    expect(await ctx.store.ram.getUserByName(accountId, 'hank')).toEqual(first);
    expect((await ctx.store.ram.listUsers(accountId, undefined, 100)).items.map((u) => u.name)).toEqual(['hank']);
    await ctx.store.tasks.complete(task.taskId, 'test', { status: 'Success', endTime: Date.now(), failureReason: null });
    // Hidden from CloudSSO's task list.
    expect((await listTasks(ctx, directoryId, {}, { maxResults: 20 })).items).toEqual([]);

    // Both names KeepBoth would use are taken: the run fails, and leaves exactly one event.
    const member = inAccount(ctx, accountId);
    await createRamUser(member, { name: 'ivy' }, SYSTEM);
    await createRamUser(member, { name: 'ivy_sso' }, SYSTEM);
    const ivy = await createUser(ctx, directoryId, { userName: 'ivy' }, SYSTEM);
    const up = await createUserProvisioning(ctx, directoryId, { principalType: 'User', principalId: ivy.id, targetId: accountId, duplicationStrategy: 'KeepBoth', deletionStrategy: 'Keep' }, SYSTEM);
    const failing = await claim();
    await expect(syncUserProvisioning({ store: ctx.store, ctx }, failing)).rejects.toMatchObject({ code: 'RamUserNameTaken' });
    await ctx.store.tasks.complete(failing.taskId, 'test', { status: 'Failed', endTime: Date.now(), failureReason: 'x' });
    const events = (await listUserProvisioningEvents(ctx, directoryId, up.id, { maxResults: 10 })).items;
    expect(events.map((e) => [e.sourceType, e.errorCount, e.errorInfo])).toEqual([['StartProvisioning', 1, 'OperationConflict.UserProvisioning.Process.fail.ImsUserExists']]);

    // One retry at a time per event.
    await retryUserProvisioningEvent(ctx, directoryId, events[0]!.id, 'TakeOver', SYSTEM);
    await expect(retryUserProvisioningEvent(ctx, directoryId, events[0]!.id, undefined, SYSTEM)).rejects.toMatchObject({ code: 'TaskConflict' });
    const retry = await claim();
    await syncUserProvisioning({ store: ctx.store, ctx }, retry);
    await ctx.store.tasks.complete(retry.taskId, 'test', { status: 'Success', endTime: Date.now(), failureReason: null });
    expect((await listUserProvisioningEvents(ctx, directoryId, up.id, { maxResults: 10 })).items).toEqual([]);
    const mapped = await ctx.store.userProvisioning.ramUserOf(up.id, ivy.id);
    expect(mapped).toMatchObject({ origin: 'TakenOver', ramUserId: (await ctx.store.ram.getUserByName(accountId, 'ivy'))!.id });
  }, 120_000);

  it.runIf(dialect === 'postgres')('reads whom to synchronize under the directory\'s lock: a member added by the lock\'s holder is synchronized', async () => {
    const lena = await createUser(ctx, directoryId, { userName: 'lena' }, SYSTEM);
    const team = await createGroup(ctx, directoryId, { name: 'lena-team' }, SYSTEM);
    await createUserProvisioning(ctx, directoryId, { principalType: 'Group', principalId: team.id, targetId: accountId, duplicationStrategy: 'KeepBoth', deletionStrategy: 'Keep' }, SYSTEM);
    const task = await claim();
    // A member change holds the directory's lock while the provisioning's first run starts (as a
    // SCIM PATCH that waited for the provisioning's creation does, decision 0207).
    await whileLockHeld(
      ctx.store,
      async (tx) => {
        expect(await tx.directories.lockExisting(directoryId)).toBe(true);
        expect(await tx.groups.addMembers(directoryId, team.id, [lena.id], Date.now())).toEqual([lena.id]);
      },
      () => syncUserProvisioning({ store: ctx.store, ctx }, task),
      async () => undefined,
    );
    expect(await ctx.store.ram.getUserByName(accountId, 'lena')).toBeDefined();
  }, 120_000);
});
