import type { AccessKey, Directory, Group, SCIMServerCredential, Status, User } from '../model.js';
import type { GroupRepository, MembersWritten, MemberWrite, TagRepository, UserChanges, UserRepository } from './directory-entities.js';
import type { PasswordHistoryRepository } from './password-history.js';
import type { AccessRepository } from './access.js';
import type { AccountRepository } from './accounts.js';
import type { RamRepository } from './ram.js';
import type { PortalRepository } from './portal.js';
import type { PortalApiRepository } from './portal-api.js';
import type { SamlSignInRepository } from './saml-sign-in.js';
import type { SignInRepository } from './sign-in.js';
import type { StsRepository } from './sts.js';
import type { TaskRepository } from './tasks.js';
import type { UserProvisioningRepository } from './user-provisioning.js';
import type { ServiceRepository } from './service.js';
import type { WebhookEndpoint, WebhookRepository } from './webhooks.js';
import type { AuditEvent } from './audit-event.js';

export type { AuditEvent, AuditRequest } from './audit-event.js';

/**
 * What the core needs from storage. The store layer implements it with SQL; the core never sees a
 * table. Every method that touches directory data takes the directory ID explicitly.
 */
export interface Store {
  readonly directories: DirectoryRepository;
  readonly scimCredentials: SCIMCredentialRepository;
  readonly users: UserRepository;
  readonly groups: GroupRepository;
  readonly tags: TagRepository;
  readonly accessKeys: AccessKeyRepository;
  readonly ram: RamRepository;
  readonly accounts: AccountRepository;
  readonly access: AccessRepository;
  readonly sts: StsRepository;
  readonly tasks: TaskRepository;
  readonly nonces: NonceRepository;
  readonly authFailures: AuthFailureRepository;
  readonly passwordHistory: PasswordHistoryRepository;
  readonly signIn: SignInRepository;
  readonly portal: PortalRepository;
  readonly portalApi: PortalApiRepository;
  readonly samlSignIn: SamlSignInRepository;
  readonly audit: AuditRepository;
  readonly meta: MetaRepository;
  readonly service: ServiceRepository;
  readonly userProvisioning: UserProvisioningRepository;
  readonly webhooks: WebhookRepository;
  /** Runs `fn` in one database transaction; the store passed to it is bound to that transaction. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Writes that commit on their own in one statement, where the database has such statements
   * (PostgreSQL, outside a transaction; absent on SQLite, where a transaction costs no round
   * trips). Each writes its change and its audit row together or not at all, and says when it
   * wrote nothing: the caller then runs its transaction, which writes or says why it refuses.
   */
  readonly oneStatement?: OneStatementWrites;
  /** Resolves when the database answers and every migration is applied. */
  ready(): Promise<boolean>;
}

/** `Store.oneStatement`: see there. */
export interface OneStatementWrites {
  /**
   * A SCIM user create: the user, as `users.insertWithinQuota` writes it, and its audit row
   * `audit`, only while no webhook endpoint is enabled (a change event needs the outbox's
   * transaction). True if it wrote them; false if it wrote nothing (an endpoint is enabled, the
   * directory is full or gone). Throws UserNameTaken, writing nothing, as `insert` does.
   */
  createUser(u: User, quota: number, audit: AuditEvent): Promise<boolean>;
  /**
   * UpdateSCIMServerCredentialStatus: the directory's row locked (as `directories.lockExisting`
   * does), the credential's status set and its audit row `audit` written. The credential as it
   * now is; undefined if nothing was written (the directory or the credential does not exist).
   */
  setSCIMCredentialStatus(directoryId: string, id: string, status: Status, audit: AuditEvent): Promise<SCIMServerCredential | undefined>;
  /**
   * A user's update computed from the user as read at `version`: the directory's row locked
   * first, `changes` written as `users.update` writes them with that expected version, and the
   * audit row `audit`. Only while the user still has that version, no webhook endpoint is enabled
   * and no user provisioning keeps or provisions the user (their events and synchronizations
   * need the transaction). The user as written; undefined if nothing was written.
   */
  updateUser(directoryId: string, userId: string, version: number, changes: UserChanges, updateTime: number, audit: AuditEvent): Promise<User | undefined>;
  /**
   * A SCIM member change of a group computed from the group read without a lock (decision 0207):
   * the directory's row locked first, then what `groups.writeMembers` writes, displays included
   * (0208; a membership changed by a writer it waited for keeps that writer's display). Only while
   * no user provisioning follows the group and no webhook endpoint is enabled (their
   * synchronization and events need the transaction). `'gave way'` if it wrote nothing for one
   * of those reasons, or because the directory, the group or an added user went meanwhile;
   * undefined if no member joined or left.
   */
  writeMembers(change: MemberWrite, audit: AuditEvent): Promise<MembersWritten | 'gave way' | undefined>;
}

export interface DirectoryRepository {
  insert(d: Directory): Promise<void>;
  get(id: string): Promise<Directory | undefined>;
  list(): Promise<Directory[]>;
  count(): Promise<number>;
  rename(id: string, name: string, updateTime: number): Promise<void>;
  setScimSync(id: string, enabled: boolean, updateTime: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Users, groups and SCIM credentials held by the directory. */
  contents(id: string): Promise<{ users: number; groups: number; scimCredentials: number }>;
  /**
   * Locks the directory row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite writes
   * are serial already), so checks such as quotas and Email uniqueness cannot race.
   */
  lock(id: string): Promise<void>;
  /** `lock`, and whether the directory exists, in one query (on SQLite a plain read). */
  lockExisting(id: string): Promise<boolean>;
  getSettings(id: string): Promise<Record<string, unknown>>;
  setSettings(id: string, settings: Record<string, unknown>): Promise<void>;
}

/**
 * One user or group of a directory, by its ID or by its unique name (userName, displayName;
 * compared case-insensitively, as the unique indexes do).
 */
export type ResourceKey =
  | { readonly type: 'user'; readonly id: string }
  | { readonly type: 'user'; readonly userName: string }
  | { readonly type: 'group'; readonly id: string }
  | { readonly type: 'group'; readonly displayName: string };

/** The resource a key names. */
export type ResourceOf<K extends ResourceKey> = K extends { readonly type: 'user' } ? User : Group;

export interface SCIMCredentialRepository {
  insert(c: SCIMServerCredential, secretHash: string): Promise<void>;
  get(directoryId: string, id: string): Promise<SCIMServerCredential | undefined>;
  list(directoryId: string): Promise<SCIMServerCredential[]>;
  count(directoryId: string): Promise<number>;
  /** The credential as written, undefined if there is none with this ID in the directory. */
  setStatus(directoryId: string, id: string, status: Status): Promise<SCIMServerCredential | undefined>;
  /** False if there was none with this ID in the directory. */
  delete(directoryId: string, id: string): Promise<boolean>;
  /**
   * The credential whose secret hashes to `secretHash` (`found`, with its directory's SCIM switch)
   * and the failed authentications counted against `failuresOf.subject` in the window starting at
   * `failuresOf.windowStart` (0 if none, or if the subject is null): one statement, one round trip.
   */
  findBySecretHash(
    secretHash: string,
    failuresOf: { readonly subject: string | null; readonly windowStart: number },
  ): Promise<{ found: { credential: SCIMServerCredential; scimSyncEnabled: boolean } | undefined; failures: number }>;
  /**
   * `findBySecretHash`, and the user or group of the found credential's directory with this key
   * (`found.resource`, undefined if the directory has none), in the same one statement on
   * PostgreSQL: a SCIM read of one resource authenticates and reads in one round trip. Never a
   * resource of another directory.
   */
  findBySecretHashReading<K extends ResourceKey>(
    secretHash: string,
    failuresOf: { readonly subject: string | null; readonly windowStart: number },
    key: K,
  ): Promise<{ found: { credential: SCIMServerCredential; scimSyncEnabled: boolean; resource: ResourceOf<K> | undefined } | undefined; failures: number }>;
  touch(id: string, time: number): Promise<void>;
}

/** The RAM user an AccessKey belongs to, as a signed call's principal names it. */
export interface KeyOwner {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
}

export interface AccessKeyRepository {
  insert(k: AccessKey, secretEncrypted: string): Promise<void>;
  get(id: string): Promise<(AccessKey & { secretEncrypted: string }) | undefined>;
  /**
   * `get(id)` and the throttle's `authFailures.counts(subjects, windowStart)` read together, as
   * every signed call needs both: one statement (one round trip) on PostgreSQL. Where that
   * statement also reads the RAM user owning a user's key, `owner` is that user (null: it no
   * longer exists); undefined when it was not read (a root key, or SQLite, which reads in-process).
   */
  getWithFailures(
    id: string,
    subjects: readonly string[],
    windowStart: number,
  ): Promise<{ key: (AccessKey & { secretEncrypted: string }) | undefined; failures: Map<string, number>; owner?: KeyOwner | null }>;
  findRoot(): Promise<AccessKey | undefined>;
  /** Every root key (normally one; two while the configured root key replaces a generated one). */
  listRoot(): Promise<AccessKey[]>;
  listForUser(ramUserId: string): Promise<AccessKey[]>;
  setStatus(id: string, status: Status): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface NonceRepository {
  /** Records a nonce; false if it was already recorded and has not expired (a replay). */
  claim(nonce: string, expireTime: number, now: number): Promise<boolean>;
  /** Drops expired nonces; returns how many. */
  prune(now: number): Promise<number>;
}

/** Failed authentications per subject in fixed windows (src/core/auth-throttle.ts). */
export interface AuthFailureRepository {
  /** Adds one failure to each subject in the window starting at `windowStart`; returns the counts after. */
  record(subjects: readonly string[], windowStart: number, expireTime: number): Promise<Map<string, number>>;
  /** The subjects' failures in the window starting at `windowStart` (absent: none). */
  counts(subjects: readonly string[], windowStart: number): Promise<Map<string, number>>;
  /** Drops counters whose window has ended; returns how many. */
  prune(now: number): Promise<number>;
}

/** An event as LookupEvents reads it back. */
export interface StoredAuditEvent extends AuditEvent {
  readonly eventId: string;
  readonly serviceName: string;
  readonly eventName: string;
  readonly eventRW: 'Read' | 'Write';
}

/** LookupEvents' conditions: a time range, attribute equalities (ANDed), a keyset cursor. */
export interface AuditQuery {
  readonly startTime: number;
  readonly endTime: number;
  readonly where: Partial<Record<AuditAttribute, string>>;
  /** Newest first (ActionTrail's default BACKWARD) or oldest first. */
  readonly direction: 'BACKWARD' | 'FORWARD';
  /** Continue after this event (its time and ID). */
  readonly after?: { readonly time: number; readonly eventId: string } | undefined;
  readonly limit: number;
}

export type AuditAttribute = 'eventName' | 'eventId' | 'serviceName' | 'user' | 'accessKeyId' | 'resourceType' | 'resourceName' | 'eventRW';

export interface AuditRepository {
  record(e: AuditEvent): Promise<void>;
  /**
   * Records the audit row of a change that emits webhook events, and returns the endpoints
   * enabled at that moment of its transaction, to which those events fan out (the outbox,
   * core/webhooks/events.ts). On PostgreSQL one statement, so one round trip, not two.
   */
  recordChange(e: AuditEvent): Promise<WebhookEndpoint[]>;
  list(directoryId: string, limit: number): Promise<AuditEvent[]>;
  lookup(q: AuditQuery): Promise<StoredAuditEvent[]>;
  /** Deletes at most `batch` events older than `before`; returns how many. */
  prune(before: number, batch: number): Promise<number>;
}

export interface MetaRepository {
  get(name: string): Promise<string | undefined>;
  /** Sets the value only if none is set yet; returns the value now stored. */
  setIfAbsent(name: string, value: string): Promise<string>;
}
