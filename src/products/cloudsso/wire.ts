import { Type } from '@sinclair/typebox';
import type { Directory, SCIMServerCredential } from '../../core/model.js';
import { toCloudSSOTime } from '../../core/time.js';

/** Wire shapes shared by several actions (cloudsso-api.md §2), as TypeBox schemas and mappers. */
export const DirectorySchema = Type.Object({
  DirectoryId: Type.String(),
  DirectoryName: Type.String(),
  Region: Type.String(),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
});

export const toWireDirectory = (d: Directory) => ({
  DirectoryId: d.id,
  DirectoryName: d.name,
  Region: d.region,
  CreateTime: toCloudSSOTime(d.createTime),
  UpdateTime: toCloudSSOTime(d.updateTime),
});

export const SCIMServerCredentialSchema = Type.Object({
  Status: Type.String(),
  DirectoryId: Type.String(),
  CredentialId: Type.String(),
  CreateTime: Type.String(),
  CredentialType: Type.String(),
  ExpireTime: Type.String(),
});

export const toWireSCIMServerCredential = (c: SCIMServerCredential) => ({
  Status: c.status,
  DirectoryId: c.directoryId,
  CredentialId: c.id,
  CreateTime: toCloudSSOTime(c.createTime),
  CredentialType: 'BearerToken',
  ExpireTime: toCloudSSOTime(c.expireTime),
});

/** Reusable parameter schemas. */
export const DirectoryIdParam = Type.String({ minLength: 1, maxLength: 64, errorMessage: 'it must be a directory ID such as d-00fc2p61abcd' });
/** A Resource Directory account ID (EnableDelegateAccount and its kin). */
export const AccountIdParam = Type.String({ minLength: 1, maxLength: 64, errorMessage: 'it must be the ID of an account of the resource directory' });
export const StatusParam = Type.Union([Type.Literal('Enabled'), Type.Literal('Disabled')]);
