import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { buildAuthnRequest, type AuthnRequestMessage } from '../../saml/authn-request.js';
import { SamlResponseError, validateSamlResponse, type SamlRefusal } from '../../saml/response.js';
import type { CoreContext } from '../context.js';
import type { Directory } from '../model.js';
import { recordPortalEvent, type PortalRequestInfo } from './portal-audit.js';
import { getServiceProviderInfo } from './saml-sp.js';
import { samlIdpFrom, samlSpFrom } from './settings.js';

/**
 * SP-initiated SAML sign-in to the user portal (cloudsso-access.md §6.1, §6.7;
 * docs/decisions/0125-saml-sign-in.md). Start: an AuthnRequest whose ID, RelayState and
 * browser-binding value are stored (every node sees them). Completion: the Response validated
 * (src/saml/response.ts), its RelayState and browser matched to the request, the request and the
 * assertion ID each used once, and the NameID matched to an enabled user. Every refusal is
 * audited as a failed `PortalSignIn`; success starts a session (sessions.ts audits it).
 */
export const SAML_REQUEST_LIFETIME_MS = 10 * 60_000;

export type SamlSignInFailure =
  | SamlRefusal
  | 'PortalNotFound'
  | 'SSODisabled'
  | 'RelayState'
  | 'Browser'
  | 'Replay'
  | 'UserNotFound'
  | 'UserDisabled';

export class SamlSignInRefused extends Error {
  override readonly name = 'SamlSignInRefused';
  constructor(
    readonly reason: SamlSignInFailure,
    /** For the audit trail; the page shows a fixed sentence per reason. */
    readonly detail: string,
    /** The directory, when known: the page links back to its portal. */
    readonly directory?: Pick<Directory, 'id' | 'name'>,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface StartedSamlSignIn {
  readonly directory: Pick<Directory, 'id' | 'name'>;
  readonly message: AuthnRequestMessage;
  /** The browser-binding cookie's value (random, 256 bits); only its hash is stored. */
  readonly browserToken: string;
  readonly maxAgeSeconds: number;
}

/** The directory named in a portal URL (`/portal/<DirectoryName>`), if any. */
export async function findDirectoryByName(ctx: CoreContext, name: string): Promise<Directory | undefined> {
  // One directory by default (CloudSSO's quota), a handful at most: no index needed.
  return (await ctx.store.directories.list()).find((d) => d.name === name);
}

export async function startSamlSignIn(ctx: CoreContext, directoryName: string, baseUrl: string): Promise<StartedSamlSignIn> {
  const directory = await findDirectoryByName(ctx, directoryName);
  if (!directory) throw new SamlSignInRefused('PortalNotFound', `no directory is named ${JSON.stringify(directoryName.slice(0, 64))}`);
  const settings = await ctx.store.directories.getSettings(directory.id);
  const idp = samlIdpFrom(settings);
  if (!idp || idp.ssoStatus !== 'Enabled') throw new SamlSignInRefused('SSODisabled', 'SSO is not enabled for this directory', directory);
  const sp = await getServiceProviderInfo(ctx, directory.id, baseUrl);
  const key = await ctx.store.signIn.getSpKey(directory.id);

  const now = ctx.clock.now();
  // IDs must not start with a digit (xs:ID); 160 random bits as SAML Core §1.3.4 asks.
  const requestId = `_${randomBytes(20).toString('hex')}`;
  // Bindings §3.4.3: RelayState at most 80 bytes; ours is an opaque 32-character token, nothing else.
  const relayState = randomBytes(24).toString('base64url');
  const browserToken = randomBytes(32).toString('base64url');
  await ctx.store.samlSignIn.insertRequest({
    id: requestId,
    directoryId: directory.id,
    relayState,
    browserHash: sha256(browserToken),
    createTime: now,
    expireTime: now + SAML_REQUEST_LIFETIME_MS,
  });
  const message = await buildAuthnRequest({
    spEntityId: sp.entityId,
    acsUrl: sp.acsUrl,
    idpLoginUrl: idp.loginUrl,
    binding: idp.bindingType,
    requestId,
    relayState,
    signatureAlgorithm: samlSpFrom(settings).authnSignAlgo === 'rsa-sha1' ? 'sha1' : 'sha256',
    ...(idp.wantRequestSigned && key ? { signingKeyPem: ctx.secretBox.open(key.privateKeySealed), signingCertificatePem: key.certificatePem } : {}),
  });
  return { directory: { id: directory.id, name: directory.name }, message, browserToken, maxAgeSeconds: SAML_REQUEST_LIFETIME_MS / 1000 };
}

export interface SamlAcsInput {
  /** The UUID at the end of the ACS URL. */
  readonly acsId: string;
  readonly samlResponse: string;
  readonly relayState: string | undefined;
  /** The browser-binding cookie, when the browser sent it. */
  readonly browserToken: string | undefined;
  /** False only where the cookie cannot reach the ACS (a plain-http portal: SameSite=None needs Secure). */
  readonly enforceBrowserBinding: boolean;
  readonly baseUrl: string;
  readonly request: PortalRequestInfo;
}

export interface SamlSignedIn {
  readonly directory: Pick<Directory, 'id' | 'name'>;
  readonly userId: string;
  readonly userName: string;
}

export async function completeSamlSignIn(ctx: CoreContext, input: SamlAcsInput): Promise<SamlSignedIn> {
  const key = /^[0-9a-f-]{36}$/.test(input.acsId) ? await ctx.store.samlSignIn.findSpKeyByAcsId(input.acsId) : undefined;
  const directory = key && (await ctx.store.directories.get(key.directoryId));
  if (!directory) throw new SamlSignInRefused('PortalNotFound', 'no directory has this ACS URL');
  const dir = { id: directory.id, name: directory.name };
  let nameId = '';
  try {
    const settings = await ctx.store.directories.getSettings(directory.id);
    const idp = samlIdpFrom(settings);
    if (!idp || idp.ssoStatus !== 'Enabled') throw new SamlSignInRefused('SSODisabled', 'SSO is not enabled for this directory', dir);
    const sp = await getServiceProviderInfo(ctx, directory.id, input.baseUrl);
    const certificates = (await ctx.store.signIn.listIdpCertificates(directory.id)).map((c) => c.pem);
    const now = ctx.clock.now();
    const assertion = await validateSamlResponse(
      {
        samlResponse: input.samlResponse,
        spEntityId: sp.entityId,
        acsUrl: sp.acsUrl,
        idpEntityId: idp.entityId,
        idpCertificates: certificates,
        issuedRequest: async (id) => (await ctx.store.samlSignIn.getRequest(directory.id, id, ctx.clock.now()))?.createTime,
        requestLifetimeMs: SAML_REQUEST_LIFETIME_MS,
        // The SP key decrypts only where the directory accepts encrypted assertions (decision 0176).
        ...(samlSpFrom(settings).supportEncryptedAssertion ? { decryptionKeyPem: ctx.secretBox.open(key.privateKeySealed) } : {}),
      },
      now,
    ).catch((err: unknown) => {
      if (err instanceof SamlResponseError) throw new SamlSignInRefused(err.reason, err.detail, dir);
      throw err;
    });
    nameId = assertion.nameId;

    const issued = await ctx.store.samlSignIn.getRequest(directory.id, assertion.inResponseTo, now);
    if (!issued) throw new SamlSignInRefused('InResponseTo', 'the request was answered already or has expired', dir);
    if (input.relayState !== issued.relayState) throw new SamlSignInRefused('RelayState', 'the RelayState is not the one sent with the request', dir);
    if (input.enforceBrowserBinding && !sameHash(input.browserToken, issued.browserHash)) {
      throw new SamlSignInRefused('Browser', 'the Response came to a browser other than the one that started the sign-in', dir);
    }
    if (!(await ctx.store.samlSignIn.consumeRequest(directory.id, issued.id, now))) {
      throw new SamlSignInRefused('InResponseTo', 'the request was answered already', dir);
    }
    if (!(await ctx.store.samlSignIn.claimAssertion(directory.id, assertion.assertionId, assertion.usableUntil))) {
      throw new SamlSignInRefused('Replay', `assertion ${assertion.assertionId.slice(0, 128)} was used before`, dir);
    }
    // UserNames are unique case-insensitively, so a case-insensitive match names one user at most.
    const user = await ctx.store.users.findByUserName(directory.id, assertion.nameId);
    if (!user) throw new SamlSignInRefused('UserNotFound', 'no user of the directory has the NameID as UserName', dir);
    if (user.status !== 'Enabled') throw new SamlSignInRefused('UserDisabled', 'the user is disabled', dir);
    return { directory: dir, userId: user.id, userName: user.userName };
  } catch (err) {
    if (err instanceof SamlSignInRefused) {
      await recordPortalEvent(ctx, ctx.store, {
        directoryId: directory.id,
        action: 'PortalSignIn',
        userName: nameId,
        request: input.request,
        parameters: { AuthMethod: 'saml' },
        errorCode: `SAMLSignIn.${err.reason}`,
        errorMessage: err.detail.slice(0, 512),
      });
    }
    throw err;
  }
}

function sha256(v: string): string {
  return createHash('sha256').update(v, 'utf8').digest('hex');
}

function sameHash(token: string | undefined, hash: string): boolean {
  if (!token) return false;
  const a = Buffer.from(sha256(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
