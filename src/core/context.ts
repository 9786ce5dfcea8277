import type { Clock } from './time.js';
import type { Store } from './ports/store.js';
import type { SecretBox } from './secret-box.js';

export interface Quotas {
  readonly directories: number;
  readonly usersPerDirectory: number;
  readonly groupsPerDirectory: number;
  /** CloudSSO allows at most two SCIM credentials per directory. */
  readonly scimCredentialsPerDirectory: number;
  readonly accessKeysPerRamUser: number;
}

export interface CoreSettings {
  readonly regionId: string;
  readonly accountId: string;
  readonly quotas: Quotas;
  /** SCIM credentials expire one year after creation in CloudSSO. */
  readonly scimCredentialValidityMs: number;
}

/** Everything a core operation needs, passed explicitly: no ambient state. */
export interface CoreContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: CoreSettings;
  readonly secretBox: SecretBox;
}

export const DEFAULT_QUOTAS: Quotas = {
  directories: 1,
  usersPerDirectory: 1000,
  groupsPerDirectory: 500,
  scimCredentialsPerDirectory: 2,
  accessKeysPerRamUser: 2,
};

export const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;
