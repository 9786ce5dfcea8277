/**
 * What the RAM core needs from storage: RAM users, RAM groups and their members, custom policies
 * and their attachments (the access keys themselves live in `AccessKeyRepository`). Names are
 * unique case-insensitively for users and groups (a folded key column), exactly for policies.
 */
export interface RamUser {
  readonly id: string;
  readonly name: string;
  readonly displayName: string | null;
  readonly comments: string | null;
  readonly email: string | null;
  readonly mobilePhone: string | null;
  readonly createTime: number;
  readonly updateTime: number;
  /** When one of the user's AccessKeys last signed an accepted request (docs/decisions/0048). */
  readonly lastLoginTime: number | null;
}

export interface RamGroup {
  readonly id: string;
  readonly name: string;
  readonly comments: string | null;
  readonly createTime: number;
  readonly updateTime: number;
}

/** A membership seen from either side; `joinTime` is null for memberships older than the column. */
export type Joined<T> = T & { readonly joinTime: number | null };

export type RamUserChanges = Partial<Pick<RamUser, 'name' | 'displayName' | 'comments' | 'email' | 'mobilePhone'>> & { readonly updateTime: number };
export type RamGroupChanges = Partial<Pick<RamGroup, 'name' | 'comments'>> & { readonly updateTime: number };

export interface Policy {
  readonly name: string;
  readonly description: string | null;
  /** The document exactly as it was given (RAM returns it verbatim). */
  readonly document: string;
  readonly createTime: number;
  readonly updateTime: number;
}

export type PolicyPrincipalType = 'user' | 'group';

export interface PolicyAttachment {
  readonly policyName: string;
  readonly principalType: PolicyPrincipalType;
  readonly principalId: string;
  readonly attachTime: number;
}

/** A policy that applies to a RAM user, directly or through one of its groups. */
export interface EffectivePolicy {
  readonly policy: Policy;
  readonly via: PolicyPrincipalType;
  readonly attachTime: number;
}

/** One page of a name-ordered list; `marker` is the last name returned when more follow. */
export interface NamePage<T> {
  readonly items: readonly T[];
  readonly truncated: boolean;
}

export interface RamRepository {
  insertUser(u: RamUser): Promise<void>;
  getUser(id: string): Promise<RamUser | undefined>;
  getUserByName(name: string): Promise<RamUser | undefined>;
  /** Users ordered by folded name, after the folded `after` if given. */
  listUsers(after: string | undefined, limit: number): Promise<NamePage<RamUser>>;
  /** Changes the given fields (a new name re-keys it: a taken name is RamUserNameTaken). */
  updateUser(id: string, changes: RamUserChanges): Promise<void>;
  /** Records a sign-in, at most one write per `granularityMs` per user. */
  recordLogin(id: string, time: number, granularityMs: number): Promise<void>;
  deleteUser(id: string): Promise<void>;
  /** Locks the user row until the transaction ends (PostgreSQL; SQLite writes are serial). */
  lockUser(id: string): Promise<void>;

  insertGroup(g: RamGroup): Promise<void>;
  getGroup(id: string): Promise<RamGroup | undefined>;
  getGroupByName(name: string): Promise<RamGroup | undefined>;
  listGroups(after: string | undefined, limit: number): Promise<NamePage<RamGroup>>;
  updateGroup(id: string, changes: RamGroupChanges): Promise<void>;
  deleteGroup(id: string): Promise<void>;

  /** False if the user already was a member. */
  addMember(groupId: string, userId: string, joinTime: number): Promise<boolean>;
  /** False if the user was not a member. */
  removeMember(groupId: string, userId: string): Promise<boolean>;
  groupsOfUser(userId: string): Promise<Joined<RamGroup>[]>;
  membersOfGroup(groupId: string): Promise<Joined<RamUser>[]>;

  insertPolicy(p: Policy): Promise<void>;
  getPolicy(name: string): Promise<Policy | undefined>;
  listPolicies(after: string | undefined, limit: number): Promise<NamePage<Policy & { attachmentCount: number }>>;
  deletePolicy(name: string): Promise<void>;

  /** False if the policy was attached to that principal already. */
  attach(a: PolicyAttachment): Promise<boolean>;
  /** False if it was not attached. */
  detach(policyName: string, principalType: PolicyPrincipalType, principalId: string): Promise<boolean>;
  policiesOf(principalType: PolicyPrincipalType, principalId: string): Promise<(Policy & { attachTime: number })[]>;
  attachmentsOfPolicy(policyName: string): Promise<PolicyAttachment[]>;
  /**
   * Every policy attached to the user or to a group the user belongs to, read in one query so
   * the authorizer sees one consistent state. Ordered by attachment (user first, then groups).
   */
  effectivePolicies(userId: string): Promise<EffectivePolicy[]>;
}
