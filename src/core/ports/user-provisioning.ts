/**
 * RAM user provisioning (cloudsso-access.md §7; docs/decisions/0180-user-provisioning.md): a
 * CloudSSO user, or a group's users, kept as RAM users in a Resource Directory member account.
 * Times are epoch milliseconds.
 */
export const DUPLICATION_STRATEGIES = ['KeepBoth', 'TakeOver'] as const;
export type DuplicationStrategy = (typeof DUPLICATION_STRATEGIES)[number];
export const DELETION_STRATEGIES = ['Delete', 'Keep'] as const;
export type DeletionStrategy = (typeof DELETION_STRATEGIES)[number];
export const EVENT_SOURCE_TYPES = ['StartProvisioning', 'DeleteProvisioning', 'AddUserToGroup', 'RemoveUserFromGroup', 'UserProvisioningDeletionClearing'] as const;
export type EventSourceType = (typeof EVENT_SOURCE_TYPES)[number];

export type RamUserOrigin = 'Created' | 'KeptBoth' | 'TakenOver';

export interface UserProvisioning {
  readonly id: string;
  readonly directoryId: string;
  readonly principalType: 'User' | 'Group';
  readonly principalId: string;
  readonly targetType: 'RD-Account';
  readonly targetId: string;
  readonly description: string | null;
  readonly duplicationStrategy: DuplicationStrategy;
  readonly deletionStrategy: DeletionStrategy;
  readonly status: 'Enabled' | 'Disabled';
  /** When a synchronization of it last ended (LatestAsyncTime). */
  readonly latestAsyncTime: number | null;
  readonly createTime: number;
  readonly updateTime: number;
}

/** Which RAM user of the member account stands for a CloudSSO user, per provisioning. */
export interface ProvisionedRamUser {
  readonly userProvisioningId: string;
  readonly directoryId: string;
  readonly userId: string;
  readonly accountId: string;
  readonly ramUserId: string;
  /**
   * `Created`: made by CloudSSO with the user's name; `KeptBoth`: made as `<name>_sso` beside a RAM
   * user of that name (KeepBoth); `TakenOver`: an existing RAM user adopted (TakeOver).
   */
  readonly origin: RamUserOrigin;
}

/** A synchronization that failed: kept until it is retried to success or deleted. */
export interface UserProvisioningEvent {
  readonly id: string;
  readonly directoryId: string;
  readonly userProvisioningId: string;
  readonly principalType: string;
  readonly principalId: string;
  readonly principalName: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly targetName: string;
  readonly sourceType: EventSourceType;
  readonly errorCount: number;
  readonly errorInfo: string;
  readonly latestAsyncTime: number;
  readonly duplicationStrategy: DuplicationStrategy;
  readonly deletionStrategy: DeletionStrategy;
  /** The synchronization to run again (SyncJob, JSON). */
  readonly payload: unknown;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface UserProvisioningConfiguration {
  readonly directoryId: string;
  readonly defaultLandingPage: string;
  /** Hours, 1-24. */
  readonly sessionDuration: number;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface UserProvisioningQuery {
  readonly principal?: { readonly type: string; readonly id: string } | undefined;
  readonly targetId?: string | undefined;
}

export interface UserProvisioningRepository {
  insert(up: UserProvisioning): Promise<void>;
  get(directoryId: string, id: string): Promise<UserProvisioning | undefined>;
  find(directoryId: string, principalType: string, principalId: string, targetId: string): Promise<UserProvisioning | undefined>;
  update(up: UserProvisioning): Promise<void>;
  delete(directoryId: string, id: string): Promise<void>;
  /** Newest first is not needed: ordered by ID, keyset after `after`. */
  list(directoryId: string, q: UserProvisioningQuery, after: string | undefined, limit: number): Promise<UserProvisioning[]>;
  count(directoryId: string, q: UserProvisioningQuery): Promise<number>;
  /** One principal's provisionings, ordered by ID (the hooks of member and user changes). */
  ofPrincipal(directoryId: string, principal: { readonly type: string; readonly id: string }): Promise<UserProvisioning[]>;
  setLatestAsyncTime(id: string, time: number): Promise<void>;
  /** The latest LatestAsyncTime over the provisionings and events on an account. */
  latestAsyncTimeOnAccount(directoryId: string, accountId: string): Promise<number | null>;

  putRamUser(m: ProvisionedRamUser): Promise<void>;
  ramUsersOf(userProvisioningId: string): Promise<ProvisionedRamUser[]>;
  ramUserOf(userProvisioningId: string, userId: string): Promise<ProvisionedRamUser | undefined>;
  /** The mappings of a CloudSSO user in the directory, over all provisionings. */
  ramUsersOfUser(directoryId: string, userId: string): Promise<ProvisionedRamUser[]>;
  /** The provisionings that keep a RAM user for the user, or provision the user itself, by ID. */
  ofUser(directoryId: string, userId: string): Promise<UserProvisioning[]>;
  /** Mappings on the account that point at a RAM user (a RAM user shared by two provisionings). */
  mappingsOfRamUser(ramUserId: string): Promise<ProvisionedRamUser[]>;
  deleteRamUser(userProvisioningId: string, userId: string): Promise<void>;

  insertEvent(e: UserProvisioningEvent): Promise<void>;
  getEvent(directoryId: string, id: string): Promise<UserProvisioningEvent | undefined>;
  updateEvent(e: UserProvisioningEvent): Promise<void>;
  deleteEvent(directoryId: string, id: string): Promise<void>;
  listEvents(directoryId: string, userProvisioningId: string | undefined, after: string | undefined, limit: number): Promise<UserProvisioningEvent[]>;
  countEvents(directoryId: string, filter: { userProvisioningId?: string; targetId?: string }): Promise<number>;

  getConfiguration(directoryId: string): Promise<UserProvisioningConfiguration | undefined>;
  putConfiguration(c: UserProvisioningConfiguration): Promise<void>;
}
