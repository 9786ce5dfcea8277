import { createHash } from 'node:crypto';
import { auditEvent, recordAudit, type AuditEntry } from './audit.js';
import { NO_AUTH_THROTTLE, type ThrottleCheck } from './auth-throttle.js';
import { oneYearAfter, type CoreContext } from './context.js';
import { getDirectory, lockDirectory } from './directories.js';
import { DomainError } from './errors.js';
import { newId, randomBase62 } from './ids.js';
import type { SCIMServerCredential, Status } from './model.js';
import type { ResourceKey, ResourceOf, Store } from './ports/store.js';
import { SYSTEM, type AuditedBy } from './provenance.js';

/**
 * SCIM server credentials: bearer tokens an IdP uses to provision into exactly one directory.
 * The secret is 40 random base62 characters (about 238 bits), shown once in the create response
 * and stored only as its SHA-256. A slow password hash buys nothing for a secret this random,
 * and a fast one keeps the per-request lookup an index probe (docs/decisions/0002-secrets.md).
 */
const SECRET_LENGTH = 40;

export function hashCredentialSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const auditEntry = (directoryId: string, action: string, id: string): AuditEntry => ({ directoryId, action, resourceType: 'scim-credential', resourceId: id });

const audit = (tx: Store, ctx: CoreContext, by: AuditedBy, action: string, directoryId: string, id: string) => recordAudit(tx, ctx, by, auditEntry(directoryId, action, id));

const notFound = (id: string) => new DomainError('SCIMCredentialNotFound', 'The specified SCIM credential does not exist.', { id });

export async function createSCIMServerCredential(
  ctx: CoreContext,
  directoryId: string,
  by: AuditedBy = SYSTEM,
): Promise<{ credential: SCIMServerCredential; secret: string }> {
  const now = ctx.clock.now();
  const secret = randomBase62(SECRET_LENGTH);
  const credential: SCIMServerCredential = {
    id: newId('scimcred', now),
    directoryId,
    status: 'Enabled',
    createTime: now,
    expireTime: oneYearAfter(now),
    lastUsedTime: null,
  };
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const quota = ctx.settings.quotas.scimCredentialsPerDirectory;
    if ((await tx.scimCredentials.count(directoryId)) >= quota) {
      throw new DomainError(
        'SCIMCredentialQuotaExceeded',
        `The directory already has ${quota} SCIM credentials, the maximum allowed. Delete one before creating another.`,
      );
    }
    await tx.scimCredentials.insert(credential, hashCredentialSecret(secret));
    await audit(tx, ctx, by, 'CreateSCIMServerCredential', directoryId, credential.id);
  });
  return { credential, secret };
}

export async function listSCIMServerCredentials(ctx: CoreContext, directoryId: string): Promise<SCIMServerCredential[]> {
  await getDirectory(ctx, directoryId);
  return ctx.store.scimCredentials.list(directoryId);
}

/**
 * UpdateSCIMServerCredentialStatus. One transaction, three statements: lock the directory (it
 * must exist), `UPDATE ... RETURNING` the credential (it must exist), the audit row. Where the
 * store writes all three in one statement (PostgreSQL: `Store.oneStatement`, one round trip where
 * the transaction takes five), it does; if that wrote nothing, the transaction says which is
 * missing. The next SCIM request with a disabled credential fails on every node
 * (authenticateSCIMToken reads the store).
 */
export async function updateSCIMServerCredentialStatus(
  ctx: CoreContext,
  directoryId: string,
  id: string,
  status: Status,
  by: AuditedBy = SYSTEM,
): Promise<SCIMServerCredential> {
  const entry = auditEntry(directoryId, 'UpdateSCIMServerCredentialStatus', id);
  const transaction = () =>
    ctx.store.transaction(async (tx) => {
      await lockDirectory(tx, directoryId);
      const c = await tx.scimCredentials.setStatus(directoryId, id, status);
      if (!c) throw notFound(id);
      await recordAudit(tx, ctx, by, entry);
      return c;
    });
  const alone = ctx.store.oneStatement;
  if (!alone) return transaction();
  return (await alone.setSCIMCredentialStatus(directoryId, id, status, auditEvent(ctx, by, entry))) ?? transaction();
}

export async function deleteSCIMServerCredential(ctx: CoreContext, directoryId: string, id: string, by: AuditedBy = SYSTEM): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    if (!(await tx.scimCredentials.delete(directoryId, id))) throw notFound(id);
    await audit(tx, ctx, by, 'DeleteSCIMServerCredential', directoryId, id);
  });
}

export type SCIMAuthFailure = 'unknown' | 'disabled' | 'expired' | 'sync-disabled';

export type SCIMAuthResult =
  | { readonly ok: true; readonly credential: SCIMServerCredential }
  | { readonly ok: false; readonly reason: SCIMAuthFailure };

/** A source over its failure limit: refused for this many milliseconds whatever its token. */
export interface SCIMAuthBlocked {
  readonly blockedMs: number;
}

/** Write the last-used time at most this often per credential, so reads do not all become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

const NO_THROTTLE_CHECK = NO_AUTH_THROTTLE.check({ ip: '' });

/**
 * Resolves a bearer token to its credential and directory. Reads the store on every call: no cache
 * may let a credential through after it was disabled, deleted or its directory's sync switched
 * off, on any node. The failures counted against the client (`throttle`, docs/decisions/0042) are
 * read in the same statement: a source over its limit is refused before its token is judged.
 */
export async function authenticateSCIMToken(
  ctx: CoreContext,
  token: string,
  throttle: ThrottleCheck = NO_THROTTLE_CHECK,
): Promise<SCIMAuthResult | SCIMAuthBlocked> {
  const subject = soleSubject(throttle);
  const read = await ctx.store.scimCredentials.findBySecretHash(hashCredentialSecret(token), { subject, windowStart: throttle.windowStart });
  return judge(ctx, read, subject, throttle);
}

/** A good token's result, with the resource of its directory that was asked for (undefined if none). */
export type SCIMAuthResultReading<K extends ResourceKey> =
  | { readonly ok: true; readonly credential: SCIMServerCredential; readonly resource: ResourceOf<K> | undefined }
  | { readonly ok: false; readonly reason: SCIMAuthFailure };

/**
 * `authenticateSCIMToken`, and the user or group of the credential's directory with this key, read
 * in the same statement on PostgreSQL (a SCIM GET of one resource, or an IdP's `userName eq` or
 * `displayName eq` lookup: one round trip, not two). The resource is handed over only when the
 * credential passes every check, and is never one of another directory.
 */
export async function authenticateSCIMTokenReading<K extends ResourceKey>(
  ctx: CoreContext,
  token: string,
  key: K,
  throttle: ThrottleCheck = NO_THROTTLE_CHECK,
): Promise<SCIMAuthResultReading<K> | SCIMAuthBlocked> {
  const subject = soleSubject(throttle);
  const read = await ctx.store.scimCredentials.findBySecretHashReading(hashCredentialSecret(token), { subject, windowStart: throttle.windowStart }, key);
  const result = await judge(ctx, read, subject, throttle);
  return 'ok' in result && result.ok ? { ...result, resource: read.found?.resource } : result;
}

/** A SCIM source is an address only: one counter at most. */
function soleSubject(throttle: ThrottleCheck): string | null {
  if (throttle.subjects.length > 1) throw new Error('authenticateSCIMToken: a SCIM client is throttled by its address alone.');
  return throttle.subjects[0] ?? null;
}

async function judge(
  ctx: CoreContext,
  { found, failures }: { found: { credential: SCIMServerCredential; scimSyncEnabled: boolean } | undefined; failures: number },
  subject: string | null,
  throttle: ThrottleCheck,
): Promise<SCIMAuthResult | SCIMAuthBlocked> {
  const blockedMs = subject === null ? undefined : throttle.blockedFor(new Map([[subject, failures]]));
  if (blockedMs !== undefined) return { blockedMs };
  if (!found) return { ok: false, reason: 'unknown' };
  const { credential, scimSyncEnabled } = found;
  const now = ctx.clock.now();
  if (credential.status !== 'Enabled') return { ok: false, reason: 'disabled' };
  if (credential.expireTime <= now) return { ok: false, reason: 'expired' };
  if (!scimSyncEnabled) return { ok: false, reason: 'sync-disabled' };
  if (credential.lastUsedTime === null || now - credential.lastUsedTime >= LAST_USED_RESOLUTION_MS) {
    await ctx.store.scimCredentials.touch(credential.id, now);
  }
  return { ok: true, credential };
}
