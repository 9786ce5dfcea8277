import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * The replay guard's store: a nonce is claimed by an insert that the unique key refuses for a
 * replay; a sighting whose window has passed is taken over by a conditional update. Nothing is
 * read first, so two nodes racing for one nonce cannot both win.
 */
const SQL = {
  sqlite: {
    insert: 'insert into "signature_nonces" ("nonce", "expire_time") values (?, ?)',
    takeOver: 'update "signature_nonces" set "expire_time" = ? where "nonce" = ? and "expire_time" <= ?',
    prune: 'delete from "signature_nonces" where "expire_time" <= ?',
  },
  postgres: {
    insert: 'insert into "signature_nonces" ("nonce", "expire_time") values ($1, $2)',
    takeOver: 'update "signature_nonces" set "expire_time" = $1 where "nonce" = $2 and "expire_time" <= $3',
    prune: 'delete from "signature_nonces" where "expire_time" <= $1',
  },
} as const;

describe.each(DIALECTS)('nonce repository on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);
  const sql = SQL[dialect];

  it('claims a fresh nonce with one insert', async () => {
    const { store, take } = capturing();
    take();
    expect(await store.nonces.claim('k:n1', 2_000, 1_000)).toBe(true);
    expect(take()).toEqual([{ sql: sql.insert, parameters: ['k:n1', 2_000] }]);
  });

  it('refuses a replay inside the window: the insert fails, the take-over matches no row', async () => {
    const { store, take } = capturing();
    take();
    expect(await store.nonces.claim('k:n1', 2_500, 1_500)).toBe(false);
    expect(take()).toEqual([
      { sql: sql.insert, parameters: ['k:n1', 2_500] },
      { sql: sql.takeOver, parameters: [2_500, 'k:n1', 1_500] },
    ]);
  });

  it('takes over a sighting whose window has passed, once', async () => {
    const { store } = capturing();
    expect(await store.nonces.claim('k:n1', 5_000, 2_000)).toBe(true);
    expect(await store.nonces.claim('k:n1', 5_000, 2_000)).toBe(false);
  });

  it('prunes only expired nonces', async () => {
    const { store, take } = capturing();
    expect(await store.nonces.claim('k:n2', 10_000, 2_000)).toBe(true);
    take();
    expect(await store.nonces.prune(6_000)).toBe(1);
    expect(take()).toEqual([{ sql: sql.prune, parameters: [6_000] }]);
    expect(await store.nonces.claim('k:n2', 12_000, 6_000)).toBe(false);
    expect(await store.nonces.claim('k:n1', 12_000, 6_000)).toBe(true);
  });
});
