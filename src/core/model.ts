/** The core's entities, in its own vocabulary (times are epoch milliseconds). */
export type Status = 'Enabled' | 'Disabled';
export type ProvisionType = 'Manual' | 'Synchronized';

export interface Directory {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly scimSyncEnabled: boolean;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface SCIMServerCredential {
  readonly id: string;
  readonly directoryId: string;
  readonly status: Status;
  readonly createTime: number;
  readonly expireTime: number;
  readonly lastUsedTime: number | null;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface User {
  readonly id: string;
  readonly directoryId: string;
  readonly userName: string;
  readonly displayName: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly description: string | null;
  readonly status: Status;
  readonly provisionType: ProvisionType;
  readonly externalId: { readonly id: string; readonly issuer: string } | null;
  /** The SCIM document as last written by an IdP (attributes CloudSSO lacks round-trip through it). */
  readonly scim: Record<string, unknown> | null;
  readonly version: number;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface Group {
  readonly id: string;
  readonly directoryId: string;
  readonly name: string;
  readonly description: string | null;
  readonly provisionType: ProvisionType;
  readonly externalId: string | null;
  readonly scim: Record<string, unknown> | null;
  readonly version: number;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface AccessKey {
  readonly id: string;
  readonly principalType: 'root' | 'user';
  readonly ramUserId: string | null;
  readonly status: Status;
  readonly createTime: number;
}

/** Who is acting: the edges pass it into every write so the audit trail can name them. */
export type Actor =
  | { readonly type: 'access-key'; readonly id: string }
  | { readonly type: 'scim-credential'; readonly id: string }
  | { readonly type: 'system'; readonly id: string };
