import { Type } from '@sinclair/typebox';
import { deleteSCIMServerCredential } from '../../../core/scim-credentials.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

export default defineAction({
  name: 'DeleteSCIMServerCredential',
  params: Type.Object({ DirectoryId: DirectoryIdParam, CredentialId: Type.String({ minLength: 1 }) }),
  response: Type.Object({}),
  ram: {
    accessLevel: 'delete',
    resources: (p, arn) => [arn(`directory/${p.DirectoryId}/scim-credential/${p.CredentialId}`)],
  },
  async handler(ctx, p) {
    await deleteSCIMServerCredential(ctx.core, p.DirectoryId, p.CredentialId, viaManagement(ctx));
    return {};
  },
});
