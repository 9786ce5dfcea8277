import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import type { ApiClient } from './clients.js';
import { newDirectory } from './management.js';
import type { TestServer } from './server.js';
import { body } from '../management/fixtures/saml-metadata.js';
import { newTestIdp, type TestIdp } from './saml-idp.js';

/**
 * A directory wired to a test IdP through the management API, and a browser's side of the SAML
 * sign-in over real HTTP: start at the portal, follow to the IdP, post the Response to the ACS.
 */
export const PUBLIC_URL = 'https://sso.example.test';
export const ENTRA_ENTITY_ID = 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/';
export const OKTA_ENTITY_ID = 'http://www.okta.com/exkb4mz8tqWYVaJP25d7';

/** The IdP metadata documents beside the portal tests, with the test run's certificates in them. */
export function metadataFixture(name: 'entra' | 'okta', certs: readonly string[]): string {
  const file = name === 'entra' ? 'entra-federationmetadata.xml' : 'okta-metadata.xml';
  const xml = readFileSync(new URL(`../portal/fixtures/${file}`, import.meta.url), 'utf8');
  return xml.replaceAll('{{CERT1}}', body(certs[0]!)).replaceAll('{{CERT2}}', body(certs[1] ?? certs[0]!));
}

export interface SamlDirectory {
  readonly directoryId: string;
  readonly directoryName: string;
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly spCertificatePem: string;
  readonly idp: TestIdp;
}

export async function samlDirectory(
  api: ApiClient,
  opts: { metadata: 'entra' | 'okta'; binding?: 'Post' | 'Redirect'; wantRequestSigned?: boolean; users?: readonly string[]; secondIdpKey?: TestIdp },
): Promise<SamlDirectory> {
  const DirectoryId = await newDirectory(api, 'saml');
  const directoryName = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName as string;
  const sp = (await api.call('GetDirectorySAMLServiceProviderInfo', { DirectoryId })).SAMLServiceProvider;
  const idp = newTestIdp(opts.metadata === 'entra' ? ENTRA_ENTITY_ID : OKTA_ENTITY_ID);
  const certs = opts.secondIdpKey ? [opts.secondIdpKey.certificatePem, idp.certificatePem] : [idp.certificatePem];
  for (const UserName of opts.users ?? ['alice@example.com']) await api.call('CreateUser', { DirectoryId, UserName });
  const set = await api.call('SetExternalSAMLIdentityProvider', {
    DirectoryId,
    EncodedMetadataDocument: Buffer.from(metadataFixture(opts.metadata, certs)).toString('base64'),
    ...(opts.binding ? { BindingType: opts.binding } : {}),
    ...(opts.wantRequestSigned !== undefined ? { WantRequestSigned: opts.wantRequestSigned } : {}),
    SSOStatus: 'Enabled',
  });
  expect(set.SAMLIdentityProviderConfiguration).toMatchObject({ SSOStatus: 'Enabled', EntityId: idp.entityId });
  const pem = Buffer.from(sp.EncodedMetadataDocument as string, 'base64').toString('utf8');
  const certBody = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(pem)![1]!;
  return {
    directoryId: DirectoryId,
    directoryName,
    spEntityId: sp.EntityId as string,
    acsUrl: sp.AcsUrl as string,
    spCertificatePem: `-----BEGIN CERTIFICATE-----\n${certBody.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`,
    idp,
  };
}

export interface StartedInBrowser {
  readonly binding: 'Redirect' | 'Post';
  /** Where the browser is sent (the IdP's SSO URL with the query, or the form's action). */
  readonly idpUrl: string;
  readonly requestXml: string;
  readonly requestId: string;
  readonly relayState: string;
  /** The browser-binding cookie (`name=value`). */
  readonly cookie: string;
  /** The raw parameters as sent (SAMLRequest, RelayState, SigAlg, Signature). */
  readonly params: Record<string, string>;
  readonly page?: string;
}

export async function startInBrowser(node: TestServer, directoryName: string): Promise<StartedInBrowser> {
  const res = await fetch(`${node.url}/portal/${encodeURIComponent(directoryName)}/saml/login`, { redirect: 'manual' });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cloudsso_saml_request='));
  expect(cookie, 'the browser-binding cookie').toBeDefined();
  const pair = cookie!.split(';')[0]!;
  if (res.status === 303) {
    const url = new URL(res.headers.get('location')!);
    const params = Object.fromEntries(url.searchParams.entries());
    const requestXml = inflateRawSync(Buffer.from(params['SAMLRequest']!, 'base64')).toString('utf8');
    return { binding: 'Redirect', idpUrl: url.toString(), requestXml, requestId: idOf(requestXml), relayState: params['RelayState']!, cookie: pair, params };
  }
  expect(res.status).toBe(200);
  const page = await res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
  const params: Record<string, string> = {};
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) params[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const requestXml = Buffer.from(params['SAMLRequest']!, 'base64').toString('utf8');
  return { binding: 'Post', idpUrl: action, requestXml, requestId: idOf(requestXml), relayState: params['RelayState']!, cookie: pair, params, page };
}

function idOf(xml: string): string {
  return /<samlp:AuthnRequest[^>]*\sID="([^"]+)"/.exec(xml)![1]!;
}

/** The browser posting the IdP's Response to the ACS (HTTP-POST binding), with its cookies. */
export async function postToAcs(node: TestServer, acsUrl: string, form: { SAMLResponse: string; RelayState?: string | undefined }, cookie?: string): Promise<Response> {
  const path = new URL(acsUrl).pathname;
  const bodyParams = new URLSearchParams({ SAMLResponse: form.SAMLResponse, ...(form.RelayState !== undefined ? { RelayState: form.RelayState } : {}) });
  return fetch(`${node.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: bodyParams.toString(),
  });
}

export function sessionCookieOf(res: Response): string | undefined {
  const c = res.headers.getSetCookie().find((v) => v.startsWith('cloudsso_portal_session=') && !v.startsWith('cloudsso_portal_session=;'));
  return c?.split(';')[0]!.split('=')[1];
}
