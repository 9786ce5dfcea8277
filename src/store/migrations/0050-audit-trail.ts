import { sql, type Kysely } from 'kysely';

/**
 * The audit trail becomes readable through ActionTrail's LookupEvents: each event gains what an
 * ActionTrail event shows (docs/decisions/0055-audit-trail.md). Every column is nullable, so rows
 * written before, and writers that know only the original fields, stay valid. Old rows get the
 * service and event name their action already implied.
 */
const COLUMNS = [
  'service_name',
  'event_name',
  'event_rw',
  'api_version',
  'source_ip',
  'user_agent',
  'access_key_id',
  'principal_type',
  'principal_id',
  'principal_name',
  'request_parameters',
  'error_code',
  'error_message',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) await db.schema.alterTable('audit_events').addColumn(column, 'text').execute();
  await sql`update audit_events set
      service_name = case when action like 'ram:%' then 'ram' when actor_type = 'scim-credential' then 'scim' else 'cloudsso' end,
      event_name = case when action like 'ram:%' then substr(action, 5) else action end,
      event_rw = 'Write',
      access_key_id = actor_id,
      principal_id = actor_id`.execute(db);
  // LookupEvents reads newest first within a time range, optionally by one attribute; retention
  // deletes by time alone.
  await db.schema.createIndex('audit_events_time_ix').on('audit_events').columns(['time', 'id']).execute();
  await db.schema.createIndex('audit_events_key_ix').on('audit_events').columns(['access_key_id', 'time']).execute();
  await db.schema.createIndex('audit_events_name_ix').on('audit_events').columns(['event_name', 'time']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const ix of ['audit_events_time_ix', 'audit_events_key_ix', 'audit_events_name_ix']) await db.schema.dropIndex(ix).execute();
  for (const column of COLUMNS) await db.schema.alterTable('audit_events').dropColumn(column).execute();
}
