import { describe, expect, it } from 'vitest';
import type { CoreContext } from '../../src/core/context.js';
import type { Store } from '../../src/core/ports/store.js';
import type { AuditedBy } from '../../src/core/provenance.js';
import { deleteSCIMServerCredential, updateSCIMServerCredentialStatus } from '../../src/core/scim-credentials.js';
import { createStore } from '../../src/store/kysely-store.js';
import { DIALECTS } from '../support/server.js';
import { rowLockState, useStoreDatabase, whileLockHeld } from '../support/store.js';

/**
 * UpdateSCIMServerCredentialStatus, the revocation path, on both dialects: the one statement of
 * PostgreSQL (`Store.oneStatement`, decision 0202) and SQLite's transaction answer alike, write one
 * audit row or none, and say which of the directory and the credential is missing. On PostgreSQL
 * the statement takes the directory's lock before the credential's, as every write of the
 * directory does, and sees what a writer it waited for committed.
 */
describe.each(DIALECTS)('one-statement writes on %s', (dialect) => {
  const database = useStoreDatabase(dialect);
  const now = 1_700_000_000_000;
  let clock = now;
  const by = (requestId: string): AuditedBy => ({ actor: { type: 'root', id: 'root' }, requestId }) as unknown as AuditedBy;

  async function seed(n: number): Promise<{ ctx: CoreContext; store: Store; directoryId: string; id: string }> {
    const store = createStore(database().db, database().dialect);
    const directoryId = `d-onestmt${String(n).padStart(4, '0')}`;
    const id = `scimcred-onestmt${n}`;
    await store.directories.insert({ id: directoryId, name: `one-statement-${n}`, region: 'cn-shanghai', scimSyncEnabled: true, createTime: now, updateTime: now });
    await store.scimCredentials.insert({ id, directoryId, status: 'Enabled', createTime: now, expireTime: now + 1e10, lastUsedTime: null }, `hash-onestmt-${n}`);
    return { ctx: { store, clock: { now: () => ++clock } } as unknown as CoreContext, store, directoryId, id };
  }

  const auditOf = async (store: Store, directoryId: string) => (await store.audit.list(directoryId, 100)).map((e) => `${e.action} ${e.requestId ?? ''}`);

  it('sets the status, returns the credential and records one audit row; the store has the one statement on PostgreSQL only', async () => {
    const { ctx, store, directoryId, id } = await seed(1);
    expect(store.oneStatement !== undefined).toBe(dialect === 'postgres');
    const disabled = await updateSCIMServerCredentialStatus(ctx, directoryId, id, 'Disabled', by('req-a'));
    expect(disabled).toEqual({ id, directoryId, status: 'Disabled', createTime: now, expireTime: now + 1e10, lastUsedTime: null });
    expect(await store.scimCredentials.get(directoryId, id)).toEqual(disabled);
    expect(await updateSCIMServerCredentialStatus(ctx, directoryId, id, 'Enabled', by('req-b'))).toMatchObject({ status: 'Enabled' });
    expect((await auditOf(store, directoryId)).sort()).toEqual(['UpdateSCIMServerCredentialStatus req-a', 'UpdateSCIMServerCredentialStatus req-b']);
  });

  it('says which is missing, the directory or the credential, and writes nothing', async () => {
    const { ctx, store, directoryId, id } = await seed(2);
    const other = await seed(3);
    const refused = (directory: string, credential: string) =>
      updateSCIMServerCredentialStatus(ctx, directory, credential, 'Disabled', by('req-refused')).then(
        () => 'written',
        (err: { code?: string }) => err.code,
      );
    expect(await refused('d-nosuchdir0001', id)).toBe('DirectoryNotFound');
    expect(await refused(directoryId, 'scimcred-nosuch')).toBe('SCIMCredentialNotFound');
    // Another directory's credential is not found in this one.
    expect(await refused(directoryId, other.id)).toBe('SCIMCredentialNotFound');
    expect(await store.scimCredentials.get(directoryId, id)).toMatchObject({ status: 'Enabled' });
    expect(await store.scimCredentials.get(other.directoryId, other.id)).toMatchObject({ status: 'Enabled' });
    expect(await auditOf(store, directoryId)).toEqual([]);
    expect(await auditOf(store, other.directoryId)).toEqual([]);
  });

  /**
   * A writer holding the directory's lock (`first`, in its transaction) until 100 ms after the
   * status change has started; `whileWaiting` runs in those 100 ms. Returns what happened, in order.
   */
  async function behindTheDirectoryLock(
    n: number,
    first: (tx: Store, s: { directoryId: string; id: string }) => Promise<void>,
    whileWaiting: (s: { directoryId: string; id: string }) => Promise<string>,
  ): Promise<{ order: string[]; store: Store; directoryId: string; id: string }> {
    const { ctx, store, directoryId, id } = await seed(n);
    const order: string[] = [];
    await whileLockHeld(
      store,
      async (tx) => {
        expect(await tx.directories.lockExisting(directoryId)).toBe(true);
      },
      () =>
        updateSCIMServerCredentialStatus(ctx, directoryId, id, 'Disabled', by('req-waiting')).then(
          (c) => order.push(`status set ${c.status}`),
          (err: { code?: string }) => order.push(`refused ${err.code}`),
        ),
      async (tx) => {
        await first(tx, { directoryId, id });
        order.push('first committed');
      },
      async () => {
        order.push(await whileWaiting({ directoryId, id }));
      },
    );
    return { order, store, directoryId, id };
  }

  it.runIf(dialect === 'postgres')('on PostgreSQL waits for the directory’s lock before it locks the credential, then sets the status over the holder’s', async () => {
    const { db } = database();
    const { order, store, directoryId, id } = await behindTheDirectoryLock(
      4,
      async (tx, s) => {
        await tx.scimCredentials.setStatus(s.directoryId, s.id, 'Enabled');
      },
      // While the status change waits, the credential's row is not locked by it.
      async (s) => `${await rowLockState(db, 'scim_credentials', s.id, 'credential')} while waiting`,
    );
    expect(order).toEqual(['credential free while waiting', 'first committed', 'status set Disabled']);
    expect(await store.scimCredentials.get(directoryId, id)).toMatchObject({ status: 'Disabled' });
    expect(await auditOf(store, directoryId)).toEqual(['UpdateSCIMServerCredentialStatus req-waiting']);
  });

  it.runIf(dialect === 'postgres')('on PostgreSQL a credential deleted while it waited is not found, and nothing is recorded for it', async () => {
    const { order, store, directoryId, id } = await behindTheDirectoryLock(
      5,
      async (tx, s) => {
        expect(await tx.scimCredentials.delete(s.directoryId, s.id)).toBe(true);
      },
      async () => 'waiting',
    );
    expect(order).toEqual(['waiting', 'first committed', 'refused SCIMCredentialNotFound']);
    expect(await store.scimCredentials.get(directoryId, id)).toBeUndefined();
    expect(await auditOf(store, directoryId)).toEqual([]);
  });

  it('status changes and a delete of one credential, at once: each either happened whole or was refused whole', async () => {
    const { ctx, store, directoryId, id } = await seed(6);
    const outcomes = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        updateSCIMServerCredentialStatus(ctx, directoryId, id, i % 2 === 0 ? 'Disabled' : 'Enabled', by(`req-race-${i}`)).then(
          () => `set req-race-${i}`,
          (err: { code?: string }) => `refused ${err.code}`,
        ),
      ),
      deleteSCIMServerCredential(ctx, directoryId, id, by('req-race-delete')).then(() => 'deleted'),
    ]);
    expect(outcomes).toContain('deleted');
    expect(outcomes.every((o) => /^(set req-race-\d|refused SCIMCredentialNotFound|deleted)$/.test(o))).toBe(true);
    const recorded = (await auditOf(store, directoryId)).sort();
    const written = outcomes.filter((o) => o.startsWith('set ')).map((o) => `UpdateSCIMServerCredentialStatus ${o.slice(4)}`);
    expect(recorded).toEqual(['DeleteSCIMServerCredential req-race-delete', ...written].sort());
    expect(await store.scimCredentials.get(directoryId, id)).toBeUndefined();
  });
});
