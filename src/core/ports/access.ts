import type { Tag } from '../model.js';

/**
 * Storage for CloudSSO access (docs/decisions/0105, 0106): access configurations and their
 * permission policies, access assignments, and provisionings (an access configuration as it was
 * materialised in one account). Everything belongs to one directory; the directory row lock
 * (DirectoryRepository.lockExisting) serializes the writes that check counts and states.
 */
export interface AccessConfiguration {
  readonly id: string;
  readonly directoryId: string;
  readonly name: string;
  readonly description: string | null;
  /** The console page the session opens on; null: the console home. */
  readonly relayState: string | null;
  /** Seconds, 900 to 43200. */
  readonly sessionDuration: number;
  readonly createTime: number;
  readonly updateTime: number;
}

export type PermissionPolicyType = 'System' | 'Inline';

export interface PermissionPolicy {
  readonly accessConfigurationId: string;
  readonly type: PermissionPolicyType;
  readonly name: string;
  /** The Inline policy's document as given; null for a System policy (the catalogue has it). */
  readonly document: string | null;
  readonly addTime: number;
}

export type PrincipalType = 'User' | 'Group';
export type TargetType = 'RD-Account';

export interface AssignmentKey {
  readonly accessConfigurationId: string;
  readonly targetId: string;
  readonly principalType: PrincipalType;
  readonly principalId: string;
}

export interface AccessAssignment extends AssignmentKey {
  readonly directoryId: string;
  readonly targetType: TargetType;
  readonly createTime: number;
}

export type ProvisioningStatus = 'Provisioned' | 'ReprovisionRequired' | 'DeprovisionFailed';

export interface AccessProvisioning {
  readonly directoryId: string;
  readonly accessConfigurationId: string;
  readonly targetType: TargetType;
  readonly targetId: string;
  readonly status: ProvisioningStatus;
  readonly ramRoleName: string;
  /** Custom policies made in the account (the inline policy's). */
  readonly ramPolicyNames: readonly string[];
  readonly samlProviderName: string;
  /** First provisioning. */
  readonly createTime: number;
  /** Last provisioning (or state change). */
  readonly updateTime: number;
}

export interface ConfigurationQuery {
  /** Case-insensitive `eq` or `sw` on the name. */
  readonly name?: { readonly op: 'eq' | 'sw'; readonly value: string };
  /** Only those with a provisioning in status ReprovisionRequired. */
  readonly reprovisionRequired?: boolean;
  /** Only those carrying every one of these tags (key and value equal; decision 0175). */
  readonly tags?: readonly Tag[];
}

export interface AssignmentQuery {
  readonly accessConfigurationId?: string;
  readonly targetId?: string;
  readonly principal?: { readonly type: PrincipalType; readonly id: string };
}

export interface ProvisioningQuery {
  readonly accessConfigurationId?: string;
  readonly targetId?: string;
  readonly status?: ProvisioningStatus;
}

export interface AccessRepository {
  insertConfiguration(c: AccessConfiguration): Promise<void>;
  getConfiguration(directoryId: string, id: string): Promise<AccessConfiguration | undefined>;
  getConfigurationByName(directoryId: string, name: string): Promise<AccessConfiguration | undefined>;
  updateConfiguration(c: AccessConfiguration): Promise<void>;
  /** Deletes the configuration and its permission policies. */
  deleteConfiguration(id: string): Promise<void>;
  /** In ID (creation) order, after `after`. */
  listConfigurations(directoryId: string, q: ConfigurationQuery, after: string | undefined, limit: number): Promise<AccessConfiguration[]>;
  countConfigurations(directoryId: string, q?: ConfigurationQuery): Promise<number>;
  /** Which of `ids` have a provisioning in status ReprovisionRequired. */
  needingReprovision(ids: readonly string[]): Promise<Set<string>>;

  policiesOf(accessConfigurationId: string): Promise<PermissionPolicy[]>;
  insertPolicy(p: PermissionPolicy): Promise<void>;
  /** False if there was none. */
  deletePolicy(accessConfigurationId: string, type: PermissionPolicyType, name: string): Promise<boolean>;
  /** False if the configuration has no Inline policy of that name. */
  updateInlineDocument(accessConfigurationId: string, name: string, document: string): Promise<boolean>;

  insertAssignment(a: AccessAssignment): Promise<void>;
  getAssignment(k: AssignmentKey): Promise<AccessAssignment | undefined>;
  /** False if there was none. */
  deleteAssignment(k: AssignmentKey): Promise<boolean>;
  /** In key order (configuration, target, principal type, principal), after the encoded key `after`. */
  listAssignments(directoryId: string, q: AssignmentQuery, after: AssignmentKey | undefined, limit: number): Promise<AccessAssignment[]>;
  countAssignments(directoryId: string, q?: AssignmentQuery): Promise<number>;
  /**
   * The distinct targets (account IDs) that assignments of any of `principalIds` (users' and
   * groups' IDs) reach, in ID order, after `after`: a page of the portal's account list.
   */
  listTargetsOfPrincipals(directoryId: string, principalIds: readonly string[], after: string | undefined, limit: number): Promise<string[]>;
  /** The assignments of any of `principalIds` on any of `targetIds`. */
  listAssignmentsOfPrincipalsOn(directoryId: string, principalIds: readonly string[], targetIds: readonly string[]): Promise<AccessAssignment[]>;
  /** Deletes every assignment of a principal (a user or group SCIM deletes); returns how many. */
  deleteAssignmentsOfPrincipal(directoryId: string, type: PrincipalType, id: string): Promise<number>;

  getProvisioning(accessConfigurationId: string, targetId: string): Promise<AccessProvisioning | undefined>;
  /** Inserts or replaces the provisioning of the configuration on the target. */
  putProvisioning(p: AccessProvisioning): Promise<void>;
  deleteProvisioning(accessConfigurationId: string, targetId: string): Promise<boolean>;
  listProvisionings(
    directoryId: string,
    q: ProvisioningQuery,
    after: { accessConfigurationId: string; targetId: string } | undefined,
    limit: number,
  ): Promise<AccessProvisioning[]>;
  countProvisionings(directoryId: string, q?: ProvisioningQuery): Promise<number>;
  /** Provisioned → ReprovisionRequired for every provisioning of the configuration; returns how many changed. */
  markReprovisionRequired(accessConfigurationId: string, time: number): Promise<number>;
}
