import type { Kysely } from 'kysely';
import type { NonceRepository } from '../../core/ports/store.js';
import type { Dialect } from '../db.js';
import { batcher } from '../batcher.js';
import { namedStatement } from '../prepared.js';
import { pruneInBatches } from '../prune.js';
import type { Database } from '../schema.js';

/** At most this many claims share one statement (two parameters at most, whatever the size). */
export const NONCE_BATCH_LIMIT = 500;

/** Expired nonces are deleted this many at a time, so a backlog never holds the write lock for long. */
export const NONCE_PRUNE_BATCH = 1000;

interface Claim {
  readonly nonce: string;
  readonly expireTime: number;
  readonly now: number;
  resolve(fresh: boolean): void;
  reject(err: unknown): void;
}

/**
 * The replay guard's table (docs/decisions/0140, 0191). Claims are committed in groups: those
 * arriving while a group is being written wait for it and then go together in the next one, as
 * one `INSERT ... ON CONFLICT (nonce) DO NOTHING RETURNING nonce` (one statement, so its own
 * short transaction on SQLite). No timer delays a claim: a group is flushed on the next turn of
 * the event loop, and at most one is in flight. A nonce the insert did not take was seen before;
 * if that sighting has expired, a conditional `UPDATE` takes it over, exactly as a single claim
 * always did. Within a group a nonce is won at most once; between nodes the unique key decides.
 */
export function nonceRepository(db: Kysely<Database>, dialect: Dialect): NonceRepository {
  // Two SQL texts whatever the group's size (one row; many, as one JSON or two array parameters),
  // written here once, so no statement is built per claim, and named: on PostgreSQL each is
  // parsed and planned once per connection, not on every signed call.
  const insertOne = namedStatement(
    `insert into "signature_nonces" ("nonce", "expire_time") values (${dialect === 'postgres' ? '$1, $2' : '?, ?'}) on conflict ("nonce") do nothing returning "nonce"`,
  );
  const insertMany = namedStatement(
    dialect === 'postgres'
      ? 'insert into "signature_nonces" ("nonce", "expire_time") select * from unnest($1::text[], $2::bigint[]) on conflict ("nonce") do nothing returning "nonce"'
      : // `where true` keeps SQLite from reading ON CONFLICT as a join's ON.
        'insert into "signature_nonces" ("nonce", "expire_time") select value ->> 0, value ->> 1 from json_each(?) where true on conflict ("nonce") do nothing returning "nonce"',
  );
  const insertGroup = async (rows: ReadonlyArray<{ nonce: string; expireTime: number }>): Promise<Set<string>> => {
    const [only] = rows;
    const [query, parameters] =
      rows.length === 1 && only
        ? [insertOne, [only.nonce, only.expireTime]]
        : dialect === 'postgres'
          ? [insertMany, [rows.map((r) => r.nonce), rows.map((r) => r.expireTime)]]
          : [insertMany, [JSON.stringify(rows.map((r) => [r.nonce, r.expireTime]))]];
    const { rows: inserted } = await db.executeQuery<{ nonce: string }>({ ...query, parameters });
    return new Set(inserted.map((r) => r.nonce));
  };

  // Seen before. If that sighting has expired, the nonce is outside the replay window: take it over.
  const takeOver = async (c: Claim): Promise<boolean> => {
    const r = await db
      .updateTable('signature_nonces')
      .set({ expire_time: c.expireTime })
      .where('nonce', '=', c.nonce)
      .where('expire_time', '<=', c.now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  };

  const write = async (group: readonly Claim[]): Promise<boolean[]> => {
    const first = new Map<string, Claim>();
    for (const c of group) if (!first.has(c.nonce)) first.set(c.nonce, c);
    const inserted = await insertGroup([...first.values()]);
    const won = new Set<string>();
    const fresh: boolean[] = [];
    for (const c of group) {
      if (won.has(c.nonce)) {
        fresh.push(false); // the same nonce twice in one group: the first claim has it
      } else if (inserted.has(c.nonce) || (await takeOver(c))) {
        won.add(c.nonce);
        fresh.push(true);
      } else {
        fresh.push(false);
      }
    }
    return fresh;
  };

  // Claims that arrive while a group is written wait for it and go together in the next one.
  const submit = batcher(NONCE_BATCH_LIMIT, async (group: Claim[]) => {
    try {
      const fresh = await write(group);
      group.forEach((c, i) => c.resolve(fresh[i] === true));
    } catch (err) {
      // Every claim of the group fails with the store's error: the requests answer it, none hangs.
      for (const c of group) c.reject(err);
    }
  });

  return {
    claim(nonce, expireTime, now) {
      return new Promise<boolean>((resolve, reject) => submit({ nonce, expireTime, now, resolve, reject }));
    },
    async prune(now) {
      return pruneInBatches(() =>
        db
          .deleteFrom('signature_nonces')
          .where('nonce', 'in', db.selectFrom('signature_nonces').select('nonce').where('expire_time', '<=', now).limit(NONCE_PRUNE_BATCH))
          .executeTakeFirst(),
        NONCE_PRUNE_BATCH,
      );
    },
  };
}
