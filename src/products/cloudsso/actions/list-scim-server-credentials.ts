import { Type } from '@sinclair/typebox';
import { listSCIMServerCredentials } from '../../../core/scim-credentials.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam, SCIMServerCredentialSchema, toWireSCIMServerCredential } from '../wire.js';

/** Not paginated, no filters (CloudSSO). */
export default defineAction({
  name: 'ListSCIMServerCredentials',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ TotalCounts: Type.Integer(), SCIMServerCredentials: Type.Array(SCIMServerCredentialSchema) }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/scim-credential/*`)] },
  async handler(ctx, p) {
    const all = await listSCIMServerCredentials(ctx.core, p.DirectoryId);
    return { TotalCounts: all.length, SCIMServerCredentials: all.map(toWireSCIMServerCredential) };
  },
});
