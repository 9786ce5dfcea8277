import { newAccessKeyPair } from '../access-keys.js';
import { DomainError } from '../errors.js';
import type { AccessKey, Status } from '../model.js';
import { getRamUser } from './users.js';
import { ramAudit, type RamProvenance, type RamScope } from './common.js';

/**
 * AccessKeys of RAM users: at most `quotas.accessKeysPerRamUser` (two, as in RAM) per user. The
 * secret is returned once, by create, and stored sealed by the secret box. A status change or a
 * deletion is a store write that the next request's authentication reads, on every node.
 */
export async function createRamAccessKey(
  ctx: RamScope,
  userName: string,
  p: RamProvenance,
): Promise<{ key: AccessKey; secret: string }> {
  const user = await getRamUser(ctx, userName);
  const pair = newAccessKeyPair();
  const key: AccessKey = { id: pair.id, principalType: 'user', ramUserId: user.id, status: 'Enabled', createTime: ctx.clock.now() };
  await ctx.store.transaction(async (tx) => {
    // The row lock makes the count and the insert one step when two nodes create at once.
    await tx.ram.lockUser(user.id);
    const quota = ctx.settings.quotas.accessKeysPerRamUser;
    if ((await tx.accessKeys.listForUser(user.id)).length >= quota) {
      throw new DomainError(
        'AccessKeyQuotaExceeded',
        `The RAM user "${user.name}" already has ${quota} AccessKeys, the maximum allowed. Delete one before creating another.`,
      );
    }
    await tx.accessKeys.insert(key, ctx.secretBox.seal(pair.secret));
    await ramAudit(tx, ctx, p, 'CreateAccessKey', 'access-key', key.id);
  });
  return { key, secret: pair.secret };
}

export async function listRamAccessKeys(ctx: RamScope, userName: string): Promise<AccessKey[]> {
  const user = await getRamUser(ctx, userName);
  return ctx.store.accessKeys.listForUser(user.id);
}

async function keyOf(ctx: RamScope, userName: string, keyId: string): Promise<AccessKey> {
  const user = await getRamUser(ctx, userName);
  const found = await ctx.store.accessKeys.get(keyId);
  if (!found || found.principalType !== 'user' || found.ramUserId !== user.id) {
    throw new DomainError('AccessKeyNotFound', `The AccessKey "${keyId}" does not exist for the RAM user "${user.name}".`, {
      field: 'UserAccessKeyId',
      id: keyId,
    });
  }
  const { secretEncrypted: _s, ...key } = found;
  return key;
}

export async function setRamAccessKeyStatus(
  ctx: RamScope,
  userName: string,
  keyId: string,
  status: Status,
  p: RamProvenance,
): Promise<AccessKey> {
  const key = await keyOf(ctx, userName, keyId);
  await ctx.store.transaction(async (tx) => {
    await tx.accessKeys.setStatus(key.id, status);
    await ramAudit(tx, ctx, p, status === 'Enabled' ? 'EnableAccessKey' : 'DisableAccessKey', 'access-key', key.id);
  });
  return { ...key, status };
}

export async function deleteRamAccessKey(ctx: RamScope, userName: string, keyId: string, p: RamProvenance): Promise<void> {
  const key = await keyOf(ctx, userName, keyId);
  await ctx.store.transaction(async (tx) => {
    await tx.accessKeys.delete(key.id);
    await ramAudit(tx, ctx, p, 'DeleteAccessKey', 'access-key', key.id);
  });
}
