import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditRepository } from '../../core/ports/store.js';
import type { Database } from '../schema.js';

export function auditRepository(db: Kysely<Database>): AuditRepository {
  return {
    async record(e) {
      await db
        .insertInto('audit_events')
        .values({
          id: randomUUID(),
          directory_id: e.directoryId,
          time: e.time,
          actor_type: e.actorType,
          actor_id: e.actorId,
          action: e.action,
          resource_type: e.resourceType,
          resource_id: e.resourceId,
          request_id: e.requestId,
        })
        .execute();
    },
    async list(directoryId, limit) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .orderBy('time', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        directoryId: r.directory_id,
        time: Number(r.time),
        actorType: r.actor_type,
        actorId: r.actor_id,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        requestId: r.request_id,
      }));
    },
  };
}
