import type { Kysely, Selectable } from 'kysely';
import type { Group, ProvisionType } from '../../core/model.js';
import type { GroupRepository } from '../../core/ports/directory-entities.js';
import { foldKey } from '../../core/text.js';
import type { Database, GroupRow } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';

export function toGroup(r: Selectable<GroupRow>): Group {
  return {
    id: r.id,
    directoryId: r.directory_id,
    name: r.name,
    description: r.description,
    provisionType: r.provision_type as ProvisionType,
    externalId: r.external_id,
    scim: r.scim === null ? null : (JSON.parse(r.scim) as Record<string, unknown>),
    version: Number(r.version),
    createTime: Number(r.create_time),
    updateTime: Number(r.update_time),
  };
}

export function groupRepository(db: Kysely<Database>): GroupRepository {
  return {
    async insert(g) {
      await db
        .insertInto('groups')
        .values({
          id: g.id,
          directory_id: g.directoryId,
          name: g.name,
          name_key: foldKey(g.name),
          description: g.description,
          provision_type: g.provisionType,
          external_id: g.externalId,
          scim: g.scim === null ? null : JSON.stringify(g.scim),
          version: g.version,
          create_time: g.createTime,
          update_time: g.updateTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async get(directoryId, id) {
      const r = await db
        .selectFrom('groups')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toGroup(r);
    },
    async count(directoryId) {
      const r = await db
        .selectFrom('groups')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('directory_id', '=', directoryId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
