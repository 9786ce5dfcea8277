import { describe, expect, it } from 'vitest';
import type { CoreContext } from '../../src/core/context.js';
import { recordRamUserLogin } from '../../src/core/ram/users.js';
import { createStore } from '../../src/store/kysely-store.js';
import { ramUserRow } from '../support/management.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * GetUser's LastLoginDate moves at most once a minute (decision 0048); every signed call of a RAM
 * user records one. Within the minute after its own write a process sends no statement at all.
 */
describe.each(DIALECTS)("a RAM user's last login on %s", (dialect) => {
  const capturing = useCapturingStore(dialect);

  it('is written once a minute, with no statement in between; a process that did not write asks again', async () => {
    const { store, db, take } = capturing();
    await db.insertInto('ram_users').values(ramUserRow('ram-login1', 'login1')).execute();
    let now = 1_700_000_000_000;
    const t0 = now;
    const node = (s: typeof store) => ({ store: s, clock: { now: () => now } }) as unknown as CoreContext;
    const recorded = async () => Number((await db.selectFrom('ram_users').select('last_login_time').where('id', '=', 'ram-login1').executeTakeFirstOrThrow()).last_login_time);
    const updates = () => take().filter((st) => st.sql.startsWith('update')).length;
    const a = node(store);
    take();

    await recordRamUserLogin(a, 'ram-login1');
    expect([updates(), await recorded()]).toEqual([1, t0]);
    now = t0 + 59_999;
    await recordRamUserLogin(a, 'ram-login1');
    expect([updates(), await recorded()]).toEqual([0, t0]);
    now = t0 + 60_000;
    await recordRamUserLogin(a, 'ram-login1');
    expect([updates(), await recorded()]).toEqual([1, t0 + 60_000]);

    // A second node over the same database: its update finds the row fresh and writes nothing,
    // so it remembers nothing and asks again on its next call.
    const b = node(createStore(db, dialect));
    now = t0 + 60_001;
    await recordRamUserLogin(b, 'ram-login1');
    now = t0 + 60_002;
    await recordRamUserLogin(b, 'ram-login1');
    expect([updates(), await recorded()]).toEqual([2, t0 + 60_000]);
    // The clock gone back: nothing written, here or by the store's own condition.
    now = t0;
    await recordRamUserLogin(a, 'ram-login1');
    expect([updates(), await recorded()]).toEqual([0, t0 + 60_000]);
  });
});
