import type { Filter } from '../filter.js';
import type { Group, ProvisionType, Status, Tag, User } from '../model.js';
import type { AuditEvent } from './audit-event.js';

/** Sort keys the store knows how to order by (always ending with the ID as a tie-breaker). */
export type SortKey = 'id' | 'userName' | 'displayName' | 'created' | 'lastModified' | 'externalId';

export interface ListQuery {
  readonly directoryId: string;
  readonly filter?: Filter;
  readonly status?: Status;
  readonly provisionType?: ProvisionType;
  /** Every tag must be present with its value (users only). */
  readonly tags?: readonly Tag[];
}

export interface OffsetPage<T> {
  readonly items: T[];
  readonly total: number;
}

export interface OffsetRequest {
  readonly offset: number;
  readonly limit: number;
  readonly sortBy?: SortKey;
  readonly descending?: boolean;
}

/** Keyset paging (management API NextToken): items with ID greater than `after`, in ID order. */
export interface KeysetRequest {
  readonly after?: string;
  readonly limit: number;
}

/** The user columns a write may change (all optional: absent = unchanged, null = cleared). */
export interface UserChanges {
  readonly userName?: string;
  readonly displayName?: string | null;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly email?: string | null;
  readonly description?: string | null;
  readonly status?: Status;
  readonly provisionType?: ProvisionType;
  readonly externalId?: { readonly id: string; readonly issuer: string } | null;
  readonly scim?: Record<string, unknown> | null;
}

export interface UserRepository {
  /** Throws DomainError UserNameTaken when the user name collides. */
  insert(u: User, extra?: { passwordHash?: string | null }): Promise<void>;
  /**
   * Like `insert`, only while the user's directory holds fewer than `quota` users, checked in the
   * same statement as the insert (on PostgreSQL under the directory row's lock, which the user
   * counter's trigger takes anyway, so concurrent creates cannot pass the quota together).
   * False, and nothing written, when the directory is full or no longer exists.
   */
  insertWithinQuota(u: User, quota: number, extra?: { passwordHash?: string | null }): Promise<boolean>;
  get(directoryId: string, id: string): Promise<User | undefined>;
  /** Several users at once, in no particular order (unknown IDs are left out). */
  getMany(directoryId: string, ids: readonly string[]): Promise<User[]>;
  count(directoryId: string): Promise<number>;
  findByUserName(directoryId: string, userName: string): Promise<User | undefined>;
  /** Another user (not `exceptId`) whose Email equals `email` case-insensitively. */
  findByEmail(directoryId: string, email: string, exceptId?: string): Promise<User | undefined>;
  findByExternalId(directoryId: string, externalId: string, issuer: string): Promise<User | undefined>;
  /** Like `get`, holding the row's write lock until the transaction ends (the core's read-modify-write). */
  getForUpdate(directoryId: string, id: string): Promise<User | undefined>;
  /**
   * `getForUpdate` after the directory's lock (DirectoryRepository.lockExisting), both taken by one
   * statement, in that order. Undefined if the directory or the user is missing: then nothing is
   * locked, and the caller takes the directory's lock to tell which.
   */
  lockWithDirectory(directoryId: string, id: string): Promise<User | undefined>;
  /**
   * Applies `changes`, bumps the version and sets the update time. With `expectedVersion`, only if
   * the stored version still equals it. Returns the row as written, undefined if no row matched.
   */
  update(directoryId: string, id: string, changes: UserChanges, updateTime: number, expectedVersion?: number): Promise<User | undefined>;
  delete(directoryId: string, id: string): Promise<void>;
  setPassword(directoryId: string, id: string, passwordHash: string, resetRequired: boolean, updateTime: number): Promise<void>;
  /** Offset paging (SCIM startIndex/count): filter, count and page run in the database. */
  listByOffset(q: ListQuery, page: OffsetRequest): Promise<OffsetPage<User>>;
  listByKeyset(q: ListQuery, page: KeysetRequest): Promise<User[]>;
  countMatching(q: ListQuery): Promise<number>;
}

export interface GroupChanges {
  readonly name?: string;
  readonly description?: string | null;
  readonly provisionType?: ProvisionType;
  readonly externalId?: string | null;
  readonly scim?: Record<string, unknown> | null;
}

export interface Membership {
  readonly groupId: string;
  readonly userId: string;
  readonly joinTime: number;
  /** The `display` an IdP sent with the member (SCIM), if any. */
  readonly display?: string | null;
}

/** What a SCIM group's `members` shows of one member, without loading the user's whole row. */
export interface MemberRef {
  readonly userId: string;
  readonly display: string | null;
  readonly userName: string;
  readonly displayName: string | null;
}

export interface GroupRepository {
  /** Throws DomainError GroupNameTaken when the name collides. */
  insert(g: Group): Promise<void>;
  get(directoryId: string, id: string): Promise<Group | undefined>;
  count(directoryId: string): Promise<number>;
  findByName(directoryId: string, name: string): Promise<Group | undefined>;
  /** As UserRepository.lockWithDirectory: the row and its directory's lock, one statement. */
  lockWithDirectory(directoryId: string, id: string): Promise<Group | undefined>;
  /** As UserRepository.update: the row as written, undefined if no row matched. */
  update(directoryId: string, id: string, changes: GroupChanges, updateTime: number, expectedVersion?: number): Promise<Group | undefined>;
  /** Bumps the version and update time (membership changed); the row as written. */
  touch(directoryId: string, id: string, updateTime: number): Promise<Group | undefined>;
  delete(directoryId: string, id: string): Promise<void>;
  listByOffset(q: ListQuery, page: OffsetRequest): Promise<OffsetPage<Group>>;
  listByKeyset(q: ListQuery, page: KeysetRequest): Promise<Group[]>;
  countMatching(q: ListQuery): Promise<number>;

  /**
   * Adds members that exist in the directory and are not members yet; returns the IDs added.
   * `displays` (SCIM) sets the member's `display`, also on an existing member.
   */
  addMembers(
    directoryId: string,
    groupId: string,
    userIds: readonly string[],
    joinTime: number,
    displays?: Readonly<Record<string, string>>,
  ): Promise<string[]>;
  /**
   * One member change of a group written with what follows it (decision 0207): `userIds` added
   * (as `addMembers`, displays too) or removed; then, if any joined or left, the version bumped and
   * `audit` inserted. On PostgreSQL one statement, run under the directory's lock so it reads after
   * the lock, displays included (decision 0208). Undefined when no member joined or left: nothing
   * else written (displays still set). At most MEMBER_WRITE_MAX users, and as many displays.
   */
  writeMembers(change: MemberWrite, audit: AuditEvent): Promise<MembersWritten | undefined>;
  /** Removes those of `userIds` that are members; returns how many were removed. */
  removeMembers(directoryId: string, groupId: string, userIds: readonly string[]): Promise<number>;
  removeAllMembers(directoryId: string, groupId: string): Promise<number>;
  /** Removes the user from every group of the directory. */
  removeUserFromAllGroups(directoryId: string, userId: string): Promise<number>;
  isMember(directoryId: string, groupId: string, userId: string): Promise<boolean>;
  countMembers(directoryId: string, groupId: string): Promise<number>;
  countGroupsOfUser(directoryId: string, userId: string): Promise<number>;
  /** Members in user ID order, after `after`. */
  listMembers(directoryId: string, groupId: string, page: KeysetRequest): Promise<Array<Membership & { user: User }>>;
  /** Members in user ID order, after `after`: only what SCIM `members` shows (streaming huge groups). */
  listMemberRefs(directoryId: string, groupId: string, page: KeysetRequest): Promise<MemberRef[]>;
  /** Groups of a user in group ID order, after `after`. */
  listGroupsOfUser(directoryId: string, userId: string, page: KeysetRequest): Promise<Array<Membership & { group: Group }>>;
}

/** The most users one `writeMembers` takes: one statement's work, bounded. */
export const MEMBER_WRITE_MAX = 500;

export interface MemberWrite {
  readonly kind: 'add' | 'remove';
  readonly directoryId: string;
  readonly groupId: string;
  /** Distinct user IDs, at most MEMBER_WRITE_MAX. */
  readonly userIds: readonly string[];
  /** The join time of added members and the group's update time. */
  readonly time: number;
  /** SCIM member `display`s of an add, as `addMembers` takes them. */
  readonly displays?: Readonly<Record<string, string>> | undefined;
}

export interface MembersWritten {
  /** The group as written (its version bumped once). */
  readonly group: Group;
  /** The users who joined or left: exactly those. */
  readonly userIds: string[];
  /** Whether a user provisioning follows the group (its members are to be synchronized). */
  readonly provisioned: boolean;
  /** Whether any webhook endpoint is enabled (the change's event may have listeners). */
  readonly webhooks: boolean;
}

export interface TagRepository {
  /** Tags of each resource, keyed by resource ID. */
  forResources(directoryId: string, resourceIds: readonly string[]): Promise<Map<string, Tag[]>>;
  /** Sets (insert or overwrite) the given tags on each resource. */
  set(directoryId: string, resourceType: string, resourceIds: readonly string[], tags: readonly Tag[]): Promise<void>;
  /** Removes the given tag keys (or all tags when `keys` is undefined). */
  remove(directoryId: string, resourceIds: readonly string[], keys?: readonly string[]): Promise<void>;
  countForResource(directoryId: string, resourceId: string): Promise<number>;
  /** Tag rows in (resource ID, key) order after the cursor, optionally limited to some resources or keys. */
  list(
    directoryId: string,
    resourceType: string,
    q: { resourceIds?: readonly string[]; tags?: readonly Tag[] },
    page: { after?: { resourceId: string; key: string }; limit: number },
  ): Promise<Array<{ resourceId: string; key: string; value: string }>>;
}
