/**
 * RFC 7643 §5. Advertises exactly what is implemented. CloudSSO leaves out /Bulk, /Me and
 * /.search, and so do we: bulk is `supported: false`, and `unsupportedEndpoints` (not an RFC
 * attribute; clients ignore what they do not know) says the same for /.search and /Me, which the
 * RFC gives no flag for.
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
    unsupportedEndpoints: ['/.search', '/Bulk', '/Me'],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}
