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

/** What a signed call needs of the role an STS credential belongs to. */
export interface StsRole {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
}

export type StoredStsCredential = StsCredential & { readonly secretEncrypted: string; readonly tokenHash: string };

export interface StsRepository {
  insert(c: StsCredential, secretEncrypted: string, tokenHash: string): Promise<void>;
  /**
   * What every STS-signed call reads: the credential with its role (undefined if either is gone),
   * and the throttle's failure counts of `subjects` in the window starting at `windowStart`, as
   * `accessKeys.getWithFailures` reads them with a key. One statement on PostgreSQL.
   */
  getForCall(
    id: string,
    subjects: readonly string[],
    windowStart: number,
  ): Promise<{ credential: (StoredStsCredential & { readonly role: StsRole }) | undefined; failures: Map<string, number> }>;
  /** Drops credentials expired before `now`; returns how many. */
  prune(now: number): Promise<number>;
}
