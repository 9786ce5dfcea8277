import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_MODES, makeClient } from './support/clients.js';
import { DIALECTS, startTestServer, type TestServer } from './support/server.js';
import { expectFailure } from './support/wire.js';

/**
 * Each real SDK client surfaces our error codes: openapi-client as e.code/e.statusCode,
 * openapi-core as a ClientError, pop-core as e.code from the body (it ignores the status). The
 * client-specific shape is checked in support/clients.ts; here, the code and status per case.
 */
const MISSING_DIRECTORY = 'd-000000000000';
const MISSING_CREDENTIAL = 'scimcred-00000000000000000000';

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let DirectoryId: string;
  let CredentialId: string;
  beforeAll(async () => {
    node = await startTestServer(dialect);
    const api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    DirectoryId = (await api.call('CreateDirectory', { DirectoryName: 'errors' })).Directory.DirectoryId;
    CredentialId = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialId;
  });
  afterAll(() => node?.close());

  describe.each(CLIENT_MODES)('%s', (mode) => {
    const api = () => makeClient(mode, { endpoint: node.endpoint, key: node.rootKey });

    it('an unknown directory is EntityNotExists.Directory (404)', async () => {
      expectFailure(await api().fail('GetDirectory', { DirectoryId: MISSING_DIRECTORY }), 'EntityNotExists.Directory', 404);
      expectFailure(
        await api().fail('CreateSCIMServerCredential', { DirectoryId: MISSING_DIRECTORY }),
        'EntityNotExists.Directory',
        404,
      );
    });

    it('an unknown credential is EntityNotExists.SCIMCredential (404)', async () => {
      const params = { DirectoryId, CredentialId: MISSING_CREDENTIAL };
      expectFailure(await api().fail('UpdateSCIMServerCredentialStatus', { ...params, NewStatus: 'Disabled' }), 'EntityNotExists.SCIMCredential', 404);
      expectFailure(await api().fail('DeleteSCIMServerCredential', params), 'EntityNotExists.SCIMCredential', 404);
    });

    it('NewStatus other than Enabled|Disabled is InvalidParameter.NewStatus (400), and nothing changes', async () => {
      expectFailure(
        await api().fail('UpdateSCIMServerCredentialStatus', { DirectoryId, CredentialId, NewStatus: 'Paused' }),
        'InvalidParameter.NewStatus',
        400,
      );
      const listed = await api().call('ListSCIMServerCredentials', { DirectoryId });
      expect(listed.SCIMServerCredentials.map((c: { Status: string }) => c.Status)).toEqual(['Enabled']);
    });

    it('a missing required parameter is MissingParameter.<Name> (400)', async () => {
      expectFailure(await api().fail('GetDirectory', {}), 'MissingParameter.DirectoryId', 400);
      expectFailure(await api().fail('DeleteSCIMServerCredential', { DirectoryId }), 'MissingParameter.CredentialId', 400);
    });

    it('an invalid directory name is InvalidParameter.DirectoryName (400)', async () => {
      for (const DirectoryName of ['Upper-Case', 'd-looks-like-an-id', 'double--hyphen', '-edge', 'x']) {
        expectFailure(await api().fail('CreateDirectory', { DirectoryName }), 'InvalidParameter.DirectoryName', 400);
      }
      expectFailure(await api().fail('UpdateDirectory', { DirectoryId, NewDirectoryName: 'Bad_Name' }), 'InvalidParameter.NewDirectoryName', 400);
    });

    it('an unknown action is InvalidAction.NotFound (404)', async () => {
      expectFailure(await api().fail('CreateSCIMServerCredentials', { DirectoryId }), 'InvalidAction.NotFound', 404);
    });

    it('another API version is InvalidVersion (400)', async () => {
      const other = makeClient(mode, { endpoint: node.endpoint, key: node.rootKey, version: '2017-01-01' });
      expectFailure(await other.fail('GetDirectory', { DirectoryId }), 'InvalidVersion', 400);
    });

    it('an unknown AccessKeyId is InvalidAccessKeyId.NotFound (404) and a wrong secret SignatureDoesNotMatch (400)', async () => {
      const unknown = makeClient(mode, { endpoint: node.endpoint, key: { id: 'LTAIunknownunknownunkn', secret: node.rootKey.secret } });
      expectFailure(await unknown.fail('ListDirectories'), 'InvalidAccessKeyId.NotFound', 404);
      const wrong = makeClient(mode, { endpoint: node.endpoint, key: { id: node.rootKey.id, secret: `${node.rootKey.secret}x` } });
      expectFailure(await wrong.fail('ListDirectories'), 'SignatureDoesNotMatch', 400);
    });
  });
});
