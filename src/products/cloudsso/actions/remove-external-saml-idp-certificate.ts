import { Type } from '@sinclair/typebox';
import { removeIdpCertificate } from '../../../core/sign-in/saml-idp.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/** Removes an IdP certificate; the only one cannot go while SSO is enabled. */
export default defineAction({
  name: 'RemoveExternalSAMLIdPCertificate',
  params: Type.Object({ DirectoryId: DirectoryIdParam, CertificateId: EntityIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await removeIdpCertificate(ctx.core, p.DirectoryId, p.CertificateId, viaManagement(ctx));
    return {};
  },
});
