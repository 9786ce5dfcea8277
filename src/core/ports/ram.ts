/**
 * What the RAM core needs from storage: RAM users, RAM groups and their members, roles, SAML
 * providers, custom policies and policy attachments (the access keys themselves live in
 * `AccessKeyRepository`). Every entity belongs to one account (docs/decisions/0060): names are
 * unique within their account, case-insensitively for users, groups, roles and SAML providers (a
 * folded key column), exactly for policies. IDs are unique across accounts.
 */
export interface RamUser {
  readonly id: string;
  readonly accountId: string;
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
  readonly accountId: string;
  readonly name: string;
  readonly comments: string | null;
  readonly createTime: number;
  readonly updateTime: number;
}

/** A membership seen from either side; `joinTime` is null for memberships older than the column. */
export type Joined<T> = T & { readonly joinTime: number | null };

export type RamUserChanges = Partial<Pick<RamUser, 'name' | 'displayName' | 'comments' | 'email' | 'mobilePhone'>> & { readonly updateTime: number };
export type RamGroupChanges = Partial<Pick<RamGroup, 'name' | 'comments'>> & { readonly updateTime: number };

export interface RamRole {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly description: string | null;
  /** The trust policy, exactly as given. */
  readonly trustPolicy: string;
  /** Seconds, 3600 to 43200. */
  readonly maxSessionDuration: number;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface SamlProvider {
  readonly accountId: string;
  readonly name: string;
  readonly description: string | null;
  /** The Base64 metadata document as given. */
  readonly metadata: string;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface Policy {
  readonly accountId: string;
  readonly name: string;
  readonly description: string | null;
  /** The document exactly as it was given (RAM returns it verbatim). */
  readonly document: string;
  readonly createTime: number;
  readonly updateTime: number;
}

export type PolicyPrincipalType = 'user' | 'group' | 'role';
export type PolicyKind = 'Custom' | 'System';

export interface PolicyAttachment {
  readonly accountId: string;
  readonly policyType: PolicyKind;
  readonly policyName: string;
  readonly principalType: PolicyPrincipalType;
  readonly principalId: string;
  readonly attachTime: number;
}

/**
 * A policy attached to a principal: a Custom one comes with its row, a System one by name only
 * (the catalogue has its document).
 */
export interface AttachedPolicyRef {
  readonly policyType: PolicyKind;
  readonly policyName: string;
  readonly attachTime: number;
  readonly custom: Policy | null;
  readonly via: PolicyPrincipalType;
}

/** One page of a name-ordered list; `marker` is the last name returned when more follow. */
export interface NamePage<T> {
  readonly items: readonly T[];
  readonly truncated: boolean;
}

export interface RamRepository {
  insertUser(u: RamUser): Promise<void>;
  getUser(id: string): Promise<RamUser | undefined>;
  getUserByName(accountId: string, name: string): Promise<RamUser | undefined>;
  /** Users ordered by folded name, after the folded `after` if given. */
  listUsers(accountId: string, after: string | undefined, limit: number): Promise<NamePage<RamUser>>;
  /** Changes the given fields (a new name re-keys it: a taken name is RamUserNameTaken). */
  updateUser(id: string, changes: RamUserChanges): Promise<void>;
  /**
   * Records a sign-in, at most one write per `granularityMs` per user: written only if the
   * recorded one is `granularityMs` or more before `time`. True if it wrote.
   */
  recordLogin(id: string, time: number, granularityMs: number): Promise<boolean>;
  deleteUser(id: string): Promise<void>;
  /** Locks the user row until the transaction ends (PostgreSQL; SQLite writes are serial). */
  lockUser(id: string): Promise<void>;

  insertGroup(g: RamGroup): Promise<void>;
  getGroup(id: string): Promise<RamGroup | undefined>;
  getGroupByName(accountId: string, name: string): Promise<RamGroup | undefined>;
  listGroups(accountId: string, after: string | undefined, limit: number): Promise<NamePage<RamGroup>>;
  updateGroup(id: string, changes: RamGroupChanges): Promise<void>;
  deleteGroup(id: string): Promise<void>;

  /** False if the user already was a member. */
  addMember(groupId: string, userId: string, joinTime: number): Promise<boolean>;
  /** False if the user was not a member. */
  removeMember(groupId: string, userId: string): Promise<boolean>;
  groupsOfUser(userId: string): Promise<Joined<RamGroup>[]>;
  membersOfGroup(groupId: string): Promise<Joined<RamUser>[]>;

  insertRole(r: RamRole): Promise<void>;
  getRole(id: string): Promise<RamRole | undefined>;
  getRoleByName(accountId: string, name: string): Promise<RamRole | undefined>;
  listRoles(accountId: string, after: string | undefined, limit: number): Promise<NamePage<RamRole>>;
  updateRole(r: RamRole): Promise<void>;
  /** Deletes the role; its STS credentials go with it (revoked). */
  deleteRole(id: string): Promise<void>;

  insertSamlProvider(s: SamlProvider): Promise<void>;
  getSamlProvider(accountId: string, name: string): Promise<SamlProvider | undefined>;
  listSamlProviders(accountId: string, after: string | undefined, limit: number): Promise<NamePage<SamlProvider>>;
  deleteSamlProvider(accountId: string, name: string): Promise<void>;

  insertPolicy(p: Policy): Promise<void>;
  getPolicy(accountId: string, name: string): Promise<Policy | undefined>;
  listPolicies(accountId: string, after: string | undefined, limit: number): Promise<NamePage<Policy & { attachmentCount: number }>>;
  deletePolicy(accountId: string, name: string): Promise<void>;

  /** False if the policy was attached to that principal already. */
  attach(a: PolicyAttachment): Promise<boolean>;
  /** False if it was not attached. */
  detach(policyType: PolicyKind, policyName: string, principalType: PolicyPrincipalType, principalId: string): Promise<boolean>;
  /** Policies attached to one principal, in attachment order. */
  policiesOf(principalType: PolicyPrincipalType, principalId: string): Promise<AttachedPolicyRef[]>;
  attachmentsOfPolicy(accountId: string, policyType: PolicyKind, policyName: string): Promise<PolicyAttachment[]>;
  /**
   * Every policy attached to the user or to a group the user belongs to, read in one query so
   * the authorizer sees one consistent state. Ordered by attachment (user first, then groups).
   */
  effectivePolicies(userId: string): Promise<AttachedPolicyRef[]>;
}
