import { Type } from '@sinclair/typebox';
import { updateSCIMServerCredentialStatus } from '../../../core/scim-credentials.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam, SCIMServerCredentialSchema, StatusParam, toWireSCIMServerCredential } from '../wire.js';

/**
 * The seed of the project: disabling a credential makes every SCIM request using it fail at once,
 * on every node (the SCIM guard reads the store on each request). `NewStatus` is documented as
 * optional but there is nothing to do without it, so it is required here.
 */
export default defineAction({
  name: 'UpdateSCIMServerCredentialStatus',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    CredentialId: Type.String({ minLength: 1 }),
    NewStatus: StatusParam,
  }),
  response: Type.Object({ SCIMServerCredential: SCIMServerCredentialSchema }),
  ram: {
    accessLevel: 'update',
    resources: (p, arn) => [arn(`directory/${p.DirectoryId}/scim-credential/${p.CredentialId}`)],
  },
  async handler(ctx, p) {
    const c = await updateSCIMServerCredentialStatus(ctx.core, p.DirectoryId, p.CredentialId, p.NewStatus, viaManagement(ctx));
    return { SCIMServerCredential: toWireSCIMServerCredential(c) };
  },
});
