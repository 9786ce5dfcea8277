import type { StoredSpKey } from './sign-in.js';

/** An AuthnRequest this server issued and has not yet seen answered. */
export interface SamlRequest {
  /** The AuthnRequest's ID, which the Response names in InResponseTo. */
  readonly id: string;
  readonly directoryId: string;
  readonly relayState: string;
  /** SHA-256 (hex) of the random value in the browser-binding cookie set with the request. */
  readonly browserHash: string;
  readonly createTime: number;
  readonly expireTime: number;
}

/** The one-time state of SAML sign-in, shared by every node through the database. */
export interface SamlSignInRepository {
  /** The directory whose ACS URL ends in `acsId`, with its SP key. */
  findSpKeyByAcsId(acsId: string): Promise<StoredSpKey | undefined>;
  insertRequest(r: SamlRequest): Promise<void>;
  /** The request, if issued for the directory and not expired (it stays stored). */
  getRequest(directoryId: string, id: string, now: number): Promise<SamlRequest | undefined>;
  /** Deletes the request; true for exactly one caller, and only before it expired (one-time use). */
  consumeRequest(directoryId: string, id: string, now: number): Promise<boolean>;
  /** Records an accepted assertion ID; false if it was seen before (a replay). */
  claimAssertion(directoryId: string, assertionId: string, expireTime: number): Promise<boolean>;
  /** Drops expired requests and assertion IDs; returns how many. */
  prune(now: number): Promise<number>;
}
