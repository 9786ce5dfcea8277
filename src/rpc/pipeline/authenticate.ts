import { resolveAccessKey } from '../../core/access-keys.js';
import { NO_AUTH_THROTTLE, type AuthThrottle } from '../../core/auth-throttle.js';
import type { CoreContext } from '../../core/context.js';
import type { AccessKey } from '../../core/model.js';
import { resolveStsCredential, securityTokenMatches } from '../../core/sts.js';
import type { Principal } from '../principal.js';
import { RpcError } from '../rpc-error.js';
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
    throw new RpcError('InvalidTimeStamp.Format', 400, 'Specified time stamp or date value is not well formatted.');
  }

  // Side by side, so the throttle adds no round trip to a good request.
  const isSts = signed.accessKeyId.startsWith(STS_PREFIX);
  const [resolved, blockedMs] = await Promise.all([
    isSts ? resolveStsCredential(core, signed.accessKeyId) : resolveAccessKey(core, signed.accessKeyId),
    guard.throttle.blockedFor({ ip: guard.ip, accessKeyId: signed.accessKeyId }),
  ]);
  if (blockedMs !== undefined) throw throttled(blockedMs);
  if (!resolved) {
    await guard.throttle.fail({ ip: guard.ip });
    throw new RpcError('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.');
  }
  if (!signed.verify(resolved.secret)) {
    await guard.throttle.fail({ ip: guard.ip, accessKeyId: signed.accessKeyId });
    throw signatureMismatch();
  }

  let principal: Principal;
  if ('credential' in resolved) {
    // STS credentials (docs/decisions/0063-sts.md): the token must be the one issued with the key.
    const sts = resolved;
    if (signed.securityToken === undefined || !securityTokenMatches(sts.tokenHash, signed.securityToken)) {
      throw new RpcError('InvalidSecurityToken.MismatchWithAccessKey', 400, 'The security token does not belong to the STS AccessKey; send the SecurityToken AssumeRole returned with it.');
    }
    if (core.clock.now() >= sts.credential.expireTime) {
      throw new RpcError('InvalidSecurityToken.Expired', 400, 'Specified SecurityToken is expired; call AssumeRole again.');
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
    if (resolved.key.status !== 'Enabled') throw new RpcError('InvalidAccessKeyId.Inactive', 400, 'Specified access key is disabled.');
    if (signed.securityToken !== undefined) {
      throw new RpcError('InvalidSecurityToken.MismatchWithAccessKey', 400, 'A SecurityToken was sent with a permanent AccessKey; only STS AccessKeys (STS.*) take one.');
    }
    principal = await principalOf(core, resolved.key);
  }
  if (timestamp === 'expired') {
    throw new RpcError('InvalidTimeStamp.Expired', 400, 'Specified time stamp or date value is expired (more than 15 minutes from the server clock).');
  }

  const now = core.clock.now();
  const fresh = await core.store.nonces.claim(`${signed.accessKeyId}:${signed.nonce}`, now + MAX_CLOCK_SKEW_MS * 2, now);
  if (!fresh) throw new RpcError('SignatureNonceUsed', 400, 'Specified signature nonce was used already.');

  return { signed, principal };
}

/** Never say what was expected: the string-to-sign would help forge the next attempt. */
const signatureMismatch = () =>
  new RpcError(
    'SignatureDoesNotMatch',
    400,
    'Specified signature is not matched with our calculation. Check the AccessKey secret and the signing method.',
  );

/** The root, or the RAM user owning the key (read now: a user deleted since is an unknown key). */
async function principalOf(core: CoreContext, key: AccessKey): Promise<Principal> {
  if (key.principalType === 'root') return { type: 'root', accessKeyId: key.id, accountId: core.settings.accountId };
  const user = key.ramUserId === null ? undefined : await core.store.ram.getUser(key.ramUserId);
  if (!user) throw new RpcError('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.');
  return { type: 'ram-user', accessKeyId: key.id, accountId: user.accountId, userId: user.id, userName: user.name };
}

/**
 * Alibaba's flow-control refusal: `Throttling.User`, HTTP 400 as Alibaba's gateway answers it;
 * openapi-core raises a ThrottlingError for any code containing "Throttling" and reads
 * `x-acs-retry-after` (milliseconds) into `retryAfter`.
 */
function throttled(retryAfterMs: number): RpcError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new RpcError(
    'Throttling.User',
    400,
    `Request was denied due to user flow control: too many failed authentications from this address or for this AccessKey. Retry after ${seconds} seconds.`,
    {},
    { 'x-acs-retry-after': String(Math.max(1, Math.ceil(retryAfterMs))), 'Retry-After': String(seconds) },
  );
}

function parse(raw: RawRequest): SignedRequest {
  try {
    return parseSignedRequest(raw);
  } catch (err) {
    if (!(err instanceof SignatureFormatError)) throw err;
    switch (err.code) {
      case 'ContentSha256Mismatch':
        throw new RpcError('SignatureDoesNotMatch', 400, 'The x-acs-content-sha256 header does not match the SHA-256 of the request body.');
      case 'UnsupportedSignatureMethod':
      case 'UnsupportedSignatureVersion':
        throw new RpcError('InvalidParameter.SignatureMethod', 400, err.message);
      case 'MissingAccessKeyId':
        throw new RpcError('MissingParameter.AccessKeyId', 400, err.message);
      case 'MissingTimestamp':
        throw new RpcError('MissingParameter.Timestamp', 400, err.message);
      case 'MissingSignatureNonce':
        throw new RpcError('MissingParameter.SignatureNonce', 400, err.message);
      case 'MalformedEncoding':
        throw new RpcError('InvalidParameter.Encoding', 400, err.message);
      default:
        throw new RpcError('IncompleteSignature', 400, err.message);
    }
  }
}
