/**
 * STS temporary credentials (docs/decisions/0063-sts.md): an `STS.` AccessKey whose secret is
 * sealed by the secret box (HMAC verification needs it) and whose SecurityToken is kept only as a
 * SHA-256 hash. Deleting the role deletes them.
 */
export interface StsCredential {
  readonly id: string;
  readonly accountId: string;
  readonly roleId: string;
  readonly sessionName: string;
  /** The narrowing `Policy` given to AssumeRole, if any. */
  readonly sessionPolicy: string | null;
  /** Who assumed the role (an ARN), for the audit trail and GetCallerIdentity. */
  readonly caller: string;
  readonly createTime: number;
  readonly expireTime: number;
}

export interface StsRepository {
  insert(c: StsCredential, secretEncrypted: string, tokenHash: string): Promise<void>;
  get(id: string): Promise<(StsCredential & { secretEncrypted: string; tokenHash: string }) | undefined>;
  /** Drops credentials expired before `now`; returns how many. */
  prune(now: number): Promise<number>;
}
