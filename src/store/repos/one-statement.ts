import type { Kysely } from 'kysely';
import type { OneStatementWrites } from '../../core/ports/store.js';
import { prepared } from '../prepared.js';
import type { Database } from '../schema.js';
import { isForeignKeyViolation, rethrowUnique } from '../unique-violation.js';
import { inColumnOrder, versionedUpdateQuery } from '../versioned-update.js';
import { lockedDirectory } from '../with-directory.js';
import { auditInsertFrom, auditValues, type AuditValue } from './audit.js';
import { boundedMemberWrite, memberWrite, toGroup } from './groups.js';
import { CREDENTIAL_COLUMNS, toCredential } from './scim-credentials.js';
import { provisioningsOfUser } from './user-provisioning.js';
import { changeColumns, toUser, USER_COLUMNS, userInsertWithinQuota, userValues, VALUE_COLUMNS } from './users.js';

/** How many of the create's values are the user's (`userValues`, then the audit row's). */
const USER_VALUES = VALUE_COLUMNS.length;

/**
 * `Store.oneStatement` on PostgreSQL: writes whose change and audit row are one statement,
 * committed on its own, so one round trip where their transaction takes four to six (begin, the
 * directory's lock, the change, what else it reads, the audit row, commit). The change is a
 * data-modifying WITH query, and the audit row is inserted from its RETURNING: no change, no row.
 * Data-modifying WITH queries run to completion within the statement whatever the outer query reads.
 */
export function oneStatementWrites(db: Kysely<Database>): OneStatementWrites {
  // The user is inserted as `users.insertWithinQuota` does (the directory's row locked, the quota
  // checked against the count its last writer committed), only while no webhook endpoint is
  // enabled (decision 0197).
  const createUser = prepared(db, 'postgres', 'oneStatement.createUser', (directoryId: string, quota: number, ...values: Array<string | number | null>) => {
    const user = values.slice(0, USER_VALUES);
    const audit = values.slice(USER_VALUES);
    return db
      .with('created', () => userInsertWithinQuota(db, 'postgres', directoryId, quota, user, { unlessWebhooks: true }))
      .with('recorded', (qc) => auditInsertFrom(qc, 'created', audit))
      .selectFrom('created')
      .select('id');
  });
  // The directory's row is locked first, as the transaction's `lockExisting` does, so the lock
  // order is the same as every other write of the directory's: the uncorrelated EXISTS is planned
  // as a one-time filter, evaluated before the credential's row is read or locked (the plan is
  // asserted in test/store/hot-query-plans.test.ts). A directory deleted meanwhile has no row to
  // lock: nothing is updated, nothing recorded.
  const setCredentialStatus = prepared(db, 'postgres', 'oneStatement.setSCIMCredentialStatus', (directoryId: string, id: string, status: string, ...audit: AuditValue[]) =>
    db
      .with('locked', (qc) => lockedDirectory(qc, directoryId))
      .with('updated', (qc) =>
        qc
          .updateTable('scim_credentials')
          .set({ status })
          .where('directory_id', '=', directoryId)
          .where('id', '=', id)
          .where((eb) => eb.exists(eb.selectFrom('locked').select('id')))
          .returning([...CREDENTIAL_COLUMNS]),
      )
      .with('recorded', (qc) => auditInsertFrom(qc, 'updated', audit))
      .selectFrom('updated')
      .selectAll(),
  );
  // A SCIM PUT or PATCH computed from the user read at a version (decision 0204): the directory's
  // row locked first, as setCredentialStatus does, the update only at that version and while no
  // endpoint listens and no provisioning follows the user. One text per column set, as
  // versionedUpdate's.
  const updateUser = (names: readonly string[]) =>
    prepared(db, 'postgres', `oneStatement.updateUser:${names.join(',')}`, (directoryId: string, id: string, version: number, updateTime: number, ...rest: Array<string | number | null>) => {
      const values = rest.slice(0, names.length);
      const audit = rest.slice(names.length);
      return db
        .with('locked', (qc) => lockedDirectory(qc, directoryId))
        .with('updated', () =>
          versionedUpdateQuery(db, 'users', names, { directoryId, id, updateTime, values, version })
            .where((eb) => eb.exists(eb.selectFrom('locked').select('id')))
            .where((eb) => eb.not(eb.exists(eb.selectFrom('webhook_endpoints as w').select('w.endpoint_id').where('w.status', '=', 'Enabled'))))
            .where((eb) => eb.not(eb.exists(provisioningsOfUser(db, directoryId, id))))
            .returning([...USER_COLUMNS]),
        )
        .with('recorded', (qc) => auditInsertFrom(qc, 'updated', audit))
        .selectFrom('updated')
        .selectAll();
    });
  // A SCIM member change computed from the group read without a lock (decision 0207).
  const membersAlone = (kind: 'add' | 'remove') =>
    prepared(db, 'postgres', `oneStatement.writeMembers:${kind}`, (directoryId: string, groupId: string, userIds: readonly string[], time: number, ...audit: AuditValue[]) =>
      memberWrite(db, kind, { directoryId, groupId, userIds, time }, audit, { alone: true }),
    );
  const addAlone = membersAlone('add');
  const removeAlone = membersAlone('remove');
  // An add with members' displays (Okta sends one with each member; decision 0208).
  const addAloneShown = prepared(
    db,
    'postgres',
    'oneStatement.writeMembers:add:displays',
    (directoryId: string, groupId: string, userIds: readonly string[], time: number, displays: string, ...audit: AuditValue[]) =>
      memberWrite(db, 'add', { directoryId, groupId, userIds, time }, audit, { alone: true, displays }),
  );
  return {
    async writeMembers(c, audit) {
      const shown = boundedMemberWrite(c);
      const values = auditValues(audit);
      // One row always: the group's columns null when no member joined or left.
      let row: (Awaited<ReturnType<typeof addAlone>>[number] & { readonly locked: boolean }) | undefined;
      try {
        const rows =
          c.kind === 'remove'
            ? await removeAlone(c.directoryId, c.groupId, c.userIds, c.time, ...values)
            : shown.length > 0
              ? await addAloneShown(c.directoryId, c.groupId, c.userIds, c.time, JSON.stringify(shown), ...values)
              : await addAlone(c.directoryId, c.groupId, c.userIds, c.time, ...values);
        [row] = rows as Array<NonNullable<typeof row>>;
      } catch (err) {
        // The group or an added user was deleted after the statement's snapshot: the transaction says what is left.
        if (isForeignKeyViolation(err)) return 'gave way';
        throw err;
      }
      if (!row || !row.locked || row.provisioned || row.webhooks) return 'gave way';
      if (row.id === null) return undefined;
      return { group: toGroup(row), userIds: row.changed_ids ?? [], provisioned: false, webhooks: false };
    },
    async createUser(u, quota, audit) {
      const created = await createUser(u.directoryId, quota, ...userValues(u), ...auditValues(audit)).catch(rethrowUnique);
      return created.length === 1;
    },
    async updateUser(directoryId, id, version, changes, updateTime, audit) {
      const { names, values } = inColumnOrder(changeColumns(changes));
      const [row] = await updateUser(names)(directoryId, id, version, updateTime, ...values, ...auditValues(audit)).catch(rethrowUnique);
      return row && toUser(row as Parameters<typeof toUser>[0]);
    },
    async setSCIMCredentialStatus(directoryId, id, status, audit) {
      const [row] = await setCredentialStatus(directoryId, id, status, ...auditValues(audit));
      return row && toCredential(row);
    },
  };
}
