import { recordAudit } from './audit.js';
import type { ThrottleCheck } from './auth-throttle.js';
import type { CoreContext } from './context.js';
import { randomBase62 } from './ids.js';
import type { AccessKey } from './model.js';
import type { KeyOwner, Store } from './ports/store.js';
import { SYSTEM } from './provenance.js';
import type { SecretBox } from './secret-box.js';

/** AccessKey IDs look like Alibaba's (`LTAI` + 20 base62); secrets are 30 base62 characters. */
export function newAccessKeyPair(): { id: string; secret: string } {
  return { id: `LTAI${randomBase62(20)}`, secret: randomBase62(30) };
}

export interface ResolvedAccessKey {
  readonly key: AccessKey;
  readonly secret: string;
  /** The RAM user owning a user's key, when the store read it with the key (null: gone). */
  readonly owner?: KeyOwner | null;
}

/** How many AccessKeys' opened secrets are kept, per secret box (least recently used dropped first). */
export const OPENED_SECRET_CACHE_SIZE = 1000;

/**
 * Secrets opened recently, by AccessKey ID (an STS credential's `STS.` ID too), with the
 * ciphertext they were opened from. Only the AES-GCM open is saved: the row is still read on every
 * call, so status, deletion, expiry and the owner are checked each time on every node, and a
 * rotated key (new ciphertext) is opened afresh. Keyed by the secret box, so a plaintext is only
 * ever reused under the key that sealed it.
 */
const openedSecrets = new WeakMap<SecretBox, Map<string, { sealed: string; secret: string }>>();

export function openCached(box: SecretBox, id: string, sealed: string): string {
  let cache = openedSecrets.get(box);
  if (!cache) openedSecrets.set(box, (cache = new Map()));
  const hit = cache.get(id);
  if (hit && hit.sealed === sealed) {
    cache.delete(id); // most recently used last
    cache.set(id, hit);
    return hit.secret;
  }
  const secret = box.open(sealed);
  cache.delete(id);
  if (cache.size >= OPENED_SECRET_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(id, { sealed, secret });
  return secret;
}

/** The key and its decrypted secret, for signature verification; undefined if unknown. */
export async function resolveAccessKey(ctx: CoreContext, id: string): Promise<ResolvedAccessKey | undefined> {
  return resolved(ctx, await ctx.store.accessKeys.get(id));
}

/**
 * `resolveAccessKey` and the throttle's verdict on the caller, from one read of the key and the
 * failure counts (one round trip on PostgreSQL).
 */
export async function resolveAccessKeyThrottled(
  ctx: CoreContext,
  id: string,
  check: ThrottleCheck,
): Promise<{ resolved: ResolvedAccessKey | undefined; blockedMs: number | undefined }> {
  if (check.subjects.length === 0) return { resolved: await resolveAccessKey(ctx, id), blockedMs: undefined };
  const { key, failures, owner } = await ctx.store.accessKeys.getWithFailures(id, check.subjects, check.windowStart);
  return { resolved: resolved(ctx, key, owner), blockedMs: check.blockedFor(failures) };
}

function resolved(ctx: CoreContext, found: (AccessKey & { secretEncrypted: string }) | undefined, owner?: KeyOwner | null): ResolvedAccessKey | undefined {
  if (!found) return undefined;
  const { secretEncrypted, ...key } = found;
  return { key, secret: openCached(ctx.secretBox, key.id, secretEncrypted), ...(owner === undefined ? {} : { owner }) };
}

/**
 * Makes sure the account has a root key. With `given`, that key is the root key (inserted if
 * new). Without, an existing root key is kept, or a new one generated and returned so the caller
 * can show it once. Every change is audited in its own transaction as the server's (`SYSTEM`):
 * the root key is the account's most powerful credential, and its creation, its rotation through
 * the environment and the removal of the key it replaces belong in the trail
 * (docs/decisions/0087). The secret never does.
 */
export async function ensureRootAccessKey(
  ctx: CoreContext,
  given?: { id: string; secret: string },
): Promise<{ id: string; generatedSecret?: string }> {
  const audit = (tx: Store, action: 'CreateAccessKey' | 'DeleteAccessKey', id: string) =>
    recordAudit(tx, ctx, SYSTEM, { directoryId: null, action: `ram:${action}`, resourceType: 'access-key', resourceId: id });
  const create = (id: string, secret: string) =>
    ctx.store.transaction(async (tx) => {
      await tx.accessKeys.insert({ id, principalType: 'root', ramUserId: null, status: 'Enabled', createTime: ctx.clock.now() }, ctx.secretBox.seal(secret));
      await audit(tx, 'CreateAccessKey', id);
    });
  if (given) {
    const existing = await ctx.store.accessKeys.get(given.id);
    if (!existing) {
      await create(given.id, given.secret);
    } else if (existing.principalType !== 'root') {
      throw new Error(`AccessKey ${given.id} belongs to a RAM user; it cannot be the root key.`);
    } else if (ctx.secretBox.open(existing.secretEncrypted) !== given.secret) {
      // The configured secret wins: the operator rotated it through the environment.
      await ctx.store.transaction(async (tx) => {
        await tx.accessKeys.delete(given.id);
        await tx.accessKeys.insert({ ...existing, status: 'Enabled' }, ctx.secretBox.seal(given.secret));
        await audit(tx, 'DeleteAccessKey', given.id);
        await audit(tx, 'CreateAccessKey', given.id);
      });
    }
    // The configured key is the account's only root key: one it replaces (generated earlier, or
    // configured before) stops working, as an operator rotating a leaked key expects.
    for (const other of await ctx.store.accessKeys.listRoot()) {
      if (other.id === given.id) continue;
      await ctx.store.transaction(async (tx) => {
        await tx.accessKeys.delete(other.id);
        await audit(tx, 'DeleteAccessKey', other.id);
      });
    }
    return { id: given.id };
  }
  const root = await ctx.store.accessKeys.findRoot();
  if (root) return { id: root.id };
  const pair = newAccessKeyPair();
  await create(pair.id, pair.secret);
  return { id: pair.id, generatedSecret: pair.secret };
}
