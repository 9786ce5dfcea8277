/**
 * RFC 7643 §5. Advertises exactly what is implemented, and only attributes of the
 * ServiceProviderConfig schema: strict clients refuse a document with keys the schema lacks.
 * Bulk is `supported: false`; /Me and the server-root /.search have no flag in the RFC, so they
 * are listed in the docs (README, docs/decisions/0012) and answer 501 with a SCIM error.
 * `/Users/.search` and `/Groups/.search` are served (RFC 7644 §3.4.3).
 */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://github.com/open-cloudsso/open-cloudsso#identity-providers-scim-20',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 100 },
    // PUT and PATCH accept `password` (stored as an Argon2id hash, never returned).
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard: the SCIM credential secret from CreateSCIMServerCredential.',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}
