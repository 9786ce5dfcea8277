import { resolveAccessKey } from '../../core/access-keys.js';
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

/** STS AccessKey IDs start with `STS.`; permanent ones never do (`LTAI...`). */
const STS_PREFIX = 'STS.';

/**
 * Steps 1-4 of the pipeline: parse the signed request, resolve the AccessKey, verify the
 * signature, then check the timestamp window and claim the nonce. The order matters: nothing is
 * written (no nonce claimed) for a request whose signature does not verify.
 */
export async function authenticate(core: CoreContext, raw: RawRequest): Promise<{ signed: SignedRequest; principal: Principal }> {
  const signed = parse(raw);

  const timestamp = checkTimestamp(signed.timestamp, core.clock.now(), MAX_CLOCK_SKEW_MS);
  if (timestamp === 'format') {
    throw new RpcError('InvalidTimeStamp.Format', 400, 'Specified time stamp or date value is not well formatted.');
  }

  let principal: Principal;
  if (signed.accessKeyId.startsWith(STS_PREFIX)) {
    // STS credentials (docs/decisions/0063-sts.md): the token must be the one issued with the key.
    const sts = await resolveStsCredential(core, signed.accessKeyId);
    if (!sts) throw new RpcError('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.');
    if (!signed.verify(sts.secret)) throw signatureMismatch();
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
    const resolved = await resolveAccessKey(core, signed.accessKeyId);
    if (!resolved) throw new RpcError('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.');
    if (!signed.verify(resolved.secret)) throw signatureMismatch();
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
