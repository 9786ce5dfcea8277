import type { Status } from '../model.js';

/** An external IdP's signing certificate, as stored (PEM; the rest is read from it when listed). */
export interface StoredIdpCertificate {
  readonly id: string;
  readonly directoryId: string;
  readonly fingerprint: string;
  readonly pem: string;
  readonly createTime: number;
}

/** A directory's SP signing key: the certificate, the sealed private key, the ACS URL's opaque ID. */
export interface StoredSpKey {
  readonly directoryId: string;
  readonly acsId: string;
  readonly certificatePem: string;
  readonly privateKeySealed: string;
  readonly createTime: number;
}

/** A TOTP device a user bound at sign-in; the secret is sealed and never leaves the core. */
export interface MfaDevice {
  readonly id: string;
  readonly directoryId: string;
  readonly userId: string;
  readonly name: string;
  readonly type: 'TOTP';
  readonly secretSealed: string;
  readonly effectiveTime: number;
  readonly lastUseTime: number | null;
}

/** Storage of the sign-in settings that are rows rather than fields of the directory's settings. */
export interface SignInRepository {
  listIdpCertificates(directoryId: string): Promise<StoredIdpCertificate[]>;
  insertIdpCertificate(c: StoredIdpCertificate): Promise<void>;
  deleteIdpCertificate(directoryId: string, id: string): Promise<boolean>;
  deleteIdpCertificates(directoryId: string): Promise<void>;

  getSpKey(directoryId: string): Promise<StoredSpKey | undefined>;
  /** Stores the key unless one exists (two nodes making it at once keep the first); returns the stored one. */
  putSpKeyIfAbsent(k: StoredSpKey): Promise<StoredSpKey>;

  listMfaDevices(directoryId: string, userId: string): Promise<MfaDevice[]>;
  insertMfaDevice(d: MfaDevice): Promise<void>;
  deleteMfaDevice(directoryId: string, userId: string, id: string): Promise<boolean>;

  getUserMfaSetting(directoryId: string, userId: string): Promise<Status | undefined>;
  setUserMfaSetting(directoryId: string, userId: string, setting: Status): Promise<void>;
}
