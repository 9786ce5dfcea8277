import type { Kysely } from 'kysely';
import type { Store } from '../../core/ports/store.js';
import { prepared } from '../prepared.js';
import type { Database } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';
import { AUDIT_COLUMNS, auditValues } from './audit.js';
import { userInsertWithinQuota, userValues, VALUE_COLUMNS } from './users.js';

/** How many of the statement's values are the user's (`userValues`, then the audit row's). */
const USER_VALUES = VALUE_COLUMNS.length;

/**
 * `Store.createUserAlone` on PostgreSQL: a SCIM create's user and audit row in one statement,
 * committed on its own, so one round trip where the create's transaction takes four (begin, the
 * audit row with the endpoints read, the insert, commit). The user is inserted as
 * `users.insertWithinQuota` does (the directory's row locked, the quota checked against the
 * count its last writer committed), only while no webhook endpoint is enabled, and the audit row
 * is selected from the insert's RETURNING: no user, no row. The two inserts are data-modifying
 * WITH queries, which run to completion within the one statement whatever the outer query reads.
 */
export function createUserAlone(db: Kysely<Database>): NonNullable<Store['createUserAlone']> {
  const statement = prepared(db, 'postgres', 'scimCreate.createUserAlone', (directoryId: string, quota: number, ...values: Array<string | number | null>) => {
    const user = values.slice(0, USER_VALUES);
    const audit = values.slice(USER_VALUES);
    return db
      .with('created', () => userInsertWithinQuota(db, 'postgres', directoryId, quota, user, { unlessWebhooks: true }))
      .with('recorded', (qc) =>
        qc
          .insertInto('audit_events')
          .columns([...AUDIT_COLUMNS])
          .expression(qc.selectFrom('created').select((eb) => AUDIT_COLUMNS.map((c, i) => eb.val(audit[i]).as(c)))),
      )
      .selectFrom('created')
      .select('id');
  });
  return async (u, quota, audit) => {
    const created = await statement(u.directoryId, quota, ...userValues(u), ...auditValues(audit)).catch(rethrowUnique);
    return created.length === 1;
  };
}
