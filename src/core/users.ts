import { auditEvent } from './audit.js';
import { kickTasks } from './tasks.js';
import { userChanged, userDeleted } from './user-provisioning/provisionings.js';
import type { CoreContext } from './context.js';
import { getDirectory, lockDirectory } from './directories.js';
import { DomainError } from './errors.js';
import type { Filter } from './filter.js';
import { newId } from './ids.js';
import type { ProvisionType, Status, Tag, User } from './model.js';
import { keysetPage, type Page, type PageRequest } from './paging.js';
import { hashPassword } from './password-hash.js';
import type { OffsetPage, OffsetRequest, UserChanges } from './ports/directory-entities.js';
import { PASSWORD_HISTORY_KEPT } from './password-history.js';
import type { Store } from './ports/store.js';
import type { Provenance } from './provenance.js';
import { boundedIds, recordAuditedChange, sourceOf, userData, type ChangeEvent } from './webhooks/events.js';
import { describeExpected, versionMatches, withVersionRetry, type ExpectedVersion, type UnlockedRead } from './read-modify-write.js';

/** Provenance lives in core/provenance.ts; re-exported for callers that import it from here. */
export type { Provenance } from './provenance.js';

/**
 * Users of a directory. Two kinds of writer: the management API (`via: 'management'`), bound by
 * CloudSSO's rules for SCIM-synchronized users, and the SCIM edge (`via: 'scim'`), the IdP that
 * owns them. Every write names its actor in the audit trail, in its own transaction.
 */
export interface UserFields {
  readonly displayName?: string | null;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly email?: string | null;
  readonly description?: string | null;
}

export interface NewUser extends UserFields {
  readonly userName: string;
  readonly status?: Status;
  readonly tags?: readonly Tag[];
}

/** CloudSSO's limits (cloudsso-api.md §3.3, §5.4). */
const USER_NAME = /^[A-Za-z0-9@_.-]{1,64}$/;
const LIMITS: Record<keyof UserFields, { field: string; max: number }> = {
  displayName: { field: 'DisplayName', max: 256 },
  firstName: { field: 'FirstName', max: 64 },
  lastName: { field: 'LastName', max: 64 },
  email: { field: 'Email', max: 128 },
  description: { field: 'Description', max: 1024 },
};
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function invalid(field: string, message: string): DomainError {
  return new DomainError('InvalidParameter', message, { field });
}

export function checkUserName(userName: string, field = 'UserName'): void {
  if (!USER_NAME.test(userName)) {
    throw invalid(field, `The user name must be 1 to 64 characters of letters, digits and @ _ - . (got ${JSON.stringify(userName.slice(0, 80))}).`);
  }
}

/** Checks the optional fields; `prefix` names them as the caller's wire does (`New` for UpdateUser). */
export function checkUserFields(f: UserFields, prefix = ''): void {
  for (const [k, lim] of Object.entries(LIMITS) as Array<[keyof UserFields, { field: string; max: number }]>) {
    const v = f[k];
    if (v === undefined || v === null) continue;
    if ([...v].length > lim.max) throw invalid(prefix + lim.field, `${prefix + lim.field} must be at most ${lim.max} characters.`);
  }
  if (f.email && !EMAIL.test(f.email)) throw invalid(`${prefix}Email`, `${prefix}Email must be an email address.`);
}

export async function getUser(ctx: CoreContext, directoryId: string, userId: string): Promise<User> {
  await getDirectory(ctx, directoryId);
  return getUserIn(ctx.store, directoryId, userId);
}

/**
 * One user of a directory the caller already knows exists (the SCIM edge: its guard resolved
 * the credential's directory in the same query): one read.
 */
export async function getDirectoryUser(ctx: CoreContext, directoryId: string, userId: string): Promise<User> {
  return getUserIn(ctx.store, directoryId, userId);
}

export async function getUserIn(store: Store, directoryId: string, userId: string): Promise<User> {
  return foundUser(await store.users.get(directoryId, userId), userId);
}

/** The user read by ID, or the UserNotFound error of a read that found none. */
export function foundUser(u: User | undefined, userId: string): User {
  if (!u) throw userNotFound(userId);
  return u;
}

const versionMismatch = (user: User, expected: ExpectedVersion | undefined) =>
  new DomainError('VersionMismatch', `The user is at version ${user.version}, not ${describeExpected(expected)}.`, { id: user.id });

const userNotFound = (userId: string) => new DomainError('UserNotFound', 'The specified user does not exist.', { id: userId });

/** CloudSSO: while SCIM sync is on, synchronized users belong to the IdP (cloudsso-api.md §5.2). */
export async function assertUserEditable(ctx: CoreContext, store: Store, user: User, p: Provenance): Promise<void> {
  if (p.via !== 'management' || user.provisionType !== 'Synchronized') return;
  const d = await store.directories.get(user.directoryId);
  if (d?.scimSyncEnabled) {
    throw new DomainError(
      'SynchronizedUserLocked',
      'The user is synchronized by SCIM and SCIM synchronization is enabled: change it in the identity provider, or disable SCIM synchronization first.',
      { id: user.id },
    );
  }
}

async function assertEmailFree(store: Store, directoryId: string, email: string | null | undefined, exceptId?: string): Promise<void> {
  if (!email) return;
  if (await store.users.findByEmail(directoryId, email, exceptId)) {
    throw new DomainError('UserEmailTaken', 'A user with this email address already exists in the directory.', { field: 'Email' });
  }
}

/** What the audit row of a change to a user names. */
const auditEntry = (directoryId: string, action: string, userId: string) => ({ directoryId, action, resourceType: 'user', resourceId: userId });
/** The audit row of a change to a user and the change's webhook event. */
const auditChange = (tx: Store, ctx: CoreContext, directoryId: string, p: Provenance, action: string, userId: string, change: ChangeEvent) =>
  recordAuditedChange(tx, ctx, p, auditEntry(directoryId, action, userId), [change]);

export interface CreateUserOptions {
  readonly externalId?: { readonly id: string; readonly issuer: string } | null;
  readonly scim?: Record<string, unknown> | null;
  /** A password hash (SCIM `password`, hashed by the edge), stored with the user in the same write. */
  readonly passwordHash?: string;
}

export async function createUser(ctx: CoreContext, directoryId: string, input: NewUser, p: Provenance, opts: CreateUserOptions = {}): Promise<User> {
  checkUserName(input.userName);
  checkUserFields(input);
  const now = ctx.clock.now();
  const provisionType: ProvisionType = p.via === 'scim' ? 'Synchronized' : 'Manual';
  const user: User = {
    id: newId('u', now),
    directoryId,
    userName: input.userName,
    displayName: input.displayName ?? null,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    email: input.email ?? null,
    description: input.description ?? null,
    status: input.status ?? 'Enabled',
    provisionType,
    externalId: opts.externalId ?? null,
    scim: opts.scim ?? null,
    version: 1,
    createTime: now,
    updateTime: now,
  };
  const quota = ctx.settings.quotas.usersPerDirectory;
  const quotaExceeded = () => new DomainError('UserQuotaExceeded', `The directory already has ${quota} users, its quota.`);
  // A management create checks Email uniqueness, which no index keeps: it holds the directory's
  // lock from its start. A SCIM create is kept unique by the name index, and its insert checks the
  // quota in the same statement, under the directory row's lock (`insertWithinQuota`). On
  // PostgreSQL, concurrent SCIM creates then hold that lock only from their insert to their
  // commit, not for the whole transaction (issue 16).
  const serial = p.via !== 'scim';
  const recordCreate = (tx: Store) =>
    auditChange(tx, ctx, directoryId, p, 'CreateUser', user.id, { type: 'user.created', directoryId, source: sourceOf(p), data: userData(user) });
  const taken = (existing: User) => {
    if (p.via === 'scim' && existing.provisionType === 'Manual') {
      return new DomainError(
        'ManualUserConflict',
        'A user with this userName was created in CloudSSO (ProvisionType Manual); SCIM does not overwrite it. Find it with a userName filter to manage it, or delete it first.',
        { field: 'UserName', id: existing.id },
      );
    }
    return new DomainError('UserNameTaken', 'A user with this user name already exists in the directory.', { field: 'UserName', id: existing.id });
  };
  const transaction = () => ctx.store.transaction(async (tx) => {
    if (serial) {
      await lockDirectory(tx, directoryId);
      if ((await tx.users.count(directoryId)) >= quota) throw quotaExceeded();
      const existing = await tx.users.findByUserName(directoryId, input.userName);
      if (existing) throw taken(existing);
    }
    // The IdP owns synchronized users and may give several the same address (docs/decisions/0005).
    if (p.via === 'management') await assertEmailFree(tx, directoryId, user.email);
    const extra = opts.passwordHash !== undefined ? { passwordHash: opts.passwordHash } : undefined;
    if (serial) {
      await tx.users.insert(user, extra);
    } else {
      await recordCreate(tx);
      if (!(await tx.users.insertWithinQuota(user, quota, extra))) {
        // Nothing written: the directory is full, or was deleted since the request began.
        await lockDirectory(tx, directoryId);
        throw quotaExceeded();
      }
    }
    // A password the IdP sets counts for PasswordReusePrevention like one set by ResetUserPassword.
    if (opts.passwordHash !== undefined) await tx.passwordHistory.add(directoryId, user.id, opts.passwordHash, now, PASSWORD_HISTORY_KEPT);
    if (input.tags && input.tags.length > 0) await tx.tags.set(directoryId, 'user', [user.id], input.tags);
    if (serial) await recordCreate(tx);
    return user;
  });
  if (serial) return transaction();
  // The common SCIM create (no password, no tags) as one statement where the store has one
  // (PostgreSQL): the user and its audit row, while no webhook endpoint listens. If it wrote
  // nothing (an endpoint is enabled, the directory is full or gone), the transaction writes the
  // change event or says why (issue 16: one round trip where the transaction takes four).
  const alone = ctx.store.oneStatement;
  const created =
    alone && opts.passwordHash === undefined && !input.tags?.length
      ? alone.createUser(user, quota, auditEvent(ctx, p, auditEntry(directoryId, 'CreateUser', user.id))).then((done) => (done ? user : transaction()))
      : transaction();
  // A SCIM create does not look for its userName first: the name index refuses a duplicate at the
  // insert, and the whole transaction, audit row included, is rolled back. Only then is the user
  // holding the name read, to say whether it is a Manual user (decision 0011). One statement
  // fewer for every create that succeeds, which is nearly every create.
  return created.catch(async (err: unknown) => {
    if (!(err instanceof DomainError) || err.code !== 'UserNameTaken') throw err;
    const existing = await ctx.store.users.findByUserName(directoryId, input.userName);
    throw existing ? taken(existing) : err;
  });
}

export interface UpdateUserOptions {
  /** SCIM If-Match: fail with VersionMismatch unless the stored version is (one of) these. */
  readonly expectedVersion?: ExpectedVersion;
  /** A new password hash (SCIM `password`), set in the same transaction. */
  readonly passwordHash?: string;
}

/** Changes a user. The management API may not change UserName; SCIM may (the IdP renames). */
export async function updateUser(
  ctx: CoreContext,
  directoryId: string,
  userId: string,
  changes: UserChanges,
  p: Provenance,
  opts: UpdateUserOptions = {},
): Promise<User> {
  checkChanges(changes, p);
  const { passwordHash } = opts;
  return patchUser(ctx, directoryId, userId, () => ({ changes, ...(passwordHash !== undefined ? { passwordHash } : {}) }), p, opts);
}

function checkChanges(changes: UserChanges, p: Provenance): void {
  if (changes.userName !== undefined) checkUserName(changes.userName);
  checkUserFields(changes, p.via === 'management' ? 'New' : '');
}

/** What a read-modify-write makes of the user it read. */
export interface UserMutation {
  readonly changes: UserChanges;
  /** A new password in clear (SCIM `password`): hashed outside the transaction, stored in it. */
  readonly password?: string;
  /** A new password already hashed. */
  readonly passwordHash?: string;
}

/**
 * Read-modify-write of one user (SCIM PUT and PATCH; updateUser): in one transaction the directory
 * is locked, the user read once with its row lock, `expectedVersion` (If-Match) checked, `mutate`
 * applied to what was read, and the result written with `UPDATE ... RETURNING`
 * (read-modify-write.ts). `mutate` is synchronous on purpose: nothing slow runs under the lock. It
 * returns undefined for "no change" (nothing is written, nothing audited). A password in clear is
 * hashed (argon2id, slow by design) after the transaction has let go of its locks, and the write
 * is then made again on a fresh read. Without `expectedVersion` a concurrent change never fails
 * the request: the transaction is retried with jittered backoff.
 */
export async function patchUser(
  ctx: CoreContext,
  directoryId: string,
  userId: string,
  mutate: (current: User) => UserMutation | undefined,
  p: Provenance,
  opts: { readonly expectedVersion?: ExpectedVersion; readonly unlockedRead?: UnlockedRead<User> } = {},
): Promise<User> {
  return readModifyWrite(ctx, directoryId, userId, mutate, p, { ...opts, action: 'UpdateUser', syncLockApplies: true });
}

async function readModifyWrite(
  ctx: CoreContext,
  directoryId: string,
  userId: string,
  mutate: (current: User) => UserMutation | undefined,
  p: Provenance,
  opts: { readonly expectedVersion?: ExpectedVersion; readonly unlockedRead?: UnlockedRead<User>; readonly action: string; readonly syncLockApplies: boolean },
): Promise<User> {
  const alone = await updatedAlone(ctx, directoryId, userId, mutate, p, opts);
  if (alone) return alone;
  const hashes = new Map<string, string>();
  return withVersionRetry(opts.expectedVersion !== undefined, async () => {
    for (;;) {
      const r = await ctx.store.transaction(async (tx): Promise<{ user: User } | { hash: string }> => {
        const user = await tx.users.lockWithDirectory(directoryId, userId);
        if (!user) {
          await lockDirectory(tx, directoryId); // which is missing: the directory, or the user
          throw userNotFound(userId);
        }
        if (opts.syncLockApplies) await assertUserEditable(ctx, tx, user, p);
        if (!versionMatches(opts.expectedVersion, user.version)) {
          throw versionMismatch(user, opts.expectedVersion);
        }
        const m = mutate(user);
        if (m === undefined) return { user };
        let passwordHash = m.passwordHash;
        if (m.password !== undefined) {
          passwordHash = hashes.get(m.password);
          if (passwordHash === undefined) return { hash: m.password };
        }
        const { changes } = m;
        checkChanges(changes, p);
        if (changes.userName !== undefined && changes.userName !== user.userName) {
          const other = await tx.users.findByUserName(directoryId, changes.userName);
          if (other && other.id !== userId) throw new DomainError('UserNameTaken', 'A user with this user name already exists in the directory.', { field: 'UserName' });
        }
        if (p.via === 'management' && changes.email !== undefined && changes.email !== null) {
          await assertEmailFree(tx, directoryId, changes.email, userId);
        }
        const now = ctx.clock.now();
        const updated = await tx.users.update(directoryId, userId, changes, now, user.version);
        if (!updated) throw new DomainError('VersionMismatch', 'The user was changed concurrently; retry.', { id: userId });
        if (passwordHash !== undefined) {
          await tx.users.setPassword(directoryId, userId, passwordHash, false, now);
          await tx.passwordHistory.add(directoryId, userId, passwordHash, now, PASSWORD_HISTORY_KEPT);
        }
        // RAM users provisioned from this user follow its name, display name and status.
        if (
          (changes.userName !== undefined && changes.userName !== user.userName) ||
          (changes.displayName !== undefined && changes.displayName !== user.displayName) ||
          (changes.status !== undefined && changes.status !== user.status)
        ) {
          await userChanged(tx, ctx, directoryId, userId);
        }
        await auditChange(tx, ctx, directoryId, p, opts.action, userId, { type: 'user.updated', directoryId, source: sourceOf(p), data: userData(updated) });
        return { user: updated };
      });
      if ('user' in r) {
        kickTasks(ctx);
        return r.user;
      }
      hashes.set(r.hash, await hashPassword(r.hash));
    }
  });
}

/**
 * The common SCIM PUT or PATCH as one statement, where the store has one (PostgreSQL; decision
 * 0204): the user read without a lock, the change computed from it, then written with its audit
 * row only if the user still has the version read, no webhook endpoint is enabled and no user
 * provisioning follows the user. Three round trips (the guard, the read, the statement) where
 * the transaction takes seven. Undefined whenever it wrote nothing: the transaction then locks,
 * reads afresh, applies `mutate` again and writes, or says what is wrong (a missing user, a
 * version that does not match, a change the row refuses, a taken userName). Only the management
 * API's writes are bound by the sync lock and Email uniqueness, so they always take the transaction.
 */
async function updatedAlone(
  ctx: CoreContext,
  directoryId: string,
  userId: string,
  mutate: (current: User) => UserMutation | undefined,
  p: Provenance,
  opts: { readonly expectedVersion?: ExpectedVersion; readonly unlockedRead?: UnlockedRead<User>; readonly action: string },
): Promise<User | undefined> {
  const alone = ctx.store.oneStatement;
  if (!alone || p.via !== 'scim') return undefined;
  const user = opts.unlockedRead ? opts.unlockedRead.resource : await ctx.store.users.get(directoryId, userId);
  if (!user || !versionMatches(opts.expectedVersion, user.version)) return undefined;
  let changes: UserChanges;
  try {
    const m = mutate(user);
    if (m === undefined) return user; // nothing to change: the transaction would write nothing either
    if (m.password !== undefined || m.passwordHash !== undefined) return undefined;
    checkChanges(m.changes, p);
    changes = m.changes;
  } catch {
    return undefined; // said by the transaction, against the row it locks
  }
  const audit = auditEvent(ctx, p, auditEntry(directoryId, opts.action, userId));
  // A taken userName refuses the rename at the unique index: the transaction says whose it is.
  return alone.updateUser(directoryId, userId, user.version, changes, ctx.clock.now(), audit).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'UserNameTaken') return undefined;
    throw err;
  });
}

/** Enable or disable logon: allowed for synchronized users even while SCIM sync is on. */
export async function updateUserStatus(ctx: CoreContext, directoryId: string, userId: string, status: Status, p: Provenance): Promise<User> {
  return readModifyWrite(ctx, directoryId, userId, () => ({ changes: { status } }), p, { action: 'UpdateUserStatus', syncLockApplies: false });
}

/**
 * Deletes a user. Through the management API a user must belong to no group first (CloudSSO);
 * an IdP's DELETE removes the memberships with the user, as SCIM expects.
 */
export async function deleteUser(
  ctx: CoreContext,
  directoryId: string,
  userId: string,
  p: Provenance,
  opts: { readonly expectedVersion?: ExpectedVersion } = {},
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const user = await getUserIn(tx, directoryId, userId);
    await assertUserEditable(ctx, tx, user, p);
    if (!versionMatches(opts.expectedVersion, user.version)) throw versionMismatch(user, opts.expectedVersion);
    const assignments = await tx.access.countAssignments(directoryId, { principal: { type: 'User', id: userId } });
    if (p.via === 'management' && assignments > 0) {
      throw new DomainError(
        'UserHasAccessAssignments',
        `The user holds ${assignments} access assignment(s); delete them (DeleteAccessAssignment) first.`,
        { id: userId },
      );
    }
    // The IdP owns a synchronized user: its deletion takes the user's assignments with it (decision 0106).
    if (assignments > 0) await tx.access.deleteAssignmentsOfPrincipal(directoryId, 'User', userId);
    if (p.via === 'management') {
      // CloudSSO's prerequisites, in its documented order: no MFA devices, then no groups
      // (docs/decisions/0086). An IdP's SCIM DELETE takes the devices with the user (cascade).
      const devices = (await tx.signIn.listMfaDevices(directoryId, userId)).length;
      if (devices > 0) {
        throw new DomainError('UserHasMfaDevices', `The user has ${devices} MFA device(s); remove them (DeleteMFADeviceForUser) first.`, { id: userId });
      }
      const groups = await tx.groups.countGroupsOfUser(directoryId, userId);
      if (groups > 0) {
        throw new DomainError('UserHasMemberships', `The user is a member of ${groups} group(s); remove it from them (RemoveUserFromGroup) first.`, { id: userId });
      }
    }
    let groupsLeft: string[] = [];
    if (p.via !== 'management') {
      const groups = await tx.groups.listGroupsOfUser(directoryId, userId, { limit: 1_000_000 });
      await tx.groups.removeUserFromAllGroups(directoryId, userId);
      // Member lists changed: the groups' versions (ETags) move too.
      for (const g of groups) await tx.groups.touch(directoryId, g.groupId, ctx.clock.now());
      groupsLeft = groups.map((g) => g.groupId);
    }
    await userDeleted(tx, ctx, directoryId, userId);
    await tx.users.delete(directoryId, userId);
    // The groups and assignments an IdP's DELETE took along are named here, not as events of their own.
    await auditChange(tx, ctx, directoryId, p, 'DeleteUser', userId, {
      type: 'user.deleted',
      directoryId,
      source: sourceOf(p),
      data: { userId, userName: user.userName, groupsLeft: boundedIds(groupsLeft), assignmentsRemoved: p.via === 'management' ? 0 : assignments },
    });
  });
  kickTasks(ctx);
}

export interface UserQuery {
  readonly filter?: Filter;
  readonly status?: Status;
  readonly provisionType?: ProvisionType;
  readonly tags?: readonly Tag[];
}

/** Management API listing: keyset pages bound to the query (see paging.ts). */
export async function listUsers(ctx: CoreContext, directoryId: string, q: UserQuery, page: PageRequest): Promise<Page<User>> {
  await getDirectory(ctx, directoryId);
  const lq = { directoryId, ...q };
  return keysetPage(
    ctx,
    JSON.stringify(['ListUsers', lq]),
    page,
    (after, limit) => ctx.store.users.listByKeyset(lq, { ...(after !== undefined ? { after } : {}), limit }),
    () => ctx.store.users.countMatching(lq),
    (u) => u.id,
  );
}

/** SCIM listing: startIndex/count offsets, filtered, counted and paged in the database. */
export async function listUsersByOffset(ctx: CoreContext, directoryId: string, filter: Filter | undefined, page: OffsetRequest): Promise<OffsetPage<User>> {
  return ctx.store.users.listByOffset({ directoryId, ...(filter ? { filter } : {}) }, page);
}

export async function getUserIdByExternalId(ctx: CoreContext, directoryId: string, externalId: { id: string; issuer: string }): Promise<string> {
  await getDirectory(ctx, directoryId);
  const u = await ctx.store.users.findByExternalId(directoryId, externalId.id, externalId.issuer);
  if (!u) throw new DomainError('UserNotFound', 'No user has this external ID.', { field: 'ExternalId' });
  return u.id;
}

export async function userTags(ctx: CoreContext, directoryId: string, userIds: readonly string[]): Promise<Map<string, Tag[]>> {
  return ctx.store.tags.forResources(directoryId, userIds);
}
