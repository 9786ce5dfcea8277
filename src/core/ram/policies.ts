import { PolicyDocumentError, validatePolicyDocument } from '../../policy/index.js';
import { DomainError } from '../errors.js';
import type { NamePage, Policy, PolicyKind, PolicyPrincipalType, RamGroup, RamRole, RamUser } from '../ports/ram.js';
import { getRamGroup } from './groups.js';
import { getRamRole } from './roles.js';
import { systemPolicy } from './system-policies.js';
import { MAX_ITEMS, getRamUser } from './users.js';
import { checkLength, checkPolicyName, ramAudit, type RamProvenance, type RamScope } from './common.js';

/**
 * Custom policies, the System policy catalogue (./system-policies.ts), and their attachments to
 * RAM users, groups and roles. A document is validated on create (src/policy,
 * docs/decisions/0006-ram-policy-semantics.md) and stored as given; a custom policy is deleted
 * only once detached from everything (or with RAM's CascadingDelete). Everything happens in the
 * caller's account.
 */
export type PolicyTarget = { readonly type: PolicyPrincipalType; readonly name: string };

const WIRE_TYPE: Record<PolicyPrincipalType, 'User' | 'Group' | 'Role'> = { user: 'User', group: 'Group', role: 'Role' };

/** A policy of either kind as RAM shows it. */
export interface AnyPolicy {
  readonly type: PolicyKind;
  readonly name: string;
  readonly description: string | null;
  readonly document: string;
  readonly createTime: number;
  readonly updateTime: number;
}

/** RAM's PolicyType parameter: Custom (the default here) or System; anything else names no policy. */
export function policyKind(name: string, type: string | undefined): PolicyKind {
  if (type === undefined || type === 'Custom') return 'Custom';
  if (type === 'System') return 'System';
  throw new DomainError('PolicyNotFound', `The policy "${name}" of type "${type}" does not exist: PolicyType is Custom or System.`, {
    field: 'PolicyName',
  });
}

export async function createPolicy(
  ctx: RamScope,
  input: { name: string; document: string; description?: string | null },
  p: RamProvenance,
): Promise<Policy> {
  checkPolicyName(input.name);
  checkLength('Description', input.description, 1024);
  try {
    validatePolicyDocument(input.document);
  } catch (err) {
    if (!(err instanceof PolicyDocumentError)) throw err;
    throw new DomainError('InvalidPolicyDocument', `The policy document is not valid: ${err.reason}`, { field: 'PolicyDocument' });
  }
  const now = ctx.clock.now();
  const policy: Policy = {
    accountId: ctx.accountId,
    name: input.name,
    description: input.description || null,
    document: input.document,
    createTime: now,
    updateTime: now,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.ram.insertPolicy(policy);
    await ramAudit(tx, ctx, p, 'CreatePolicy', 'policy', policy.name);
  });
  return policy;
}

export async function getPolicy(ctx: RamScope, name: string): Promise<Policy & { attachmentCount: number }> {
  const policy = await ctx.store.ram.getPolicy(ctx.accountId, name);
  if (!policy) throw new DomainError('PolicyNotFound', `The policy "${name}" does not exist.`, { field: 'PolicyName' });
  const attachments = await ctx.store.ram.attachmentsOfPolicy(ctx.accountId, 'Custom', name);
  return { ...policy, attachmentCount: attachments.length };
}

/** A Custom policy of the account or a System policy of the catalogue, with its attachment count. */
export async function getAnyPolicy(ctx: RamScope, type: PolicyKind, name: string): Promise<AnyPolicy & { attachmentCount: number }> {
  if (type === 'Custom') return { type, ...(await getPolicy(ctx, name)) };
  const sys = systemPolicy(name);
  if (!sys) throw new DomainError('PolicyNotFound', `The System policy "${name}" does not exist.`, { field: 'PolicyName' });
  const attachments = await ctx.store.ram.attachmentsOfPolicy(ctx.accountId, 'System', name);
  return { type, ...sys, attachmentCount: attachments.length };
}

export async function listPolicies(
  ctx: RamScope,
  marker: string | undefined,
  maxItems: number | undefined,
): Promise<NamePage<Policy & { attachmentCount: number }>> {
  return ctx.store.ram.listPolicies(ctx.accountId, marker || undefined, maxItems ?? MAX_ITEMS.default);
}

export async function deletePolicy(ctx: RamScope, name: string, cascading: boolean, p: RamProvenance): Promise<void> {
  await getPolicy(ctx, name);
  await ctx.store.transaction(async (tx) => {
    const attachments = await tx.ram.attachmentsOfPolicy(ctx.accountId, 'Custom', name);
    const [first] = attachments;
    if (first !== undefined && !cascading) {
      throw new DomainError('PolicyInUse', `The policy "${name}" is still attached to ${attachments.length} principal(s); detach it first.`, {
        field: WIRE_TYPE[first.principalType],
      });
    }
    for (const a of attachments) await tx.ram.detach('Custom', name, a.principalType, a.principalId);
    await tx.ram.deletePolicy(ctx.accountId, name);
    await ramAudit(tx, ctx, p, 'DeletePolicy', 'policy', name);
  });
}

async function principalId(ctx: RamScope, target: PolicyTarget): Promise<string> {
  switch (target.type) {
    case 'user':
      return (await getRamUser(ctx, target.name)).id;
    case 'group':
      return (await getRamGroup(ctx, target.name)).id;
    case 'role':
      return (await getRamRole(ctx, target.name)).id;
  }
}

export async function attachPolicy(ctx: RamScope, type: PolicyKind, policyName: string, target: PolicyTarget, p: RamProvenance): Promise<void> {
  await getAnyPolicy(ctx, type, policyName);
  const id = await principalId(ctx, target);
  await ctx.store.transaction(async (tx) => {
    // A Custom policy deleted since it was read must not gain an attachment (no foreign key can say so).
    if (type === 'Custom' && !(await tx.ram.getPolicy(ctx.accountId, policyName))) {
      throw new DomainError('ConcurrentChange', 'Another request deleted the policy; retry.');
    }
    const attached = await tx.ram.attach({
      accountId: ctx.accountId,
      policyType: type,
      policyName,
      principalType: target.type,
      principalId: id,
      attachTime: ctx.clock.now(),
    });
    if (!attached) {
      throw new DomainError('PolicyAlreadyAttached', `The policy "${policyName}" is already attached to the ${target.type} "${target.name}".`, {
        field: WIRE_TYPE[target.type],
      });
    }
    await ramAudit(tx, ctx, p, `AttachPolicyTo${WIRE_TYPE[target.type]}`, 'policy', policyName);
  });
}

export async function detachPolicy(ctx: RamScope, type: PolicyKind, policyName: string, target: PolicyTarget, p: RamProvenance): Promise<void> {
  await getAnyPolicy(ctx, type, policyName);
  const id = await principalId(ctx, target);
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.ram.detach(type, policyName, target.type, id))) {
      throw new DomainError('PolicyAttachmentNotFound', `The policy "${policyName}" is not attached to the ${target.type} "${target.name}".`, {
        field: WIRE_TYPE[target.type],
      });
    }
    await ramAudit(tx, ctx, p, `DetachPolicyFrom${WIRE_TYPE[target.type]}`, 'policy', policyName);
  });
}

export interface PolicyOfPrincipal {
  readonly type: PolicyKind;
  readonly name: string;
  readonly description: string | null;
  readonly attachTime: number;
}

export async function listPoliciesFor(ctx: RamScope, target: PolicyTarget): Promise<PolicyOfPrincipal[]> {
  const refs = await ctx.store.ram.policiesOf(target.type, await principalId(ctx, target));
  return refs.map((r) => ({
    type: r.policyType,
    name: r.policyName,
    description: r.policyType === 'System' ? (systemPolicy(r.policyName)?.description ?? null) : (r.custom?.description ?? null),
    attachTime: r.attachTime,
  }));
}

export async function listEntitiesForPolicy(
  ctx: RamScope,
  policyName: string,
  type: PolicyKind = 'Custom',
): Promise<{
  users: (RamUser & { attachTime: number })[];
  groups: (RamGroup & { attachTime: number })[];
  roles: (RamRole & { attachTime: number })[];
}> {
  await getAnyPolicy(ctx, type, policyName);
  const users: (RamUser & { attachTime: number })[] = [];
  const groups: (RamGroup & { attachTime: number })[] = [];
  const roles: (RamRole & { attachTime: number })[] = [];
  for (const a of await ctx.store.ram.attachmentsOfPolicy(ctx.accountId, type, policyName)) {
    if (a.principalType === 'user') {
      const u = await ctx.store.ram.getUser(a.principalId);
      if (u) users.push({ ...u, attachTime: a.attachTime });
    } else if (a.principalType === 'group') {
      const g = await ctx.store.ram.getGroup(a.principalId);
      if (g) groups.push({ ...g, attachTime: a.attachTime });
    } else {
      const r = await ctx.store.ram.getRole(a.principalId);
      if (r) roles.push({ ...r, attachTime: a.attachTime });
    }
  }
  return { users, groups, roles };
}
