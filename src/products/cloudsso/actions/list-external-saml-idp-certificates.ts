import { Type } from '@sinclair/typebox';
import { listIdpCertificates } from '../../../core/sign-in/saml-idp.js';
import { toCloudSSOTime } from '../../../core/time.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

/** The IdP's signing certificates, each described from the certificate itself (mind the key spelling `SAMLIdPCertificates`). */
export default defineAction({
  name: 'ListExternalSAMLIdPCertificates',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({
    TotalCounts: Type.Integer(),
    SAMLIdPCertificates: Type.Array(
      Type.Object({
        CertificateId: Type.String(),
        Issuer: Type.String(),
        Subject: Type.String(),
        SerialNumber: Type.String(),
        NotBefore: Type.String(),
        NotAfter: Type.String(),
        SignatureAlgorithm: Type.String(),
        Version: Type.Integer(),
        PublicKey: Type.String(),
        X509Certificate: Type.String(),
      }),
    ),
  }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const certificates = await listIdpCertificates(ctx.core, p.DirectoryId);
    return {
      TotalCounts: certificates.length,
      SAMLIdPCertificates: certificates.map((c) => ({
        CertificateId: c.id,
        Issuer: c.issuer,
        Subject: c.subject,
        SerialNumber: c.serialNumber,
        NotBefore: toCloudSSOTime(c.notBefore),
        NotAfter: toCloudSSOTime(c.notAfter),
        SignatureAlgorithm: c.signatureAlgorithm,
        Version: c.version,
        PublicKey: c.publicKey,
        X509Certificate: c.pem,
      })),
    };
  },
});
