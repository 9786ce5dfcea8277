import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { SamlInputError } from './errors.js';

/**
 * An X.509 signing certificate as CloudSSO reports it (ListExternalSAMLIdPCertificates): DNs in
 * RFC 4514 style (`CN=dev-1,OU=SSOProvider,O=Okta,C=US`), the signature algorithm in Java's
 * spelling (`SHA256withRSA`), the version as an integer (3) and the public key as the base64 body
 * of its PEM.
 */
export interface CertificateInfo {
  /** The certificate as PEM, normalised (one BEGIN/END block, 64-character lines). */
  readonly pem: string;
  readonly issuer: string;
  readonly subject: string;
  readonly serialNumber: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly signatureAlgorithm: string;
  readonly version: number;
  readonly publicKey: string;
  /** SHA-256 fingerprint, to tell two uploads of the same certificate apart from two certificates. */
  readonly fingerprint: string;
}

/** A certificate is a few KiB; anything far larger is not one (and is not parsed). */
export const MAX_CERTIFICATE_LENGTH = 16 * 1024;

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  sha1WithRSAEncryption: 'SHA1withRSA',
  sha256WithRSAEncryption: 'SHA256withRSA',
  sha384WithRSAEncryption: 'SHA384withRSA',
  sha512WithRSAEncryption: 'SHA512withRSA',
  'RSASSA-PSS': 'RSASSA-PSS',
};

/**
 * Reads a PEM certificate, or the bare base64 of its DER (what metadata documents carry in
 * `<ds:X509Certificate>`). Throws SamlInputError when it is not one.
 */
export function parseCertificate(text: string): CertificateInfo {
  if (text.length > MAX_CERTIFICATE_LENGTH) throw new SamlInputError(`it is longer than ${MAX_CERTIFICATE_LENGTH} characters`);
  const pem = normalisePem(text);
  let native: X509Certificate;
  try {
    native = new X509Certificate(pem);
  } catch {
    throw new SamlInputError('it is not a PEM-encoded X.509 certificate');
  }
  // Node's parser gives the validated basics; forge gives the signature algorithm and version,
  // which Node does not expose. Node accepted it, so forge's failure here would be an RSA-less key
  // (EC certificates): report those fields by their OID instead.
  let algorithm = 'unknown';
  let version = 3;
  try {
    const cert = forge.pki.certificateFromPem(pem);
    const oid = cert.siginfo.algorithmOid;
    const name = forge.pki.oids[oid];
    algorithm = (name && SIGNATURE_ALGORITHMS[name]) ?? name ?? oid;
    version = cert.version + 1;
  } catch {
    algorithm = native.publicKey.asymmetricKeyType === 'ec' ? 'SHA256withECDSA' : 'unknown';
  }
  const spki = native.publicKey.export({ type: 'spki', format: 'der' });
  return {
    pem,
    issuer: rfc4514(native.issuer),
    subject: rfc4514(native.subject),
    serialNumber: native.serialNumber.toLowerCase(),
    notBefore: Date.parse(native.validFrom),
    notAfter: Date.parse(native.validTo),
    signatureAlgorithm: algorithm,
    version,
    publicKey: spki.toString('base64'),
    fingerprint: native.fingerprint256,
  };
}

function normalisePem(text: string): string {
  const trimmed = text.trim();
  const m = /^-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----$/.exec(trimmed);
  const body = (m ? m[1] ?? '' : trimmed).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new SamlInputError('it is not a PEM-encoded X.509 certificate');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Node prints DNs one attribute a line, most significant first; RFC 4514 joins them with commas, least significant first. */
function rfc4514(dn: string): string {
  return dn
    .split('\n')
    .filter((line) => line !== '')
    .reverse()
    .join(',');
}
