import { PolicyDocumentError, validateTrustPolicy } from '../../policy/index.js';
import { DomainError } from '../errors.js';
import { randomDigits } from '../ids.js';
import type { NamePage, RamRole } from '../ports/ram.js';
import type { Store } from '../ports/store.js';
import { MAX_ITEMS } from './users.js';
import { checkLength, ramAudit, type RamProvenance, type RamScope } from './common.js';

/**
 * RAM roles (RAM CreateRole, GetRole, ListRoles, UpdateRole, DeleteRole): a trust policy says who
 * may assume the role (STS AssumeRole, ../sts.ts), its attached policies what the session may do.
 * Names are unique per account case-insensitively, and the role's ARN carries the name in lower
 * case, as RAM's do. Deleting a role revokes every STS credential issued for it.
 */
const ROLE_NAME = /^[A-Za-z0-9.-]{1,64}$/;
export const SESSION_DURATION = { min: 3600, max: 43200, default: 3600 } as const;

export function roleArn(accountId: string, name: string): string {
  return `acs:ram::${accountId}:role/${name.toLowerCase()}`;
}

export function checkRoleName(name: string): void {
  if (!ROLE_NAME.test(name)) {
    throw new DomainError('InvalidParameter', 'RoleName must be 1 to 64 characters: letters, digits, periods (.) and hyphens (-).', { field: 'RoleName' });
  }
}

function checkTrustPolicy(text: string, field: string): void {
  try {
    validateTrustPolicy(text);
  } catch (err) {
    if (!(err instanceof PolicyDocumentError)) throw err;
    throw new DomainError('InvalidParameter', `The trust policy is not valid: ${err.reason}`, { field });
  }
}

function checkMaxSession(value: number, field: string): void {
  if (!Number.isInteger(value) || value < SESSION_DURATION.min || value > SESSION_DURATION.max) {
    throw new DomainError('InvalidParameter', `${field} must be an integer from ${SESSION_DURATION.min} to ${SESSION_DURATION.max} seconds.`, {
      field,
    });
  }
}

export interface NewRole {
  readonly name: string;
  readonly trustPolicy: string;
  readonly description?: string | null;
  readonly maxSessionDuration?: number;
}

/** A checked role, not yet stored (Resource Directory creates one inside its own transaction). */
export function newRole(accountId: string, input: NewRole, now: number): RamRole {
  checkRoleName(input.name);
  checkLength('Description', input.description, 1024);
  checkTrustPolicy(input.trustPolicy, 'AssumeRolePolicyDocument');
  const max = input.maxSessionDuration ?? SESSION_DURATION.default;
  checkMaxSession(max, 'MaxSessionDuration');
  return {
    id: randomDigits(19),
    accountId,
    name: input.name,
    description: input.description || null,
    trustPolicy: input.trustPolicy,
    maxSessionDuration: max,
    createTime: now,
    updateTime: now,
  };
}

/** Stores a role and attaches System policies to it, in the caller's transaction. */
export async function insertRole(tx: Store, role: RamRole, systemPolicies: readonly string[] = []): Promise<void> {
  await tx.ram.insertRole(role);
  for (const name of systemPolicies) {
    await tx.ram.attach({ accountId: role.accountId, policyType: 'System', policyName: name, principalType: 'role', principalId: role.id, attachTime: role.createTime });
  }
}

export async function createRamRole(ctx: RamScope, input: NewRole, p: RamProvenance): Promise<RamRole> {
  const role = newRole(ctx.accountId, input, ctx.clock.now());
  await ctx.store.transaction(async (tx) => {
    await insertRole(tx, role);
    await ramAudit(tx, ctx, p, 'CreateRole', 'ram-role', role.id);
  });
  return role;
}

export async function getRamRole(ctx: RamScope, name: string): Promise<RamRole> {
  const role = await ctx.store.ram.getRoleByName(ctx.accountId, name);
  if (!role) throw new DomainError('RamRoleNotFound', `The RAM role "${name}" does not exist.`, { field: 'RoleName' });
  return role;
}

export async function listRamRoles(ctx: RamScope, marker: string | undefined, maxItems: number | undefined): Promise<NamePage<RamRole>> {
  return ctx.store.ram.listRoles(ctx.accountId, marker || undefined, maxItems ?? MAX_ITEMS.default);
}

export async function updateRamRole(
  ctx: RamScope,
  name: string,
  changes: { trustPolicy?: string; description?: string; maxSessionDuration?: number },
  p: RamProvenance,
): Promise<RamRole> {
  if (changes.trustPolicy !== undefined) checkTrustPolicy(changes.trustPolicy, 'NewAssumeRolePolicyDocument');
  if (changes.maxSessionDuration !== undefined) checkMaxSession(changes.maxSessionDuration, 'NewMaxSessionDuration');
  checkLength('NewDescription', changes.description, 1024);
  const role = await getRamRole(ctx, name);
  const updated: RamRole = {
    ...role,
    trustPolicy: changes.trustPolicy ?? role.trustPolicy,
    description: changes.description !== undefined ? changes.description || null : role.description,
    maxSessionDuration: changes.maxSessionDuration ?? role.maxSessionDuration,
    updateTime: ctx.clock.now(),
  };
  await ctx.store.transaction(async (tx) => {
    await tx.ram.updateRole(updated);
    await ramAudit(tx, ctx, p, 'UpdateRole', 'ram-role', role.id);
  });
  return updated;
}

export async function deleteRamRole(ctx: RamScope, name: string, p: RamProvenance): Promise<void> {
  const role = await getRamRole(ctx, name);
  await ctx.store.transaction(async (tx) => {
    if ((await tx.ram.policiesOf('role', role.id)).length > 0) {
      throw new DomainError('RamRoleHasPolicies', 'The RAM role still has attached policies; detach them before deleting the role.');
    }
    await tx.ram.deleteRole(role.id);
    await ramAudit(tx, ctx, p, 'DeleteRole', 'ram-role', role.id);
  });
}
