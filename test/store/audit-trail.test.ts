import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type MigrationProvider } from 'kysely';
import { describe, expect, it } from 'vitest';
import { lookupEvents, pruneAuditTrail } from '../../src/core/audit-trail.js';
import type { CoreContext } from '../../src/core/context.js';
import { createSecretBox } from '../../src/core/secret-box.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore } from '../../src/store/kysely-store.js';
import { createTestDatabase } from '../support/postgres.js';
import { DIALECTS } from '../support/server.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/**
 * The audit trail's store: events written before migration 0050 read back with the service and
 * event name their action implied; retention deletes exactly the events past it, in batches.
 */
describe.each(DIALECTS)('audit trail store on %s', (dialect) => {
  async function open() {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsso-audit-'));
    const pg = dialect === 'postgres' ? await createTestDatabase() : undefined;
    const handle = pg ? openDatabase({ postgresUrl: pg.url }) : openDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    const provider: MigrationProvider = { getMigrations: async () => migrations };
    const migrator = new Migrator({ db: handle.db, provider });
    let now = T0;
    const store = createStore(handle.db, handle.dialect);
    const ctx = { store, clock: { now: () => now }, secretBox: createSecretBox('audit-test-master-key') } as unknown as CoreContext;
    return {
      handle,
      migrator,
      store,
      ctx,
      setNow: (t: number) => (now = t),
      async close() {
        await handle.close();
        await pg?.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  it('reads events written before 0050 with the service and event name their action implied', async () => {
    const t = await open();
    try {
      const before = await t.migrator.migrateTo('0004-directory-counters');
      expect(before.error).toBeUndefined();
      const legacy = (id: string, action: string, actor_type: string) => ({
        id,
        directory_id: null,
        time: T0,
        actor_type,
        actor_id: `${actor_type}-id`,
        action,
        resource_type: 'user',
        resource_id: 'u-1',
        request_id: null,
      });
      await t.handle.db
        .insertInto('audit_events')
        .values([legacy('e1', 'ram:CreateUser', 'access-key'), legacy('e2', 'CreateUser', 'scim-credential'), legacy('e3', 'DeleteGroup', 'access-key')])
        .execute();
      expect((await t.migrator.migrateToLatest()).error).toBeUndefined();
      const events = await t.store.audit.lookup({ startTime: T0 - DAY, endTime: T0 + DAY, where: {}, direction: 'FORWARD', limit: 10 });
      expect(events.map((e) => [e.eventId, e.serviceName, e.eventName, e.eventRW, e.request?.accessKeyId])).toEqual([
        ['e1', 'ram', 'CreateUser', 'Write', 'access-key-id'],
        ['e2', 'scim', 'CreateUser', 'Write', 'scim-credential-id'],
        ['e3', 'cloudsso', 'DeleteGroup', 'Write', 'access-key-id'],
      ]);
      const byKey = await t.store.audit.lookup({ startTime: 0, endTime: T0 + DAY, where: { accessKeyId: 'scim-credential-id' }, direction: 'BACKWARD', limit: 10 });
      expect(byKey.map((e) => e.eventId)).toEqual(['e2']);
    } finally {
      await t.close();
    }
  });

  it('prunes exactly the events older than the retention period, in batches, and keeps everything at 0 days', async () => {
    const t = await open();
    try {
      expect((await t.migrator.migrateToLatest()).error).toBeUndefined();
      // 2,500 events a day apart in blocks: 2,100 older than 30 days, 400 within.
      const rows = Array.from({ length: 2500 }, (_, i) => ({
        id: `e-${String(i).padStart(5, '0')}`,
        directory_id: null,
        time: i < 2100 ? T0 - 40 * DAY + i : T0 - 10 * DAY + i,
        actor_type: 'access-key',
        actor_id: 'k',
        action: 'CreateUser',
        resource_type: 'user',
        resource_id: null,
        request_id: null,
      }));
      for (let i = 0; i < rows.length; i += 500) await t.handle.db.insertInto('audit_events').values(rows.slice(i, i + 500)).execute();
      t.setNow(T0);
      expect(await pruneAuditTrail(t.ctx, 0)).toBe(0);
      expect(await pruneAuditTrail(t.ctx, 30)).toBe(2100);
      const left = await t.handle.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(left.n)).toBe(400);
      expect(await pruneAuditTrail(t.ctx, 30)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('pages events that share a millisecond by ID, and binds the NextToken to its query', async () => {
    const t = await open();
    try {
      expect((await t.migrator.migrateToLatest()).error).toBeUndefined();
      for (let i = 0; i < 7; i++) {
        await t.store.audit.record({ directoryId: null, time: T0, actorType: 'access-key', actorId: 'k', action: 'UpdateUser', resourceType: 'user', resourceId: `u-${i}`, requestId: null });
      }
      const q = { startTime: T0, endTime: T0, where: {}, direction: 'BACKWARD' as const, maxResults: 3, queryKey: 'q' };
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await lookupEvents(t.ctx, { ...q, nextToken: token });
        seen.push(...page.events.map((e) => e.resourceId!));
        token = page.nextToken;
      } while (token);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      const first = await lookupEvents(t.ctx, q);
      await expect(lookupEvents(t.ctx, { ...q, queryKey: 'other', nextToken: first.nextToken })).rejects.toMatchObject({ code: 'InvalidNextToken' });
    } finally {
      await t.close();
    }
  });
});
