import type { AccessKey, Directory, SCIMServerCredential, Status } from '../model.js';
import type { GroupRepository, TagRepository, UserRepository } from './directory-entities.js';
import type { PasswordHistoryRepository } from './password-history.js';
import type { AccountRepository } from './accounts.js';
import type { RamRepository } from './ram.js';
import type { SignInRepository } from './sign-in.js';
import type { StsRepository } from './sts.js';

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
  readonly sts: StsRepository;
  readonly nonces: NonceRepository;
  readonly passwordHistory: PasswordHistoryRepository;
  readonly signIn: SignInRepository;
  readonly audit: AuditRepository;
  readonly meta: MetaRepository;
  /** Runs `fn` in one database transaction; the store passed to it is bound to that transaction. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Resolves when the database answers and every migration is applied. */
  ready(): Promise<boolean>;
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
  getSettings(id: string): Promise<Record<string, unknown>>;
  setSettings(id: string, settings: Record<string, unknown>): Promise<void>;
}

export interface SCIMCredentialRepository {
  insert(c: SCIMServerCredential, secretHash: string): Promise<void>;
  get(directoryId: string, id: string): Promise<SCIMServerCredential | undefined>;
  list(directoryId: string): Promise<SCIMServerCredential[]>;
  count(directoryId: string): Promise<number>;
  setStatus(directoryId: string, id: string, status: Status): Promise<void>;
  delete(directoryId: string, id: string): Promise<void>;
  /** The credential whose secret hashes to `secretHash`, with its directory's SCIM switch, read in one query. */
  findBySecretHash(secretHash: string): Promise<{ credential: SCIMServerCredential; scimSyncEnabled: boolean } | undefined>;
  touch(id: string, time: number): Promise<void>;
}

export interface AccessKeyRepository {
  insert(k: AccessKey, secretEncrypted: string): Promise<void>;
  get(id: string): Promise<(AccessKey & { secretEncrypted: string }) | undefined>;
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

export interface AuditEvent {
  readonly directoryId: string | null;
  readonly time: number;
  readonly actorType: string;
  readonly actorId: string;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly requestId: string | null;
}

export interface AuditRepository {
  record(e: AuditEvent): Promise<void>;
  list(directoryId: string, limit: number): Promise<AuditEvent[]>;
}

export interface MetaRepository {
  get(name: string): Promise<string | undefined>;
  /** Sets the value only if none is set yet; returns the value now stored. */
  setIfAbsent(name: string, value: string): Promise<string>;
}
