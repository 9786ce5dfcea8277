/**
 * Storage of the programmatic portal API (migration 0130-portal-api; docs/decisions/0136): device
 * authorizations and bearer access tokens, both found by the SHA-256 of their secret.
 */
export type DeviceGrantStatus = 'pending' | 'approved' | 'denied';

export interface DeviceGrant {
  readonly deviceCodeHash: string;
  readonly userCode: string;
  readonly codeChallenge: string;
  readonly status: DeviceGrantStatus;
  readonly directoryId: string | null;
  readonly userId: string | null;
  /** When the access token will expire (the approving portal session's end), once approved. */
  readonly tokenExpireTime: number | null;
  readonly createTime: number;
  readonly expireTime: number;
}

export interface PortalAccessToken {
  readonly directoryId: string;
  readonly userId: string;
  readonly userName: string;
  readonly userStatus: string;
  readonly createTime: number;
  readonly expireTime: number;
  /** The one account and access configuration the token has got credentials for (decision 0165); undefined when none or more than one. */
  readonly selection: { readonly accountId: string; readonly accessConfigurationId: string } | undefined;
}

export interface PortalApiRepository {
  insertGrant(g: DeviceGrant): Promise<void>;
  getGrant(deviceCodeHash: string): Promise<DeviceGrant | undefined>;
  getGrantByUserCode(userCode: string): Promise<DeviceGrant | undefined>;
  /** pending → approved/denied; false if it was no longer pending. */
  decideGrant(userCode: string, status: 'approved' | 'denied', d: { directoryId: string; userId: string; tokenExpireTime: number }): Promise<boolean>;
  /** Deletes the grant (exchanged once); false if it was gone already. */
  deleteGrant(deviceCodeHash: string): Promise<boolean>;
  insertToken(tokenHash: string, t: { directoryId: string; userId: string; createTime: number; expireTime: number }): Promise<void>;
  /** The token with its user's name and status; undefined if unknown or its user is gone. */
  getToken(tokenHash: string): Promise<PortalAccessToken | undefined>;
  deleteUserTokens(userId: string): Promise<number>;
  /** Records a choice the token got credentials for: the first is kept; a different later one makes the selection ambiguous. */
  recordSelection(tokenHash: string, accountId: string, accessConfigurationId: string): Promise<void>;
  /** Drops up to `batch` expired grants and up to `batch` expired tokens (expire_time < now); returns how many. */
  prune(now: number, batch: number): Promise<number>;
}
