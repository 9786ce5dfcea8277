import { sql, type Expression, type ExpressionBuilder, type Kysely, type QueryCreator, type Selectable, type SqlBool } from 'kysely';
import type { Group, ProvisionType } from '../../core/model.js';
import { MEMBER_WRITE_MAX, type GroupChanges, type GroupRepository, type ListQuery, type MembersWritten, type MemberWrite } from '../../core/ports/directory-entities.js';
import { foldKey } from '../../core/text.js';
import type { Dialect } from '../db.js';
import { GROUP_SCHEMA_ID, GROUP_STORAGE, type GroupField } from '../../scim-model/index.js';
import type { AttributeMap, ColumnAttribute, SpecialAttributeCompiler } from '../filter-sql.js';
import { columnMap, sortColumns } from '../scim-attributes.js';
import { lookupPage } from '../../core/paging.js';
import { listWhere, totalFromPage, uniqueKeyLookup } from '../list-query.js';
import { idList, inIdList, jsonElements, type IdList } from '../id-list.js';
import { prepared } from '../prepared.js';
import { versionedUpdate } from '../versioned-update.js';
import { lockedDirectory, withDirectory } from '../with-directory.js';
import type { Database, GroupRow } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';
import { auditInsert, auditInsertFrom, auditValues, type AuditValue } from './audit.js';
import { toUser } from './users.js';

/** The column of each group field the SCIM catalogue keeps in one (src/scim-model/storage.ts). */
const GROUP_FIELD_COLUMNS: Readonly<Record<GroupField, ColumnAttribute & { readonly column: keyof GroupRow }>> = {
  id: { column: 'id', type: 'exact' },
  name: { column: 'name_key', type: 'key' },
  externalId: { column: 'external_id', type: 'exact' },
  createTime: { column: 'create_time', type: 'time' },
  updateTime: { column: 'update_time', type: 'time' },
};

/** SCIM Group attributes that are columns (lower-cased paths), for the filter compiler. */
export const GROUP_ATTRIBUTES: AttributeMap = columnMap(GROUP_STORAGE, GROUP_FIELD_COLUMNS);

export const GROUP_CORE_SCHEMAS = [GROUP_SCHEMA_ID.toLowerCase()];

const SORT_COLUMNS = sortColumns(GROUP_STORAGE, GROUP_FIELD_COLUMNS);

export const GROUP_COLUMNS = [
  'id',
  'directory_id',
  'name',
  'name_key',
  'description',
  'provision_type',
  'external_id',
  'scim',
  'version',
  'create_time',
  'update_time',
] as const satisfies ReadonlyArray<keyof GroupRow>;

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

function changeColumns(c: GroupChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c.name !== undefined) {
    out['name'] = c.name;
    out['name_key'] = foldKey(c.name);
  }
  if (c.description !== undefined) out['description'] = c.description;
  if (c.provisionType !== undefined) out['provision_type'] = c.provisionType;
  if (c.externalId !== undefined) out['external_id'] = c.externalId;
  if (c.scim !== undefined) out['scim'] = c.scim === null ? null : JSON.stringify(c.scim);
  return out;
}

/** At most this many members a statement: bounds each statement's work. */
const CHUNK = MEMBER_WRITE_MAX;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The parameters of a member change's statements (`prepared()` markers, or values). */
interface MemberWriteParams {
  readonly directoryId: string;
  readonly groupId: string;
  readonly userIds: IdList;
  readonly time: number;
}

// Only users of this directory that are not members yet: one INSERT ... SELECT, no read of the
// existing member list, so adding to a 100,000-member group costs what it costs for a
// 10-member group. A user already a member is told by the membership's primary key (the
// conflict), and the rows returned are the memberships made. No "not a member yet" subquery:
// PostgreSQL planned it as an anti-join, and while its statistics still said the group was small
// it read every membership of the group, under the directory's lock (decision 0211). The user IDs
// are one parameter (id-list.ts), so the text is the same for one member or five hundred: one
// named statement on PostgreSQL. `displays` (PostgreSQL only): the `[[userId, display], ...]`
// parameter of `setDisplays`, joined so that each new member is inserted with the display sent
// for it.
function memberInsert(db: Kysely<Database>, dialect: Dialect, w: MemberWriteParams, gate?: MemberGate, displays?: string) {
  const { groupId, time: joinTime, directoryId, userIds } = w;
  const columns = ['group_id', 'user_id', 'directory_id', 'join_time'] as const;
  return db
    .insertInto('group_members')
    .columns(displays === undefined ? [...columns] : [...columns, 'display'])
    .expression((eb) =>
      eb
        .selectFrom('users as u')
        .$call((q) => (displays === undefined ? q : q.leftJoin(jsonElements(dialect, displays, 'v'), (join) => join.on(sql<SqlBool>`v.value ->> 0 = u.id`))))
        .select([sql<string>`cast(${groupId} as text)`.as('group_id'), 'u.id', 'u.directory_id', sql<number>`cast(${joinTime} as bigint)`.as('join_time')])
        .$call((q) => (displays === undefined ? q : q.select(sql<string | null>`v.value ->> 1`.as('display'))))
        .where('u.directory_id', '=', directoryId)
        .where(inIdList(dialect, 'u.id', userIds))
        .$call((q) => (gate ? q.where(gate) : q)),
    )
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .returning('user_id');
}

/** Removing members: the rows it returns are the memberships it deleted. */
function memberDelete(db: Kysely<Database>, dialect: Dialect, w: Omit<MemberWriteParams, 'time'>, gate?: MemberGate) {
  return db
    .deleteFrom('group_members')
    .where('directory_id', '=', w.directoryId)
    .where('group_id', '=', w.groupId)
    .where(inIdList(dialect, 'user_id', w.userIds))
    .$call((q) => (gate ? q.where(gate) : q))
    .returning('user_id');
}

/** A condition a one-statement member change adds to its insert or delete (decision 0207). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a condition on any table of a WITH query
type MemberGate = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

/** An add's SCIM member `display`s as the `[[userId, display], ...]` a statement takes as one JSON parameter. */
function displayPairs(displays: Readonly<Record<string, string>> | undefined): Array<[string, string]> {
  return displays ? Object.entries(displays).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
}

/**
 * The bounds of a `writeMembers` change (both stores' and the one statement's), checked before any
 * work: at most MEMBER_WRITE_MAX users, and as many displays. Returns an add's display pairs.
 */
export function boundedMemberWrite(c: MemberWrite): Array<[string, string]> {
  if (c.userIds.length > MEMBER_WRITE_MAX) throw new RangeError(`writeMembers takes at most ${MEMBER_WRITE_MAX} users.`);
  const shown = c.kind === 'add' ? displayPairs(c.displays) : [];
  if (shown.length > MEMBER_WRITE_MAX) throw new RangeError(`writeMembers takes at most ${MEMBER_WRITE_MAX} displays.`);
  return shown;
}

/** The provisionings that follow a group: its members are synchronized when they change. */
const provisionsGroup = (db: Kysely<Database>, directoryId: string, groupId: string) =>
  db
    .selectFrom('user_provisionings as up')
    .select('up.id')
    .where('up.directory_id', '=', directoryId)
    .where('up.principal_type', '=', 'Group')
    .where('up.principal_id', '=', groupId);

/** Any enabled webhook endpoint: a change's event may have listeners. */
const anyEndpoint = (db: Kysely<Database>) => db.selectFrom('webhook_endpoints as w').select('w.endpoint_id').where('w.status', '=', 'Enabled');

/**
 * A member change and what follows it as one PostgreSQL statement (decision 0207): the change as a
 * data-modifying WITH query returning its users, the version bumped only if one joined or left,
 * the audit row from the bump's RETURNING, and whether a provisioning follows the group or an
 * endpoint is enabled. In a transaction, after the lock statement (`groups.writeMembers`), it
 * reads what the lock's last holder committed. `alone` (`oneStatement.writeMembers`): the
 * directory's row is locked first, as every write of the directory does, and the change is made
 * only while nothing follows; the statement then always returns one row, saying whether it locked.
 * `displays` (an add's `[[userId, display], ...]` parameter, decision 0208): new members are
 * inserted with theirs, and members already there get theirs by an UPDATE in the same statement.
 * Alone, that UPDATE leaves a membership a writer it waited for changed: its display is the
 * writer's, as if this statement had run first (0207, point 3).
 */
export function memberWrite(
  db: Kysely<Database>,
  kind: 'add' | 'remove',
  w: MemberWriteParams,
  audit: readonly AuditValue[],
  opts: { readonly alone?: boolean; readonly displays?: string } = {},
) {
  const { alone = false, displays } = opts;
  const gate: MemberGate | undefined = alone
    ? (eb) => eb.and([eb.exists(eb.selectFrom('locked').select('locked.id')), eb.not(eb.exists(provisionsGroup(db, w.directoryId, w.groupId))), eb.not(eb.exists(anyEndpoint(db)))])
    : undefined;
  const changed = kind === 'add' ? memberInsert(db, 'postgres', w, gate, displays) : memberDelete(db, 'postgres', w, gate);
  // The directory's lock is a WITH query the gate names; its own name does not reach the row type.
  let base: QueryCreator<Database> = alone ? (db.with('locked', (qc) => lockedDirectory(qc, w.directoryId)) as unknown as QueryCreator<Database>) : db;
  if (kind === 'add' && displays !== undefined) base = withDisplays(db, base, w, displays, gate);
  const written = base
    .with('changed', () => changed)
    .with('touched', (qc) =>
      qc
        .updateTable('groups')
        .set((eb) => ({ update_time: w.time, version: eb('version', '+', 1) }))
        .where('directory_id', '=', w.directoryId)
        .where('id', '=', w.groupId)
        .where((eb) => eb.exists(eb.selectFrom('changed').select('changed.user_id')))
        .returning([...GROUP_COLUMNS]),
    )
    .with('recorded', (qc) => auditInsertFrom(qc, 'touched', audit));
  const follows = (eb: ExpressionBuilder<any, any>) => [ // eslint-disable-line @typescript-eslint/no-explicit-any -- the WITH query's tables
    eb.selectFrom('changed').select(sql<string[]>`array_agg(changed.user_id)`.as('ids')).as('changed_ids'),
    eb.exists(provisionsGroup(db, w.directoryId, w.groupId)).as('provisioned'),
    eb.exists(anyEndpoint(db)).as('webhooks'),
  ];
  if (!alone) return written.selectFrom('touched').select([...GROUP_COLUMNS]).select(follows);
  return written
    .selectFrom(sql`(select 1)`.as('one'))
    .leftJoin('touched', (join) => join.onTrue())
    .select(GROUP_COLUMNS.map((c) => `touched.${c}` as const))
    .select(follows)
    .select(sql<boolean>`exists (select 1 from locked)`.as('locked'));
}

/**
 * `memberWrite`'s UPDATE of the displays of members already there (`shown`), only where the
 * display differs. With a gate (alone) it updates only memberships as the statement's snapshot
 * has them (`seen`, their row versions): READ COMMITTED would otherwise re-read a membership a
 * writer it waited for changed, and write over that writer's display.
 */
function withDisplays(db: Kysely<Database>, base: QueryCreator<Database>, w: MemberWriteParams, displays: string, gate: MemberGate | undefined): QueryCreator<Database> {
  // The memberships by their key (group, user among the change's users), so that the primary key's
  // index finds them whatever the group's size or the statistics say.
  const ofChange = (table: 'group_members' | 'gm') => (eb: ExpressionBuilder<any, any>) => // eslint-disable-line @typescript-eslint/no-explicit-any -- either alias
    eb.and([eb(`${table}.group_id`, '=', w.groupId), inIdList('postgres', `${table}.user_id`, w.userIds), eb(`${table}.directory_id`, '=', w.directoryId)]);
  // Materialized: read once, as of the statement's snapshot, and joined (not a subquery run per row).
  // The WITH queries' names do not reach the row type of what follows.
  const qc = (gate
    ? base.with(
        (cte) => cte('seen').materialized(),
        (q) => q.selectFrom('group_members').select(['user_id', sql<string>`xmin`.as('row_version')]).where(ofChange('group_members')),
      )
    : base) as unknown as QueryCreator<Database>;
  return qc.with('shown', (q) =>
    q
      .updateTable('group_members as gm')
      .set({ display: sql<string>`v.value ->> 1` })
      .from(gate ? [jsonElements('postgres', displays, 'v'), sql`seen`.as('seen')] : [jsonElements('postgres', displays, 'v')])
      .where(ofChange('gm'))
      .where('gm.user_id', '=', sql<string>`v.value ->> 0`)
      .where(sql<SqlBool>`gm.display is distinct from v.value ->> 1`)
      .$call((u) => (gate ? u.where(gate).where(sql<SqlBool>`seen.user_id = gm.user_id and gm.xmin = seen.row_version`) : u))
      .returning('gm.user_id'),
  ) as unknown as QueryCreator<Database>;
}

export interface GroupRepositoryOptions {
  readonly special?: (dialect: Dialect) => SpecialAttributeCompiler;
}

export function groupRepository(db: Kysely<Database>, dialect: Dialect, opts: GroupRepositoryOptions = {}): GroupRepository {
  const special = opts.special?.(dialect);
  const where = (q: ListQuery) => (eb: Parameters<typeof listWhere>[0]) =>
    listWhere(eb, q, { table: 'groups', dialect, attributes: GROUP_ATTRIBUTES, coreSchemas: GROUP_CORE_SCHEMAS, ...(special ? { special } : {}) });
  const countOf = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n);

  // The read behind every SCIM request on a group: compiled once (prepared.ts). Named columns, not
  // `*`: on PostgreSQL it is a named statement, which a column added by a later migration would
  // otherwise break on a node still running (docs/decisions/0192).
  const getById = prepared(db, dialect, 'groups.byId', (directoryId: string, id: string) =>
    db.selectFrom('groups').select(GROUP_COLUMNS).where('directory_id', '=', directoryId).where('id', '=', id),
  );
  // The statements a SCIM PATCH of a group runs inside the directory's lock, compiled once per
  // process (prepared.ts): on PostgreSQL each is a named statement, parsed and planned once per
  // connection instead of on every call while the lock is held (decision 0198).
  const lockWith = withDirectory(db, 'groups', GROUP_COLUMNS, dialect);
  const touchRow = prepared(db, dialect, 'groups.touch', (updateTime: number, directoryId: string, id: string) =>
    db
      .updateTable('groups')
      .set((eb) => ({ update_time: updateTime, version: eb('version', '+', 1) }))
      .where('directory_id', '=', directoryId)
      .where('id', '=', id)
      .returningAll(),
  );
  // Adding members (memberInsert) and removing them, as common: the rows each returns are the
  // memberships it made or deleted.
  const insertMembers = prepared(db, dialect, 'groups.insertMembers', (groupId: string, joinTime: number, directoryId: string, userIds: IdList) =>
    memberInsert(db, dialect, { directoryId, groupId, userIds, time: joinTime }),
  );
  const deleteMembers = prepared(db, dialect, 'groups.deleteMembers', (directoryId: string, groupId: string, userIds: IdList) =>
    memberDelete(db, dialect, { directoryId, groupId, userIds }),
  );
  // The `display` an IdP sent with members (Okta sends one with each): the pairs are one JSON
  // parameter, `[[userId, display], ...]`, read as a table (id-list.ts), so one named statement
  // serves every list.
  const setDisplays = prepared(db, dialect, 'groups.setDisplays', (pairs: string, directoryId: string, groupId: string) =>
    db
      .updateTable('group_members')
      .set({ display: sql<string>`v.value ->> 1` })
      .from(jsonElements(dialect, pairs, 'v'))
      .where('group_members.directory_id', '=', directoryId)
      .where('group_members.group_id', '=', groupId)
      .where('group_members.user_id', '=', sql<string>`v.value ->> 0`),
  );
  const followers = prepared(db, dialect, 'groups.memberChangeFollowers', (directoryId: string, groupId: string) =>
    db.selectNoFrom((eb) => [eb.exists(provisionsGroup(db, directoryId, groupId)).as('provisioned'), eb.exists(anyEndpoint(db)).as('webhooks')]),
  );
  const audited = auditInsert(db, dialect);
  const addWritten = prepared(db, 'postgres', 'groups.writeMembers:add', (directoryId: string, groupId: string, userIds: IdList, time: number, ...audit: AuditValue[]) =>
    memberWrite(db, 'add', { directoryId, groupId, userIds, time }, audit),
  );
  const addWrittenShown = prepared(db, 'postgres', 'groups.writeMembers:add:displays', (directoryId: string, groupId: string, userIds: IdList, time: number, displays: string, ...audit: AuditValue[]) =>
    memberWrite(db, 'add', { directoryId, groupId, userIds, time }, audit, { displays }),
  );
  const removeWritten = prepared(db, 'postgres', 'groups.writeMembers:remove', (directoryId: string, groupId: string, userIds: IdList, time: number, ...audit: AuditValue[]) =>
    memberWrite(db, 'remove', { directoryId, groupId, userIds, time }, audit),
  );
  const setDisplaysOf = async (directoryId: string, groupId: string, displays: Readonly<Record<string, string>> | undefined) => {
    // SCIM member `display`: one UPDATE per chunk, whatever the group's size.
    for (const part of chunks(displayPairs(displays))) await setDisplays(JSON.stringify(part), directoryId, groupId);
  };
  // The uniqueness check of every create and rename, and IdPs' `displayName eq` lookups: compiled once.
  const byNameKey = prepared(db, dialect, 'groups.byNameKey', (directoryId: string, key: string) =>
    db.selectFrom('groups').select(GROUP_COLUMNS).where('directory_id', '=', directoryId).where('name_key', '=', key),
  );
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
      const [r] = await getById(directoryId, id);
      return r && toGroup(r);
    },
    async count(directoryId) {
      // Kept by triggers (migration 0004): O(1) whatever the directory's size.
      const r = await db.selectFrom('directories').select('group_count').where('id', '=', directoryId).executeTakeFirst();
      return Number(r?.group_count ?? 0);
    },
    async findByName(directoryId, name) {
      const [r] = await byNameKey(directoryId, foldKey(name));
      return r && toGroup(r);
    },
    async lockWithDirectory(directoryId, id) {
      const r = await lockWith(directoryId, id);
      return r && toGroup(r);
    },
    async update(directoryId, id, changes, updateTime, expectedVersion) {
      const r = await versionedUpdate(db, dialect, 'groups', GROUP_COLUMNS, { directoryId, id }, changeColumns(changes), updateTime, expectedVersion);
      return r && toGroup(r);
    },
    async touch(directoryId, id, updateTime) {
      const [r] = await touchRow(updateTime, directoryId, id);
      return r && toGroup(r);
    },
    async delete(directoryId, id) {
      await db.deleteFrom('group_members').where('directory_id', '=', directoryId).where('group_id', '=', id).execute();
      await db.deleteFrom('groups').where('directory_id', '=', directoryId).where('id', '=', id).execute();
    },
    async listByOffset(q, page) {
      const displayName = uniqueKeyLookup(q, 'displayname', GROUP_CORE_SCHEMAS);
      if (displayName !== undefined) return lookupPage((await byNameKey(q.directoryId, foldKey(displayName))).map(toGroup), page);
      const base = db.selectFrom('groups').where(where(q));
      const count = () => countOf(base.select((eb) => eb.fn.countAll<number>().as('n')));
      if (page.limit === 0) return { items: [], total: await count() };
      const dir = page.descending ? 'desc' : 'asc';
      let rows = base.selectAll('groups');
      const sortColumn = page.sortBy === undefined ? undefined : SORT_COLUMNS.get(page.sortBy);
      if (sortColumn !== undefined && sortColumn !== 'id') rows = rows.orderBy(`groups.${sortColumn}`, dir);
      const items = await rows.orderBy('groups.id', dir).limit(page.limit).offset(page.offset).execute();
      return { items: items.map(toGroup), total: totalFromPage(page.offset, page.limit, items.length) ?? (await count()) };
    },
    async listByKeyset(q, page) {
      let rows = db.selectFrom('groups').where(where(q)).selectAll('groups');
      if (page.after !== undefined) rows = rows.where('groups.id', '>', page.after);
      return (await rows.orderBy('groups.id').limit(page.limit).execute()).map(toGroup);
    },
    async countMatching(q) {
      return countOf(db.selectFrom('groups').where(where(q)).select((eb) => eb.fn.countAll<number>().as('n')));
    },

    async addMembers(directoryId, groupId, userIds, joinTime, displays) {
      const added: string[] = [];
      for (const part of chunks([...new Set(userIds)])) {
        const rows = await insertMembers(groupId, joinTime, directoryId, idList(dialect, part));
        added.push(...rows.map((r) => r.user_id));
      }
      await setDisplaysOf(directoryId, groupId, displays);
      return added;
    },
    async writeMembers(c, audit) {
      const shown = boundedMemberWrite(c);
      const { directoryId, groupId, time } = c;
      const ids = idList(dialect, c.userIds);
      let written: MembersWritten | undefined;
      if (dialect === 'postgres') {
        // The displays too: one statement (decision 0208).
        const values = auditValues(audit);
        const [row] =
          c.kind === 'remove'
            ? await removeWritten(directoryId, groupId, ids, time, ...values)
            : shown.length > 0
              ? await addWrittenShown(directoryId, groupId, ids, time, JSON.stringify(shown), ...values)
              : await addWritten(directoryId, groupId, ids, time, ...values);
        if (row) written = { group: toGroup(row), userIds: row.changed_ids ?? [], provisioned: Boolean(row.provisioned), webhooks: Boolean(row.webhooks) };
      } else {
        const changed = c.kind === 'add' ? await insertMembers(groupId, time, directoryId, ids) : await deleteMembers(directoryId, groupId, ids);
        const [row] = changed.length > 0 ? await touchRow(time, directoryId, groupId) : [];
        if (row) {
          await audited(...auditValues(audit));
          const [f] = await followers(directoryId, groupId);
          written = { group: toGroup(row), userIds: changed.map((r) => r.user_id), provisioned: Boolean(f?.provisioned), webhooks: Boolean(f?.webhooks) };
        }
      }
      if (dialect !== 'postgres' && shown.length > 0) await setDisplays(JSON.stringify(shown), directoryId, groupId);
      return written;
    },
    async removeMembers(directoryId, groupId, userIds) {
      let n = 0;
      for (const part of chunks([...new Set(userIds)])) n += (await deleteMembers(directoryId, groupId, idList(dialect, part))).length;
      return n;
    },
    async removeAllMembers(directoryId, groupId) {
      const r = await db.deleteFrom('group_members').where('directory_id', '=', directoryId).where('group_id', '=', groupId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async removeUserFromAllGroups(directoryId, userId) {
      const r = await db.deleteFrom('group_members').where('directory_id', '=', directoryId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async isMember(directoryId, groupId, userId) {
      const r = await db
        .selectFrom('group_members')
        .select('user_id')
        .where('directory_id', '=', directoryId)
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r !== undefined;
    },
    async countMembers(directoryId, groupId) {
      return countOf(
        db
          .selectFrom('group_members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('directory_id', '=', directoryId)
          .where('group_id', '=', groupId),
      );
    },
    async countGroupsOfUser(directoryId, userId) {
      return countOf(
        db
          .selectFrom('group_members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('directory_id', '=', directoryId)
          .where('user_id', '=', userId),
      );
    },
    async listMembers(directoryId, groupId, page) {
      let q = db
        .selectFrom('group_members as m')
        .innerJoin('users', 'users.id', 'm.user_id')
        .selectAll('users')
        .select(['m.join_time', 'm.display'])
        .where('m.directory_id', '=', directoryId)
        .where('m.group_id', '=', groupId);
      if (page.after !== undefined) q = q.where('m.user_id', '>', page.after);
      const rows = await q.orderBy('m.user_id').limit(page.limit).execute();
      return rows.map((r) => ({ groupId, userId: r.id, joinTime: Number(r.join_time), display: r.display, user: toUser(r) }));
    },
    async listMemberRefs(directoryId, groupId, page) {
      let q = db
        .selectFrom('group_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'm.display', 'u.user_name', 'u.display_name'])
        .where('m.directory_id', '=', directoryId)
        .where('m.group_id', '=', groupId);
      if (page.after !== undefined) q = q.where('m.user_id', '>', page.after);
      const rows = await q.orderBy('m.user_id').limit(page.limit).execute();
      return rows.map((r) => ({ userId: r.user_id, display: r.display, userName: r.user_name, displayName: r.display_name }));
    },
    async listGroupsOfUser(directoryId, userId, page) {
      let q = db
        .selectFrom('group_members as m')
        .innerJoin('groups', 'groups.id', 'm.group_id')
        .selectAll('groups')
        .select(['m.join_time'])
        .where('m.directory_id', '=', directoryId)
        .where('m.user_id', '=', userId);
      if (page.after !== undefined) q = q.where('m.group_id', '>', page.after);
      const rows = await q.orderBy('m.group_id').limit(page.limit).execute();
      return rows.map((r) => ({ groupId: r.id, userId, joinTime: Number(r.join_time), group: toGroup(r) }));
    },
  };
}
