import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/clients.js';
import { client, newDirectory, startManagementServer, storeOf } from '../support/management.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess, TIME } from '../support/wire.js';
import { base64, body, entraMetadata, oktaMetadata, testCertificate } from './fixtures/saml-metadata.js';

/**
 * The sign-in settings of a directory through the management API (cloudsso-access.md §4-6): MFA
 * (both generations of the switch, per user, devices), the login preference, the external SAML
 * IdP with its certificates, and the directory as SAML SP. docs/decisions/0075-sign-in-settings.md.
 */
const CERT_A = testCertificate('idp-a.example.com');
const CERT_B = testCertificate('idp-b.example.com');
const CERT_C = testCertificate('idp-c.example.com');

describe.each(DIALECTS)('sign-in settings on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    node = await startManagementServer(dialect);
    api = client(node);
  });
  afterAll(() => node?.close());

  // Newest first from the store; oldest first here.
  // The successful writes after the directory's creation (audited too, docs/decisions/0030; failed
  // calls are recorded by the edge, docs/decisions/0055).
  const auditActions = async (directoryId: string) =>
    (await storeOf(node).audit.list(directoryId, 1000))
      .filter((e) => !e.errorCode && e.action !== 'CreateDirectory')
      .map((e) => e.action)
      .reverse();

  it('MFA: one stored mode read through both generations of the switch', async () => {
    const DirectoryId = await newDirectory(api, 'mfa');
    const status = await api.call('GetMFAAuthenticationStatus', { DirectoryId });
    expectSuccess(status, ['MFAAuthenticationStatus']);
    expect(status.MFAAuthenticationStatus).toBe('Enabled');
    const info = await api.call('GetMFAAuthenticationSettingInfo', { DirectoryId });
    expectSuccess(info, ['MFAAuthenticationSettingInfo']);
    // The inner key's casing is CloudSSO's own, and OperationForRiskLogin only comes with the modes it applies to.
    expect(info.MFAAuthenticationSettingInfo).toEqual({ MfaAuthenticationAdvanceSettings: 'Enabled', AllowedVerificationTypes: ['TOTP'] });

    expectSuccess(
      await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Byuser', OperationForRiskLogin: 'EnforceVerify' }),
      [],
    );
    expect((await api.call('GetMFAAuthenticationSettingInfo', { DirectoryId })).MFAAuthenticationSettingInfo).toEqual({
      MfaAuthenticationAdvanceSettings: 'Byuser',
      OperationForRiskLogin: 'EnforceVerify',
      AllowedVerificationTypes: ['TOTP'],
    });
    expect((await api.call('GetMFAAuthenticationStatus', { DirectoryId })).MFAAuthenticationStatus).toBe('Enabled');
    const deprecated = await api.call('GetMFAAuthenticationSettings', { DirectoryId });
    expectSuccess(deprecated, ['MFAAuthenticationAdvanceSettings']);
    expect(deprecated.MFAAuthenticationAdvanceSettings).toBe('Byuser');

    // The SDKs' "shrink" form: the list as one JSON string.
    await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'OnlyRiskyLogin', AllowedVerificationTypes: '["TOTP","WebAuthn"]' });
    expect((await api.call('GetMFAAuthenticationSettingInfo', { DirectoryId })).MFAAuthenticationSettingInfo).toEqual({
      MfaAuthenticationAdvanceSettings: 'OnlyRiskyLogin',
      OperationForRiskLogin: 'EnforceVerify',
      AllowedVerificationTypes: ['TOTP', 'WebAuthn'],
    });

    await api.call('SetMFAAuthenticationStatus', { DirectoryId, MFAAuthenticationStatus: 'Disabled' });
    expect((await api.call('GetMFAAuthenticationStatus', { DirectoryId })).MFAAuthenticationStatus).toBe('Disabled');
    expect((await api.call('GetMFAAuthenticationSettingInfo', { DirectoryId })).MFAAuthenticationSettingInfo.MfaAuthenticationAdvanceSettings).toBe('Disabled');

    expectFailure(await api.fail('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Sometimes' }), 'InvalidParameter.MFAAuthenticationSettings', 400);
    expectFailure(await api.fail('SetMFAAuthenticationStatus', { DirectoryId }), 'MissingParameter.MFAAuthenticationStatus', 400);
    expectFailure(
      await api.fail('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Enabled', AllowedVerificationTypes: '["SMS"]' }),
      'InvalidParameter.AllowedVerificationTypes',
      400,
    );
    expectFailure(await api.fail('GetMFAAuthenticationSettingInfo', { DirectoryId: 'd-000000000000' }), 'EntityNotExists.Directory', 404);
    expect(await auditActions(DirectoryId)).toEqual(['UpdateMFAAuthenticationSettings', 'UpdateMFAAuthenticationSettings', 'SetMFAAuthenticationStatus']);
  });

  it('MFA per user: Enabled until set; devices listed and removed by an administrator', async () => {
    const DirectoryId = await newDirectory(api, 'mfa-user');
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'alice' })).User.UserId as string;
    expect(await api.call('GetUserMFAAuthenticationSettings', { DirectoryId, UserId })).toMatchObject({ UserMFAAuthenticationSettings: 'Enabled' });
    await api.call('UpdateUserMFAAuthenticationSettings', { DirectoryId, UserId, UserMFAAuthenticationSettings: 'Disabled' });
    expect(await api.call('GetUserMFAAuthenticationSettings', { DirectoryId, UserId })).toMatchObject({ UserMFAAuthenticationSettings: 'Disabled' });
    expectFailure(
      await api.fail('UpdateUserMFAAuthenticationSettings', { DirectoryId, UserId: 'u-00000000000000000000', UserMFAAuthenticationSettings: 'Enabled' }),
      'EntityNotExists.User',
      404,
    );

    const empty = await api.call('ListMFADevicesForUser', { DirectoryId, UserId });
    expectSuccess(empty, ['MFADevices', 'TotalCounts']);
    expect(empty).toMatchObject({ TotalCounts: 0, MFADevices: [] });

    // Devices are bound by users at sign-in; seed one as the portal would.
    await storeOf(node).signIn.insertMfaDevice({
      id: 'mfa-00000000000000000001',
      directoryId: DirectoryId,
      userId: UserId,
      name: 'alice-phone',
      type: 'TOTP',
      secretSealed: 'v1.sealed',
      effectiveTime: Date.UTC(2026, 10, 1),
      lastUseTime: null,
    });
    const listed = await api.call('ListMFADevicesForUser', { DirectoryId, UserId });
    expect(listed).toMatchObject({
      TotalCounts: 1,
      MFADevices: [{ DeviceId: 'mfa-00000000000000000001', DeviceName: 'alice-phone', DeviceType: 'TOTP', EffectiveTime: '2026-11-01T00:00:00Z', UserId }],
    });
    expect(Object.keys(listed.MFADevices[0]).sort()).toEqual(['DeviceId', 'DeviceName', 'DeviceType', 'EffectiveTime', 'UserId']);
    expectFailure(await api.fail('DeleteMFADeviceForUser', { DirectoryId, UserId, MFADeviceId: 'mfa-nope' }), 'EntityNotExists.MFADevice', 404);
    expectSuccess(await api.call('DeleteMFADeviceForUser', { DirectoryId, UserId, MFADeviceId: 'mfa-00000000000000000001' }), []);
    expect((await api.call('ListMFADevicesForUser', { DirectoryId, UserId })).TotalCounts).toBe(0);
    expect(await auditActions(DirectoryId)).toEqual(['CreateUser', 'UpdateUserMFAAuthenticationSettings', 'DeleteMFADeviceForUser']);
  });

  it('login preference: masks normalised, omitted kept, ";" cleared, bad ones refused', async () => {
    const DirectoryId = await newDirectory(api, 'login');
    const initial = await api.call('GetLoginPreference', { DirectoryId });
    expectSuccess(initial, ['LoginPreference']);
    expect(initial.LoginPreference).toEqual({ AllowUserToGetCredentials: false, LoginNetworkMasks: '' });

    await api.call('SetLoginPreference', { DirectoryId, AllowUserToGetCredentials: true, LoginNetworkMasks: ' 192.168.0.0/16 ;10.0.0.1;;192.168.0.0/16' });
    expect((await api.call('GetLoginPreference', { DirectoryId })).LoginPreference).toEqual({
      AllowUserToGetCredentials: true,
      LoginNetworkMasks: '192.168.0.0/16;10.0.0.1',
    });
    await api.call('SetLoginPreference', { DirectoryId, AllowUserToGetCredentials: false });
    expect((await api.call('GetLoginPreference', { DirectoryId })).LoginPreference).toEqual({
      AllowUserToGetCredentials: false,
      LoginNetworkMasks: '192.168.0.0/16;10.0.0.1',
    });
    await api.call('SetLoginPreference', { DirectoryId, LoginNetworkMasks: ';' });
    expect((await api.call('GetLoginPreference', { DirectoryId })).LoginPreference.LoginNetworkMasks).toBe('');

    for (const bad of ['10.0.0.0/33', 'example.com', '::1', '010.0.0.1', '10.0.0.0/8;256.1.1.1']) {
      expectFailure(await api.fail('SetLoginPreference', { DirectoryId, LoginNetworkMasks: bad }), 'InvalidParameter.LoginNetworkMasks', 400);
    }
    const many = Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`).join(';');
    expectFailure(await api.fail('SetLoginPreference', { DirectoryId, LoginNetworkMasks: many }), 'InvalidParameter.LoginNetworkMasks', 400);
    await api.call('SetLoginPreference', { DirectoryId, LoginNetworkMasks: many.split(';').slice(0, 100).join(';') });
    expect((await api.call('GetLoginPreference', { DirectoryId })).LoginPreference.LoginNetworkMasks.split(';')).toHaveLength(100);
    expectFailure(await api.fail('SetLoginPreference', { DirectoryId, AllowUserToGetCredentials: 'sometimes' }), 'InvalidParameter.AllowUserToGetCredentials', 400);
  });

  it('the external IdP from Okta metadata: certificates described, at most two, SSO guarded', async () => {
    const DirectoryId = await newDirectory(api, 'saml-okta');
    const none = await api.call('GetExternalSAMLIdentityProvider', { DirectoryId });
    expectSuccess(none, ['SAMLIdentityProviderConfiguration']);
    expect(none.SAMLIdentityProviderConfiguration).toEqual({
      DirectoryId,
      EncodedMetadataDocument: '',
      EntityId: '',
      LoginUrl: '',
      CertificateIds: [],
      WantRequestSigned: false,
      BindingType: 'Post',
      SSOStatus: 'Disabled',
      CreateTime: '',
      UpdateTime: '',
    });
    expectFailure(
      await api.fail('SetExternalSAMLIdentityProvider', { DirectoryId, SSOStatus: 'Enabled' }),
      'OperationDenied.SAMLIdentityProviderIncomplete',
      409,
    );

    const metadata = base64(oktaMetadata(CERT_A));
    const set = await api.call('SetExternalSAMLIdentityProvider', { DirectoryId, EncodedMetadataDocument: metadata, WantRequestSigned: true });
    expectSuccess(set, ['SAMLIdentityProviderConfiguration']);
    const idp = set.SAMLIdentityProviderConfiguration;
    expect(idp).toMatchObject({
      DirectoryId,
      EncodedMetadataDocument: metadata,
      EntityId: 'http://www.okta.com/exk3qwgtjhetR2Od5d7',
      LoginUrl: 'https://dev-123456.okta.com/app/dev-123456_cloudsso_1/exk3qwgtjhetR2Od5d7/sso/saml',
      WantRequestSigned: true,
      BindingType: 'Post',
      SSOStatus: 'Disabled',
    });
    expect(idp.CreateTime).toMatch(TIME);
    expect(idp.CertificateIds).toHaveLength(1);
    expect(idp.CertificateIds[0]).toMatch(/^idp-c-[0-9a-z]{20}$/);

    const certs = await api.call('ListExternalSAMLIdPCertificates', { DirectoryId });
    expectSuccess(certs, ['SAMLIdPCertificates', 'TotalCounts']);
    expect(certs.TotalCounts).toBe(1);
    const [c] = certs.SAMLIdPCertificates;
    const native = new X509Certificate(CERT_A);
    expect(c).toEqual({
      CertificateId: idp.CertificateIds[0],
      Issuer: 'CN=idp-a.example.com,O=Open CloudSSO',
      Subject: 'CN=idp-a.example.com,O=Open CloudSSO',
      SerialNumber: native.serialNumber.toLowerCase(),
      NotBefore: expect.stringMatching(TIME),
      NotAfter: expect.stringMatching(TIME),
      SignatureAlgorithm: 'SHA256withRSA',
      Version: 3,
      PublicKey: native.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      X509Certificate: expect.stringContaining(body(CERT_A).slice(0, 64)),
    });

    expectFailure(await api.fail('AddExternalSAMLIdPCertificate', { DirectoryId, X509Certificate: CERT_A }), 'EntityAlreadyExists.SAMLIdPCertificate', 409);
    const second = (await api.call('AddExternalSAMLIdPCertificate', { DirectoryId, X509Certificate: CERT_B })).CertificateId as string;
    expect(second).toMatch(/^idp-c-/);
    expectFailure(await api.fail('AddExternalSAMLIdPCertificate', { DirectoryId, X509Certificate: CERT_C }), 'QuotaExceeded.SAMLIdPCertificate', 409);
    expectFailure(await api.fail('AddExternalSAMLIdPCertificate', { DirectoryId, X509Certificate: 'not a certificate' }), 'InvalidParameter.X509Certificate', 400);

    await api.call('SetExternalSAMLIdentityProvider', { DirectoryId, SSOStatus: 'Enabled' });
    expect((await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics.SSOEnabled).toBe(true);
    expectFailure(await api.fail('ClearExternalSAMLIdentityProvider', { DirectoryId }), 'OperationDenied.SSOEnabled', 409);
    await api.call('RemoveExternalSAMLIdPCertificate', { DirectoryId, CertificateId: second });
    expectFailure(await api.fail('RemoveExternalSAMLIdPCertificate', { DirectoryId, CertificateId: idp.CertificateIds[0] }), 'OperationDenied.SSOEnabled', 409);
    expectFailure(await api.fail('RemoveExternalSAMLIdPCertificate', { DirectoryId, CertificateId: second }), 'EntityNotExists.SAMLIdPCertificate', 404);
    expectFailure(await api.fail('DeleteDirectory', { DirectoryId }), 'DeletionConflict.Directory', 409);

    await api.call('SetExternalSAMLIdentityProvider', { DirectoryId, SSOStatus: 'Disabled' });
    expectSuccess(await api.call('ClearExternalSAMLIdentityProvider', { DirectoryId }), []);
    expect((await api.call('GetExternalSAMLIdentityProvider', { DirectoryId })).SAMLIdentityProviderConfiguration).toMatchObject({
      EntityId: '',
      CertificateIds: [],
      SSOStatus: 'Disabled',
    });
    expect((await api.call('ListExternalSAMLIdPCertificates', { DirectoryId })).TotalCounts).toBe(0);
    expect(await auditActions(DirectoryId)).toEqual([
      'SetExternalSAMLIdentityProvider',
      'AddExternalSAMLIdPCertificate',
      'SetExternalSAMLIdentityProvider',
      'RemoveExternalSAMLIdPCertificate',
      'SetExternalSAMLIdentityProvider',
      'ClearExternalSAMLIdentityProvider',
    ]);
    expectSuccess(await api.call('DeleteDirectory', { DirectoryId }), []);
  });

  it('the external IdP from Entra metadata (two certificates, Redirect binding), and field by field', async () => {
    const DirectoryId = await newDirectory(api, 'saml-entra');
    const set = await api.call('SetExternalSAMLIdentityProvider', { DirectoryId, EncodedMetadataDocument: base64(entraMetadata([CERT_A, CERT_B])), BindingType: 'Redirect' });
    expect(set.SAMLIdentityProviderConfiguration).toMatchObject({
      EntityId: 'https://sts.windows.net/5e1a3bbf-0e61-4f0f-9ae1-7b6d0c2a1f10/',
      LoginUrl: 'https://login.microsoftonline.com/5e1a3bbf-0e61-4f0f-9ae1-7b6d0c2a1f10/saml2',
      BindingType: 'Redirect',
    });
    expect(set.SAMLIdentityProviderConfiguration.CertificateIds).toHaveLength(2);

    // Field by field: only what is given changes; a certificate replaces every stored one.
    const manual = await api.call('SetExternalSAMLIdentityProvider', { DirectoryId, LoginUrl: 'https://idp.example.com/sso', X509Certificate: CERT_C });
    expect(manual.SAMLIdentityProviderConfiguration).toMatchObject({
      EntityId: 'https://sts.windows.net/5e1a3bbf-0e61-4f0f-9ae1-7b6d0c2a1f10/',
      LoginUrl: 'https://idp.example.com/sso',
      BindingType: 'Redirect',
    });
    const listed = await api.call('ListExternalSAMLIdPCertificates', { DirectoryId });
    expect(listed.SAMLIdPCertificates.map((c: { Subject: string }) => c.Subject)).toEqual(['CN=idp-c.example.com,O=Open CloudSSO']);

    const refused: Array<[Record<string, unknown>, string]> = [
      [{ EncodedMetadataDocument: base64('<md:EntityDescriptor') }, 'InvalidParameter.EncodedMetadataDocument'],
      [{ EncodedMetadataDocument: base64('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>') }, 'InvalidParameter.EncodedMetadataDocument'],
      [{ EncodedMetadataDocument: base64('<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>') }, 'InvalidParameter.EncodedMetadataDocument'],
      [{ EncodedMetadataDocument: 'not base64!' }, 'InvalidParameter.EncodedMetadataDocument'],
      [{ X509Certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }, 'InvalidParameter.X509Certificate'],
      [{ LoginUrl: 'javascript:alert(1)' }, 'InvalidParameter.LoginUrl'],
      [{ EntityId: '   ' }, 'InvalidParameter.EntityId'],
      [{ BindingType: 'Artifact' }, 'InvalidParameter.BindingType'],
      [{ SSOStatus: 'On' }, 'InvalidParameter.SSOStatus'],
    ];
    for (const [params, code] of refused) expectFailure(await api.fail('SetExternalSAMLIdentityProvider', { DirectoryId, ...params }), code, 400);
    // Nothing of a refused call was written.
    expect((await api.call('GetExternalSAMLIdentityProvider', { DirectoryId })).SAMLIdentityProviderConfiguration.LoginUrl).toBe('https://idp.example.com/sso');
  });

  it('the directory as SP: entity ID and ACS URL under the server, metadata with its certificate, the key sealed', async () => {
    const DirectoryId = await newDirectory(api, 'saml-sp');
    const got = await api.call('GetDirectorySAMLServiceProviderInfo', { DirectoryId });
    expectSuccess(got, ['SAMLServiceProvider']);
    const sp = got.SAMLServiceProvider;
    const base = `http://${node.endpoint}`;
    expect(sp).toEqual({
      DirectoryId,
      EntityId: `${base}/saml/sp/${DirectoryId}`,
      AcsUrl: expect.stringMatching(new RegExp(`^${base}/saml/acs/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)),
      EncodedMetadataDocument: expect.any(String),
      AuthnSignAlgo: 'rsa-sha256',
      CertificateType: 'self-signed',
      SupportEncryptedAssertion: false,
    });
    const metadata = Buffer.from(sp.EncodedMetadataDocument, 'base64').toString('utf8');
    expect(metadata).toContain(`entityID="${sp.EntityId}"`);
    expect(metadata).toContain(`Location="${sp.AcsUrl}"`);
    const certificate = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)?.[1] ?? '';
    expect(new X509Certificate(Buffer.from(certificate, 'base64')).subject).toContain(DirectoryId);
    // The same key and ACS URL on the next read; the private key is stored sealed.
    expect((await api.call('GetDirectorySAMLServiceProviderInfo', { DirectoryId })).SAMLServiceProvider.AcsUrl).toBe(sp.AcsUrl);
    const stored = await storeOf(node).signIn.getSpKey(DirectoryId);
    expect(stored?.privateKeySealed).toMatch(/^v1\./);
    expect(stored?.privateKeySealed).not.toContain('PRIVATE KEY');

    expectSuccess(await api.call('SetDirectorySAMLServiceProviderInfo', { DirectoryId, AuthnSignAlgo: 'rsa-sha1', SupportEncryptedAssertion: true }), []);
    expect((await api.call('GetDirectorySAMLServiceProviderInfo', { DirectoryId })).SAMLServiceProvider).toMatchObject({
      AuthnSignAlgo: 'rsa-sha1',
      SupportEncryptedAssertion: true,
      AcsUrl: sp.AcsUrl,
    });
    expectFailure(await api.fail('SetDirectorySAMLServiceProviderInfo', { DirectoryId, CertificateType: 'public' }), 'InvalidParameter.CertificateType', 400);
    expectFailure(await api.fail('SetDirectorySAMLServiceProviderInfo', { DirectoryId, AuthnSignAlgo: 'md5' }), 'InvalidParameter.AuthnSignAlgo', 400);
    expectFailure(await api.fail('GetDirectorySAMLServiceProviderInfo', { DirectoryId: 'd-000000000000' }), 'EntityNotExists.Directory', 404);
  });

  it('through pop-core (V1 signature, the metadata in the query string) as well', async () => {
    const v1 = client(node, 'pop-core POST');
    const DirectoryId = await newDirectory(v1, 'saml-v1');
    const set = await v1.call('SetExternalSAMLIdentityProvider', { DirectoryId, EncodedMetadataDocument: base64(oktaMetadata(CERT_B)), SSOStatus: 'Enabled' });
    expect(set.SAMLIdentityProviderConfiguration).toMatchObject({ SSOStatus: 'Enabled', BindingType: 'Post' });
    await v1.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Byuser', OperationForRiskLogin: 'Autonomous' });
    expect((await v1.call('GetMFAAuthenticationSettingInfo', { DirectoryId })).MFAAuthenticationSettingInfo.OperationForRiskLogin).toBe('Autonomous');
    expectFailure(await v1.fail('ClearExternalSAMLIdentityProvider', { DirectoryId }), 'OperationDenied.SSOEnabled', 409);
  });
});
