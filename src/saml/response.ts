import { SAML, ValidateInResponseTo, type CacheProvider } from '@node-saml/node-saml';
import { DOMParser, onWarningStopParsing, type Document, type Element } from '@xmldom/xmldom';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/**
 * Why a Response was refused. The sign-in page shows a sentence per reason; the audit trail keeps
 * the reason and the library's detail. docs/decisions/0125-saml-sign-in.md lists the attacks.
 */
export type SamlRefusal =
  | 'Malformed'
  | 'Signature'
  | 'IdPStatus'
  | 'Issuer'
  | 'Audience'
  | 'Recipient'
  | 'Expired'
  | 'InResponseTo'
  | 'NameID'
  | 'Encrypted'
  | 'Decryption';

export class SamlResponseError extends Error {
  override readonly name = 'SamlResponseError';
  constructor(
    readonly reason: SamlRefusal,
    /** What exactly failed, for the audit trail and logs (never shown verbatim to the user). */
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** A Response is a few KiB (Entra's with a group list, ~20 KiB); bounded before it is decoded or parsed. */
export const MAX_SAML_RESPONSE_BASE64 = 256 * 1024;
/** SAML's usual allowance for clocks that disagree (NotBefore, NotOnOrAfter). */
export const CLOCK_SKEW_MS = 60_000;

export interface ResponseCheck {
  /** The SAMLResponse form field (Base64 of the XML). */
  readonly samlResponse: string;
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly idpEntityId: string;
  /** Every configured IdP signing certificate (PEM); a signature by any of them verifies. */
  readonly idpCertificates: readonly string[];
  /** When the request named by InResponseTo was issued, if it is an outstanding request of ours. */
  readonly issuedRequest: (id: string) => Promise<number | undefined>;
  /** How long an issued request may be answered. */
  readonly requestLifetimeMs: number;
  /**
   * The SP's private key (PEM) when the directory accepts encrypted assertions
   * (SupportEncryptedAssertion); without it an EncryptedAssertion is refused unread.
   */
  readonly decryptionKeyPem?: string | undefined;
}

export interface ValidatedAssertion {
  readonly inResponseTo: string;
  readonly assertionId: string;
  readonly nameId: string;
  readonly nameIdFormat: string | null;
  readonly sessionIndex: string | null;
  /** Until when the assertion could be presented (its latest NotOnOrAfter plus the skew): how long to remember its ID. */
  readonly usableUntil: number;
}

/**
 * Validates an SP-initiated SAML Response, as named steps: (1) bound and decode, refusing any
 * DTD; (2) @node-saml/node-saml verifies the signature of the assertion against the configured
 * certificates, takes the assertion from the signed bytes only (so wrapped copies are never read),
 * refuses a second assertion, and checks the InResponseTo, the time conditions and the audience;
 * An EncryptedAssertion is refused unless the directory accepts them; then step (2) decrypts it
 * (xml-encryption, through the library) and requires the signature INSIDE it, so encryption never
 * stands in for a signature. (3) then, on the signed assertion: its Issuer, the bearer confirmation's Recipient and
 * InResponseTo, the Response's Destination, and a NameID that is text and nothing else.
 * One-time use (the request, the assertion ID) is the caller's: it needs the database.
 */
export async function validateSamlResponse(check: ResponseCheck, now: number): Promise<ValidatedAssertion> {
  const { xml, doc } = decode(check.samlResponse);
  const response = doc.documentElement;
  if (!response || response.namespaceURI !== SAMLP || response.localName !== 'Response') {
    throw new SamlResponseError('Malformed', 'the document is not a samlp:Response');
  }
  const inResponseTo = response.getAttribute('InResponseTo');
  if (!inResponseTo) throw new SamlResponseError('InResponseTo', 'the Response answers no request of ours (IdP-initiated sign-in is not accepted)');
  refuseCommentsInNameId(doc);
  const encrypted = children(response, SAML_NS, 'EncryptedAssertion').length > 0;
  if (encrypted && check.decryptionKeyPem === undefined) {
    throw new SamlResponseError('Encrypted', 'the assertion is encrypted, and the directory does not accept encrypted assertions (SupportEncryptedAssertion is false)');
  }

  const profile = await libraryValidation(check, xml, encrypted);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the assertion the library just validated parses to a document with a root element
  const assertion = parse(profile.getAssertionXml()).documentElement!;

  const issuer = childText(assertion, SAML_NS, 'Issuer');
  if (issuer !== check.idpEntityId) throw new SamlResponseError('Issuer', `the assertion's Issuer is ${JSON.stringify(issuer)}, not the configured IdP`);

  const destination = response.getAttribute('Destination');
  if (destination && destination !== check.acsUrl) throw new SamlResponseError('Recipient', `the Response's Destination ${JSON.stringify(destination)} is not our ACS URL`);

  const subject = children(assertion, SAML_NS, 'Subject')[0];
  const confirmations = subject ? children(subject, SAML_NS, 'SubjectConfirmation').filter((c) => c.getAttribute('Method') === BEARER) : [];
  const data = confirmations.flatMap((c) => children(c, SAML_NS, 'SubjectConfirmationData'));
  // Profiles §4.1.4.2: a bearer confirmation with our ACS as Recipient, answering our request.
  if (!data.some((d) => d.getAttribute('Recipient') === check.acsUrl)) {
    throw new SamlResponseError('Recipient', 'no bearer SubjectConfirmationData names our ACS URL as Recipient');
  }
  if (!data.some((d) => d.getAttribute('InResponseTo') === inResponseTo)) {
    throw new SamlResponseError('InResponseTo', 'the signed assertion does not answer the request the Response names');
  }

  const nameIdElement = subject ? children(subject, SAML_NS, 'NameID')[0] : undefined;
  const nameId = nameIdElement ? pureText(nameIdElement) : undefined;
  if (!nameId || nameId.trim() === '') throw new SamlResponseError('NameID', 'the assertion has no NameID');
  const assertionId = assertion.getAttribute('ID');
  if (!assertionId) throw new SamlResponseError('Malformed', 'the assertion has no ID');

  const ends = [
    ...children(assertion, SAML_NS, 'Conditions').map((c) => c.getAttribute('NotOnOrAfter')),
    ...data.map((d) => d.getAttribute('NotOnOrAfter')),
  ]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter((t) => Number.isFinite(t));
  const usableUntil = (ends.length > 0 ? Math.max(...ends) : now + 3600_000) + CLOCK_SKEW_MS;
  const authn = children(assertion, SAML_NS, 'AuthnStatement')[0];
  return {
    inResponseTo,
    assertionId,
    nameId,
    nameIdFormat: nameIdElement?.getAttribute('Format') || null,
    sessionIndex: authn?.getAttribute('SessionIndex') || null,
    usableUntil: Math.min(usableUntil, now + 24 * 3600_000),
  };
}

function decode(samlResponse: string): { xml: string; doc: Document } {
  if (samlResponse.length > MAX_SAML_RESPONSE_BASE64) throw new SamlResponseError('Malformed', `the SAMLResponse is longer than ${MAX_SAML_RESPONSE_BASE64} characters`);
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(samlResponse) || samlResponse.trim() === '') {
    throw new SamlResponseError('Malformed', 'the SAMLResponse is not Base64');
  }
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  // No DTD at all: neither an external entity (XXE) nor an entity expansion can be smuggled in.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlResponseError('Malformed', 'the Response contains a DOCTYPE');
  return { xml, doc: parse(xml) };
}

function parse(xml: string): Document {
  try {
    return new DOMParser({ onError: onWarningStopParsing }).parseFromString(xml, 'text/xml');
  } catch {
    throw new SamlResponseError('Malformed', 'the Response is not well-formed XML');
  }
}

/**
 * Exclusive canonicalization drops comments, so `admin@example.com<!---->.evil.test` keeps the
 * signature of `admin@example.com.evil.test`; a reader of the first text node alone would see
 * `admin@example.com` (CVE-2017-11428 and kin). Refused outright, wherever a NameID is.
 */
function refuseCommentsInNameId(doc: Document): void {
  const names = doc.getElementsByTagNameNS(SAML_NS, 'NameID');
  for (let i = 0; i < names.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < names.length (loop condition)
    const e = names.item(i)!;
    for (let n = e.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== 3 && n.nodeType !== 4) throw new SamlResponseError('NameID', 'a NameID holds a comment or an element, not just text');
    }
  }
}

function pureText(e: Element): string {
  let text = '';
  for (let n = e.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 3 && n.nodeType !== 4) throw new SamlResponseError('NameID', 'the NameID holds a comment or an element, not just text');
    text += n.nodeValue ?? '';
  }
  return text;
}

interface LibraryProfile {
  getAssertionXml(): string;
}

async function libraryValidation(check: ResponseCheck, xml: string, encrypted: boolean): Promise<LibraryProfile> {
  // Read-only: one-time use of the request is decided by the caller's single DELETE, atomically.
  const cacheProvider: CacheProvider = {
    saveAsync: async () => null,
    getAsync: async (id) => {
      const issued = await check.issuedRequest(id);
      return issued === undefined ? null : new Date(issued).toISOString();
    },
    removeAsync: async () => null,
  };
  const saml = new SAML({
    issuer: check.spEntityId,
    audience: check.spEntityId,
    callbackUrl: check.acsUrl,
    idpCert: [...check.idpCertificates],
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: check.requestLifetimeMs,
    cacheProvider,
    ...(check.decryptionKeyPem !== undefined ? { decryptionPvk: check.decryptionKeyPem } : {}),
  });
  let result;
  try {
    result = await saml.validatePostResponseAsync({ SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') });
  } catch (err) {
    throw classify(err, encrypted);
  }
  if (!result.profile) throw new SamlResponseError('Malformed', 'the Response carries no assertion');
  return result.profile as unknown as LibraryProfile;
}

/** node-saml reports failures as plain Errors: their messages are stable across its 5.x releases. */
function classify(err: unknown, encrypted: boolean): SamlResponseError {
  const message = err instanceof Error ? err.message : String(err);
  const rules: Array<[RegExp, SamlRefusal]> = [
    ...(encrypted ? ([[/decrypt|EncryptedAssertion content|encryption algorithm/i, 'Decryption']] as Array<[RegExp, SamlRefusal]>) : []),
    [/SAML provider returned/i, 'IdPStatus'],
    [/InResponseTo/i, 'InResponseTo'],
    [/audience|AudienceRestriction/i, 'Audience'],
    [/expired|not yet valid|subject confirmation/i, 'Expired'],
    [/signature|signed|multiple assertions|certificate|KeyInfo/i, 'Signature'],
    [/Missing SAML assertion|Unknown SAML response/i, 'Malformed'],
  ];
  for (const [re, reason] of rules) if (re.test(message)) return new SamlResponseError(reason, message);
  // With an EncryptedAssertion, what none of node-saml's own messages names is xml-encryption's or
  // Node crypto's failure (a key wrapped for another certificate, a GCM tag that does not verify,
  // bad padding): the assertion could not be decrypted.
  return new SamlResponseError(encrypted ? 'Decryption' : 'Malformed', message);
}

function children(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) {
      const e = n as Element;
      if (e.namespaceURI === ns && e.localName === localName) out.push(e);
    }
  }
  return out;
}

function childText(parent: Element, ns: string, localName: string): string | undefined {
  const e = children(parent, ns, localName)[0];
  return e ? (e.textContent ?? '').trim() : undefined;
}
