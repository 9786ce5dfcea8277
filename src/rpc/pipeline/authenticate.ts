import { resolveAccessKeyThrottled } from '../../core/access-keys.js';
import { NO_AUTH_THROTTLE, type AuthThrottle } from '../../core/auth-throttle.js';
import type { CoreContext } from '../../core/context.js';
import type { AccessKey } from '../../core/model.js';
import type { KeyOwner } from '../../core/ports/store.js';
import { resolveStsCredentialThrottled, securityTokenMatches } from '../../core/sts.js';
import type { Principal } from '../principal.js';
import { edgeError, edgeErrorWith } from '../edge-errors.js';
import type { RpcError } from '../rpc-error.js';
import {
  checkTimestamp,
  parseSignedRequest,
  SignatureFormatError,
  type RawRequest,
  type SignedRequest,
} from '../signature/index.js';

/** Alibaba's accepted clock skew; nonces are remembered for as long (both directions). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Where the request came from, and the throttle of failed authentications (core/auth-throttle.ts). */
export interface AuthenticationGuard {
  readonly ip: string;
  readonly throttle: AuthThrottle;
}

/** STS AccessKey IDs start with `STS.`; permanent ones never do (`LTAI...`). */
const STS_PREFIX = 'STS.';

/**
 * Steps 1-4 of the pipeline: parse the signed request, resolve the AccessKey, verify the
 * signature, then check the timestamp window and claim the nonce. The order matters: nothing is
 * written (no nonce claimed) for a request whose signature does not verify. A source address or
 * AccessKey over its failure limit is refused (`Throttling.User`) before its signature is checked;
 * an unknown key and a wrong signature count as failures.
 */
export async function authenticate(
  core: CoreContext,
  raw: RawRequest,
  guard: AuthenticationGuard = { ip: '', throttle: NO_AUTH_THROTTLE },
): Promise<{ signed: SignedRequest; principal: Principal }> {
  const signed = parse(raw);

  const timestamp = checkTimestamp(signed.timestamp, core.clock.now(), MAX_CLOCK_SKEW_MS);
  if (timestamp === 'format') {
    throw edgeError('TimestampFormat');
  }

  // The throttle adds no round trip to a good request: a permanent key, or an STS credential with
  // its role, is read with the failure counts (one statement on PostgreSQL).
  const source = { ip: guard.ip, accessKeyId: signed.accessKeyId };
  const check = guard.throttle.check(source);
  const { resolved, blockedMs } = signed.accessKeyId.startsWith(STS_PREFIX)
    ? await resolveStsCredentialThrottled(core, signed.accessKeyId, check)
    : await resolveAccessKeyThrottled(core, signed.accessKeyId, check);
  if (blockedMs !== undefined) throw throttled(blockedMs);
  if (!resolved) {
    await guard.throttle.fail({ ip: guard.ip });
    throw edgeError('AccessKeyNotFound');
  }
  if (!signed.verify(resolved.secret)) {
    await guard.throttle.fail({ ip: guard.ip, accessKeyId: signed.accessKeyId });
    throw edgeError('SignatureDoesNotMatch');
  }

  let principal: Principal;
  if ('credential' in resolved) {
    // STS credentials (docs/decisions/0063-sts.md): the token must be the one issued with the key.
    const sts = resolved;
    if (signed.securityToken === undefined || !securityTokenMatches(sts.tokenHash, signed.securityToken)) {
      throw edgeError('SecurityTokenMismatch');
    }
    if (core.clock.now() >= sts.credential.expireTime) {
      throw edgeError('SecurityTokenExpired');
    }
    principal = {
      type: 'assumed-role',
      accessKeyId: sts.credential.id,
      accountId: sts.credential.accountId,
      roleId: sts.role.id,
      roleName: sts.role.name,
      sessionName: sts.credential.sessionName,
      sessionPolicy: sts.credential.sessionPolicy,
    };
  } else {
    if (resolved.key.status !== 'Enabled') throw edgeError('AccessKeyInactive');
    if (signed.securityToken !== undefined) {
      throw edgeError('SecurityTokenWithPermanentKey');
    }
    principal = await principalOf(core, resolved.key, resolved.owner);
  }
  if (timestamp === 'expired') {
    throw edgeError('TimestampExpired');
  }

  const now = core.clock.now();
  const fresh = await core.store.nonces.claim(`${signed.accessKeyId}:${signed.nonce}`, now + MAX_CLOCK_SKEW_MS * 2, now);
  if (!fresh) throw edgeError('NonceUsed');

  return { signed, principal };
}

/**
 * The root, or the RAM user owning the key: read now (with the key where the store could, in
 * the same statement), so a user deleted since is an unknown key.
 */
async function principalOf(core: CoreContext, key: AccessKey, owner: KeyOwner | null | undefined): Promise<Principal> {
  if (key.principalType === 'root') return { type: 'root', accessKeyId: key.id, accountId: core.settings.accountId };
  const user = owner !== undefined ? owner : key.ramUserId === null ? undefined : await core.store.ram.getUser(key.ramUserId);
  if (!user) throw edgeError('AccessKeyNotFound');
  return { type: 'ram-user', accessKeyId: key.id, accountId: user.accountId, userId: user.id, userName: user.name };
}

/**
 * Alibaba's flow-control refusal: `Throttling.User`, HTTP 400 as Alibaba's gateway answers it;
 * openapi-core raises a ThrottlingError for any code containing "Throttling" and reads
 * `x-acs-retry-after` (milliseconds) into `retryAfter`.
 */
function throttled(retryAfterMs: number): RpcError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const headers = { 'x-acs-retry-after': String(Math.max(1, Math.ceil(retryAfterMs))), 'Retry-After': String(seconds) };
  return edgeErrorWith('Throttled', { headers }, seconds);
}

function parse(raw: RawRequest): SignedRequest {
  try {
    return parseSignedRequest(raw);
  } catch (err) {
    if (!(err instanceof SignatureFormatError)) throw err;
    switch (err.code) {
      case 'ContentSha256Mismatch':
        throw edgeError('ContentSha256Mismatch');
      case 'UnsupportedSignatureMethod':
      case 'UnsupportedSignatureVersion':
        throw edgeError('UnsupportedSignatureMethod', err.message);
      case 'MissingAccessKeyId':
        throw edgeError('MissingAccessKeyId', err.message);
      case 'MissingTimestamp':
        throw edgeError('MissingTimestamp', err.message);
      case 'MissingSignatureNonce':
        throw edgeError('MissingSignatureNonce', err.message);
      case 'MalformedEncoding':
        throw edgeError('MalformedEncoding', err.message);
      default:
        throw edgeError('IncompleteSignature', err.message);
    }
  }
}
