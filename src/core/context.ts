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
  readonly accessConfigurationsPerDirectory: number;
  readonly userProvisioningsPerDirectory: number;
}

export interface CoreSettings {
  readonly regionId: string;
  readonly accountId: string;
  readonly quotas: Quotas;
  /** The server's public base URL (`https://sso.example.com`), when configured; absolute URLs derive from it. */
  readonly publicUrl?: string;
  /** CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS (docs/decisions/0190-webhooks.md); false if absent. */
  readonly webhookAllowPrivateTargets?: boolean;
  /** CLOUDSSO_DEVICE_POLL_INTERVAL: the device flow's `Interval`, in seconds; 5 if absent. */
  readonly devicePollInterval?: number;
}

/** Everything a core operation needs, passed explicitly: no ambient state. */
export interface CoreContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: CoreSettings;
  readonly secretBox: SecretBox;
  /** Wakes this process's task runner (core/task-runner.ts); absent where none runs. */
  readonly tasks?: TaskSignal;
}

/** See kickTasks (core/tasks.ts): call it after the transaction that submitted tasks has committed. */
export interface TaskSignal {
  kick(): void;
}

export const DEFAULT_QUOTAS: Quotas = {
  directories: 1,
  usersPerDirectory: 1000,
  groupsPerDirectory: 500,
  scimCredentialsPerDirectory: 2,
  accessKeysPerRamUser: 2,
  accessConfigurationsPerDirectory: 1000,
  userProvisioningsPerDirectory: 1000,
};

/**
 * SCIM credentials expire one calendar year after creation (CloudSSO: created 2021-11-09T08:12:52Z,
 * expires 2022-11-09T08:12:52Z). A credential created on 29 February expires on 1 March.
 */
export function oneYearAfter(epochMs: number): number {
  const d = new Date(epochMs);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}
