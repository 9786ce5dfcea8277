import { describe, expect, it } from 'vitest';
import type { Directory } from '../../src/core/model.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

const dir = (id: string, name: string): Directory => ({ id, name, region: 'cn-shanghai', scimSyncEnabled: false, createTime: 1_000, updateTime: 1_000 });

/**
 * Directories: the row every write locks first (PostgreSQL `FOR UPDATE`; SQLite's writes are
 * serial, so no statement at all), and the contents check DeleteDirectory makes from the
 * trigger-kept counters rather than by counting users and groups.
 */
describe.each(DIALECTS)('directory repository on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);
  const p = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');

  it('inserts, reads, renames and lists directories; a duplicate name is refused as a domain error', async () => {
    const { store } = capturing();
    await store.directories.insert(dir('d-a', 'alpha'));
    await store.directories.insert(dir('d-b', 'beta'));
    await expect(store.directories.insert(dir('d-c', 'alpha'))).rejects.toMatchObject({ code: 'DirectoryNameTaken' });
    await store.directories.rename('d-b', 'gamma', 2_000);
    expect(await store.directories.get('d-b')).toEqual({ ...dir('d-b', 'gamma'), updateTime: 2_000 });
    expect(await store.directories.get('d-missing')).toBeUndefined();
    expect((await store.directories.list()).map((d) => d.name)).toEqual(['alpha', 'gamma']);
    expect(await store.directories.count()).toBe(2);
  });

  it('locks the directory row only where the database needs it', async () => {
    const { store, take } = capturing();
    take();
    await store.transaction((tx) => tx.directories.lock('d-a'));
    const statements = take().map((s) => s.sql);
    if (dialect === 'postgres') {
      expect(statements).toContain('select "id" from "directories" where "id" = $1 for update');
    } else {
      expect(statements.filter((s) => s.includes('directories'))).toEqual([]);
    }
  });

  it('tells its contents from the kept counters and the credentials, in one statement', async () => {
    const { store, take } = capturing();
    take();
    expect(await store.directories.contents('d-a')).toEqual({ users: 0, groups: 0, scimCredentials: 0 });
    expect(take()).toEqual([
      {
        sql:
          `select "user_count", "group_count", (select count(*) as "n" from "scim_credentials" where "directory_id" = ${p(1)}) as "credentials" ` +
          `from "directories" where "id" = ${p(2)}`,
        parameters: ['d-a', 'd-a'],
      },
    ]);
    expect(await store.directories.contents('d-missing')).toEqual({ users: 0, groups: 0, scimCredentials: 0 });
  });

  it('switches SCIM synchronization and keeps settings as a document', async () => {
    const { store } = capturing();
    await store.directories.setScimSync('d-a', true, 3_000);
    expect(await store.directories.get('d-a')).toMatchObject({ scimSyncEnabled: true, updateTime: 3_000 });
    await store.directories.setSettings('d-a', { passwordPolicy: { minLength: 12 } });
    expect(await store.directories.getSettings('d-a')).toEqual({ passwordPolicy: { minLength: 12 } });
    expect(await store.directories.getSettings('d-missing')).toEqual({});
    await store.directories.delete('d-b');
    expect(await store.directories.get('d-b')).toBeUndefined();
  });
});
