import { Type } from '@sinclair/typebox';
import { createSCIMServerCredential } from '../../../core/scim-credentials.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam, SCIMServerCredentialSchema, toWireSCIMServerCredential } from '../wire.js';

/** The only response that ever carries `CredentialSecret`. */
export default defineAction({
  name: 'CreateSCIMServerCredential',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({
    SCIMServerCredential: Type.Composite([SCIMServerCredentialSchema, Type.Object({ CredentialSecret: Type.String() })]),
  }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/scim-credential/*`)] },
  async handler(ctx, p) {
    const { credential, secret } = await createSCIMServerCredential(ctx.core, p.DirectoryId, viaManagement(ctx));
    return { SCIMServerCredential: { ...toWireSCIMServerCredential(credential), CredentialSecret: secret } };
  },
});
