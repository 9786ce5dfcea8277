import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Tag } from '../../core/model.js';
import type { TagRepository } from '../../core/ports/directory-entities.js';
import type { Database } from '../schema.js';

export function tagRepository(db: Kysely<Database>): TagRepository {
  // Order and compare keys bytewise on both databases (PostgreSQL's default collation may be a
  // locale's, which would sort `env` before `TestKey` where SQLite sorts it after).
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const tagKey = pg ? sql<string>`tag_key collate "C"` : sql<string>`tag_key`;
  const resourceId = pg ? sql<string>`resource_id collate "C"` : sql<string>`resource_id`;
  return {
    async forResources(directoryId, resourceIds) {
      const out = new Map<string, Tag[]>(resourceIds.map((id) => [id, []]));
      if (resourceIds.length === 0) return out;
      const rows = await db
        .selectFrom('tags')
        .select(['resource_id', 'tag_key', 'tag_value'])
        .where('directory_id', '=', directoryId)
        .where('resource_id', 'in', [...resourceIds])
        .orderBy(resourceId)
        .orderBy(tagKey)
        .execute();
      for (const r of rows) out.get(r.resource_id)?.push({ key: r.tag_key, value: r.tag_value });
      return out;
    },
    async set(directoryId, resourceType, resourceIds, tags) {
      if (resourceIds.length === 0 || tags.length === 0) return;
      await db
        .insertInto('tags')
        .values(
          resourceIds.flatMap((resource_id) =>
            tags.map((t) => ({ directory_id: directoryId, resource_type: resourceType, resource_id, tag_key: t.key, tag_value: t.value })),
          ),
        )
        .onConflict((oc) => oc.columns(['resource_id', 'tag_key']).doUpdateSet((eb) => ({ tag_value: eb.ref('excluded.tag_value') })))
        .execute();
    },
    async remove(directoryId, resourceIds, keys) {
      if (resourceIds.length === 0) return;
      let q = db.deleteFrom('tags').where('directory_id', '=', directoryId).where('resource_id', 'in', [...resourceIds]);
      if (keys !== undefined) {
        if (keys.length === 0) return;
        q = q.where('tag_key', 'in', [...keys]);
      }
      await q.execute();
    },
    async countForResource(directoryId, resourceId) {
      const r = await db
        .selectFrom('tags')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('directory_id', '=', directoryId)
        .where('resource_id', '=', resourceId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async list(directoryId, resourceType, q, page) {
      let sel = db
        .selectFrom('tags')
        .select(['resource_id', 'tag_key', 'tag_value'])
        .where('directory_id', '=', directoryId)
        .where('resource_type', '=', resourceType);
      if (q.resourceIds && q.resourceIds.length > 0) sel = sel.where('resource_id', 'in', [...q.resourceIds]);
      if (q.tags && q.tags.length > 0) {
        const tags = q.tags;
        sel = sel.where((eb) => eb.or(tags.map((t) => eb.and([eb('tag_key', '=', t.key), eb('tag_value', '=', t.value)]))));
      }
      if (page.after) {
        const a = page.after;
        sel = sel.where((eb) => eb.or([eb(resourceId, '>', a.resourceId), eb.and([eb('resource_id', '=', a.resourceId), eb(tagKey, '>', a.key)])]));
      }
      const rows = await sel.orderBy(resourceId).orderBy(tagKey).limit(page.limit).execute();
      return rows.map((r) => ({ resourceId: r.resource_id, key: r.tag_key, value: r.tag_value }));
    },
  };
}
