import { Type } from '@sinclair/typebox';
import { addIdpCertificate } from '../../../core/sign-in/saml-idp.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/** Adds an IdP signing certificate for rotation (at most two; an assertion verifying with either is accepted). */
export default defineAction({
  name: 'AddExternalSAMLIdPCertificate',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    X509Certificate: Type.String({ minLength: 1, maxLength: 16_384, errorMessage: 'it must be a PEM certificate of at most 16384 characters' }),
  }),
  response: Type.Object({ CertificateId: Type.String() }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    return { CertificateId: await addIdpCertificate(ctx.core, p.DirectoryId, p.X509Certificate, viaManagement(ctx)) };
  },
});
