/**
 * Storage for the Resource Directory: the one directory this deployment's management account
 * owns, and its member accounts (docs/decisions/0060-accounts-and-per-account-ram.md).
 */
export interface ResourceDirectory {
  readonly id: string;
  readonly masterAccountId: string;
  readonly masterAccountName: string;
  readonly rootFolderId: string;
  readonly createTime: number;
}

export type AccountType = 'CloudAccount' | 'ResourceAccount';

export interface Account {
  readonly id: string;
  readonly resourceDirectoryId: string;
  readonly accountName: string;
  readonly displayName: string;
  readonly type: AccountType;
  readonly joinMethod: 'created' | 'invited';
  readonly status: string;
  readonly folderId: string;
  readonly joinTime: number;
  readonly modifyTime: number;
}

export interface AccountRepository {
  getDirectory(): Promise<ResourceDirectory | undefined>;
  insertDirectory(rd: ResourceDirectory): Promise<void>;
  insertAccount(a: Account): Promise<void>;
  getAccount(id: string): Promise<Account | undefined>;
  /** Accounts in join order, `offset` skipped. */
  listAccounts(offset: number, limit: number): Promise<Account[]>;
  countAccounts(): Promise<number>;
  updateAccount(a: Account): Promise<void>;
  /** Deletes the account and everything in its RAM namespace. */
  deleteAccount(id: string): Promise<void>;
  /** Hands RAM rows that predate accounts (account ID '') to the management account. */
  adoptUnowned(accountId: string): Promise<number>;
}
