import type { Kysely } from 'kysely';
import type { MetaRepository } from '../../core/ports/store.js';
import type { Database } from '../schema.js';

export function metaRepository(db: Kysely<Database>): MetaRepository {
  return {
    async get(name) {
      const r = await db.selectFrom('meta').select('value').where('name', '=', name).executeTakeFirst();
      return r?.value;
    },
    async setIfAbsent(name, value) {
      await db.insertInto('meta').values({ name, value }).onConflict((oc) => oc.column('name').doNothing()).execute();
      const r = await db.selectFrom('meta').select('value').where('name', '=', name).executeTakeFirstOrThrow();
      return r.value;
    },
  };
}
