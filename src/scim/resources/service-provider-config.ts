/**
 * RFC 7643 §5. Advertises exactly what is implemented; CloudSSO leaves out /Bulk, /Me and
 * /.search, and so do we.
 */
export function serviceProviderConfig(baseUrl: string, features: { patch: boolean; filter: boolean; sort: boolean; etag: boolean }) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://github.com/open-cloudsso/open-cloudsso#scim',
    patch: { supported: features.patch },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: features.filter, maxResults: 100 },
    changePassword: { supported: false },
    sort: { supported: features.sort },
    etag: { supported: features.etag },
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
