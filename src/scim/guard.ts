import type { FastifyRequest } from 'fastify';
import { NO_AUTH_THROTTLE, type AuthThrottle } from '../core/auth-throttle.js';
import type { CoreContext } from '../core/context.js';
import { authenticateSCIMToken, authenticateSCIMTokenReadingUser, type SCIMAuthFailure } from '../core/scim-credentials.js';
import type { SCIMServerCredential, User } from '../core/model.js';
import type { UserKey } from '../core/ports/store.js';
import { ScimError } from './scim-error.js';

/**
 * The bearer guard: `Authorization: Bearer <SCIM credential secret>` resolves to exactly one
 * credential and so one directory. It reads the store on every request (no cache), so a
 * credential disabled by UpdateSCIMServerCredentialStatus fails on the very next request, on
 * every node. The 401 says why, and nothing about other directories.
 */
const REASONS: Record<SCIMAuthFailure, string> = {
  unknown: 'The bearer token is not a known SCIM credential (it may have been deleted).',
  disabled: 'The SCIM credential is disabled. Enable it with UpdateSCIMServerCredentialStatus or use another credential.',
  expired: 'The SCIM credential has expired. Create a new SCIM credential.',
  'sync-disabled': 'SCIM synchronization is disabled for this directory. Enable it with SetSCIMSynchronizationStatus.',
};

export interface ScimAuth {
  readonly credential: SCIMServerCredential;
  readonly directoryId: string;
  /** The user the guard read with the token (`readsUser`): `user` undefined if the directory has none so keyed. */
  readonly read?: { readonly key: UserKey; readonly user: User | undefined };
}

const unauthorized = (detail: string) => new ScimError({ status: 401 }, detail);

/** Why a request was turned away, for the authentication-failure metric. */
export type ScimAuthFailureReason = SCIMAuthFailure | 'missing' | 'malformed';

declare module 'fastify' {
  interface FastifyRequest {
    scimAuthFailure?: ScimAuthFailureReason;
  }
}

/**
 * A source address over its failure limit gets 429 with `Retry-After` (seconds) before its token
 * is looked at; every refused token counts as a failure of its address (docs/decisions/0042).
 */
export async function guard(
  core: CoreContext,
  request: FastifyRequest,
  throttle: AuthThrottle = NO_AUTH_THROTTLE,
  /** A user of the credential's directory to read with the token (GET /Users/{id}, `userName eq`). */
  readsUser?: UserKey,
): Promise<ScimAuth> {
  const source = { ip: request.ip };
  const header = request.headers.authorization;
  if (!header) {
    request.scimAuthFailure = 'missing';
    throw unauthorized('Authentication required: send "Authorization: Bearer <SCIM credential>".');
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) {
    request.scimAuthFailure = 'malformed';
    throw unauthorized('The Authorization header must use the Bearer scheme with a SCIM credential.');
  }
  // The token and the address's failure count are read in one statement: the throttle adds no
  // round trip to a good request.
  const [, token = ''] = m;
  const check = throttle.check(source);
  const withUser = readsUser === undefined ? undefined : await authenticateSCIMTokenReadingUser(core, token, readsUser, check);
  const result = withUser ?? (await authenticateSCIMToken(core, token, check));
  if ('blockedMs' in result) {
    const seconds = Math.max(1, Math.ceil(result.blockedMs / 1000));
    throw new ScimError({ status: 429 }, `Too many failed authentications from this address; retry after ${seconds} seconds.`, {
      'Retry-After': String(seconds),
    });
  }
  if (!result.ok) {
    request.scimAuthFailure = result.reason;
    await throttle.fail(source);
    throw unauthorized(REASONS[result.reason]);
  }
  const auth = { credential: result.credential, directoryId: result.credential.directoryId };
  return readsUser && withUser && 'ok' in withUser && withUser.ok ? { ...auth, read: { key: readsUser, user: withUser.user } } : auth;
}
