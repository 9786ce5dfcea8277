import { Type } from '@sinclair/typebox';
import type { IdpConfiguration } from '../../core/sign-in/saml-idp.js';
import { toCloudSSOTime } from '../../core/time.js';

/** Wire shapes of the sign-in settings (cloudsso-access.md §4-6), field names as the SDK models have them. */
export const StatusParam = (name: string) =>
  Type.Union([Type.Literal('Enabled'), Type.Literal('Disabled')], { errorMessage: `${name} must be Enabled or Disabled` });

export const SAMLIdentityProviderConfigurationSchema = Type.Object({
  DirectoryId: Type.String(),
  EncodedMetadataDocument: Type.String(),
  EntityId: Type.String(),
  LoginUrl: Type.String(),
  CertificateIds: Type.Array(Type.String()),
  WantRequestSigned: Type.Boolean(),
  BindingType: Type.String(),
  SSOStatus: Type.String(),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
});

/** With no IdP configured: SSO Disabled, every other field empty. */
export const toWireIdpConfiguration = (c: IdpConfiguration) => ({
  DirectoryId: c.directoryId,
  EncodedMetadataDocument: c.idp?.encodedMetadataDocument ?? '',
  EntityId: c.idp?.entityId ?? '',
  LoginUrl: c.idp?.loginUrl ?? '',
  CertificateIds: [...c.certificateIds],
  WantRequestSigned: c.idp?.wantRequestSigned ?? false,
  BindingType: c.idp?.bindingType ?? 'Post',
  SSOStatus: c.idp?.ssoStatus ?? 'Disabled',
  CreateTime: c.idp ? toCloudSSOTime(c.idp.createTime) : '',
  UpdateTime: c.idp ? toCloudSSOTime(c.idp.updateTime) : '',
});
