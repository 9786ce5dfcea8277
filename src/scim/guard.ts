import type { FastifyRequest } from 'fastify';
import { stringEquality, type Filter } from '../core/filter.js';
import type { ResourceType } from '../scim-model/index.js';
import { parseListParams } from './list-params.js';
import type { ListQuery } from './route-schemas.js';
import { NO_AUTH_THROTTLE, type AuthThrottle } from '../core/auth-throttle.js';
import type { CoreContext } from '../core/context.js';
import type { UnlockedRead } from '../core/read-modify-write.js';
import { authenticateSCIMToken, authenticateSCIMTokenReading, type SCIMAuthFailure } from '../core/scim-credentials.js';
import type { Group, SCIMServerCredential, User } from '../core/model.js';
import type { ResourceKey, ResourceOf } from '../core/ports/store.js';
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
  /** The resource the guard read with the token (`reads`): undefined if the directory has none so keyed. */
  readonly read?: { readonly key: ResourceKey; readonly resource: User | Group | undefined };
}

/**
 * The resource the guard read with the token, if it read the one `key` names (a handler's own
 * key, from its own parsing of the request): else undefined, and the handler reads it itself.
 */
export function readByGuard<K extends ResourceKey>(auth: ScimAuth, key: K): { resource: ResourceOf<K> | undefined } | undefined {
  const read = auth.read;
  return read && sameKey(read.key, key) ? { resource: read.resource as ResourceOf<K> | undefined } : undefined;
}

/**
 * The guard's read of `key`, as the unlocked read a write computes its change from (decision
 * 0212): `{ unlockedRead }` if the guard read that resource, else nothing, and the core reads it.
 */
export function unlockedReadByGuard<K extends ResourceKey>(auth: ScimAuth, key: K): { unlockedRead?: UnlockedRead<ResourceOf<K>> } {
  const read = readByGuard(auth, key);
  return read ? { unlockedRead: read } : {};
}

/**
 * A write route's `scimReads`: its resource, read with the token, where the store writes SCIM
 * changes in one statement computed from an unlocked read (`oneStatement`, PostgreSQL). Elsewhere
 * the write's transaction reads the resource under its lock, and a read by the guard would be one
 * statement more.
 */
export function readsForWrite(core: CoreContext, key: (request: FastifyRequest) => ResourceKey): { scimReads?: (request: FastifyRequest) => ResourceKey } {
  return core.store.oneStatement ? { scimReads: key } : {};
}

const valueOf = (k: ResourceKey): string => ('id' in k ? `id:${k.id}` : 'userName' in k ? `name:${k.userName}` : `name:${k.displayName}`);
const sameKey = (a: ResourceKey, b: ResourceKey) => a.type === b.type && valueOf(a) === valueOf(b);

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
  /** A user or group of the credential's directory to read with the token (GET by id, the unique-name lookups). */
  reads?: ResourceKey,
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
  const reading = reads === undefined ? undefined : await authenticateSCIMTokenReading(core, token, reads, check);
  const result = reading ?? (await authenticateSCIMToken(core, token, check));
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
  return reads && reading && 'ok' in reading && reading.ok ? { ...auth, read: { key: reads, resource: reading.resource } } : auth;
}

/** The string of a `<attribute> eq "<string>"` filter and nothing else, on a resource type's core schema. */
export function uniqueNameLookup(rt: ResourceType, attribute: 'username' | 'displayname', filter: Filter | undefined): string | undefined {
  return stringEquality(filter, attribute, [rt.schema.id.toLowerCase()]);
}

/**
 * Before the guard: the name a GET of the list will look up when its query is that lookup (the
 * IdPs' `userName eq` and `displayName eq`), so the guard reads the resource with the token. Never
 * throws: a query in error names nothing, and is refused after the guard, in the order it always was.
 */
export function lookupBeforeGuard(rt: ResourceType, attribute: 'username' | 'displayname', request: FastifyRequest): string | undefined {
  try {
    return uniqueNameLookup(rt, attribute, parseListParams(rt, request.query as ListQuery).filter);
  } catch {
    return undefined;
  }
}
