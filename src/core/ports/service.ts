import type { Status } from '../model.js';

/** CloudSSO switched on or off for an account, and its delegated administrators (docs/decisions/0150). */
export interface DelegateAccount {
  readonly accountId: string;
  readonly status: Status;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface ServiceRepository {
  /** The stored switch of `accountId`, undefined when it was never switched. */
  getStatus(accountId: string): Promise<Status | undefined>;
  setStatus(accountId: string, status: Status, time: number): Promise<void>;
  /**
   * Locks the account's service row until the transaction ends (creating it as `initial` if
   * absent; PostgreSQL `FOR UPDATE`, SQLite writes are serial), so DisableService and
   * CreateDirectory cannot both pass their checks.
   */
  lock(accountId: string, initial: Status, time: number): Promise<Status>;
  getDelegate(accountId: string): Promise<DelegateAccount | undefined>;
  putDelegate(d: DelegateAccount): Promise<void>;
  listDelegates(): Promise<DelegateAccount[]>;
}
