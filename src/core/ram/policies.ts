import { PolicyDocumentError, validatePolicyDocument } from '../../policy/index.js';
import type { CoreContext } from '../context.js';
import { DomainError } from '../errors.js';
import type { NamePage, Policy, PolicyPrincipalType, RamGroup, RamUser } from '../ports/ram.js';
import { getRamGroup } from './groups.js';
import { MAX_ITEMS, getRamUser } from './users.js';
import { checkLength, checkPolicyName, ramAudit, type RamProvenance } from './common.js';

/**
 * Custom policies and their attachments to RAM users and groups. A document is validated on
 * create (src/ram/policy, docs/decisions/0006-ram-policy-semantics.md) and stored as given; a
 * policy is deleted only once detached from everything (or with RAM's CascadingDelete).
 */
export type PolicyTarget = { readonly type: PolicyPrincipalType; readonly name: string };

const WIRE_TYPE: Record<PolicyPrincipalType, 'User' | 'Group'> = { user: 'User', group: 'Group' };

export async function createPolicy(
  ctx: CoreContext,
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
  const policy: Policy = { name: input.name, description: input.description || null, document: input.document, createTime: now, updateTime: now };
  await ctx.store.transaction(async (tx) => {
    await tx.ram.insertPolicy(policy);
    await ramAudit(tx, ctx, p, 'CreatePolicy', 'policy', policy.name);
  });
  return policy;
}

export async function getPolicy(ctx: CoreContext, name: string): Promise<Policy & { attachmentCount: number }> {
  const policy = await ctx.store.ram.getPolicy(name);
  if (!policy) throw new DomainError('PolicyNotFound', `The policy "${name}" does not exist.`, { field: 'PolicyName' });
  const attachments = await ctx.store.ram.attachmentsOfPolicy(name);
  return { ...policy, attachmentCount: attachments.length };
}

export async function listPolicies(
  ctx: CoreContext,
  marker: string | undefined,
  maxItems: number | undefined,
): Promise<NamePage<Policy & { attachmentCount: number }>> {
  return ctx.store.ram.listPolicies(marker || undefined, maxItems ?? MAX_ITEMS.default);
}

export async function deletePolicy(ctx: CoreContext, name: string, cascading: boolean, p: RamProvenance): Promise<void> {
  await getPolicy(ctx, name);
  await ctx.store.transaction(async (tx) => {
    const attachments = await tx.ram.attachmentsOfPolicy(name);
    if (attachments.length > 0 && !cascading) {
      const first = attachments[0]!;
      throw new DomainError('PolicyInUse', `The policy "${name}" is still attached to ${attachments.length} principal(s); detach it first.`, {
        field: WIRE_TYPE[first.principalType],
      });
    }
    for (const a of attachments) await tx.ram.detach(name, a.principalType, a.principalId);
    await tx.ram.deletePolicy(name);
    await ramAudit(tx, ctx, p, 'DeletePolicy', 'policy', name);
  });
}

async function principalId(ctx: CoreContext, target: PolicyTarget): Promise<string> {
  return target.type === 'user' ? (await getRamUser(ctx, target.name)).id : (await getRamGroup(ctx, target.name)).id;
}

export async function attachPolicy(ctx: CoreContext, policyName: string, target: PolicyTarget, p: RamProvenance): Promise<void> {
  await getPolicy(ctx, policyName);
  const id = await principalId(ctx, target);
  await ctx.store.transaction(async (tx) => {
    const attached = await tx.ram.attach({ policyName, principalType: target.type, principalId: id, attachTime: ctx.clock.now() });
    if (!attached) {
      throw new DomainError('PolicyAlreadyAttached', `The policy "${policyName}" is already attached to the ${target.type} "${target.name}".`, {
        field: WIRE_TYPE[target.type],
      });
    }
    await ramAudit(tx, ctx, p, `AttachPolicyTo${WIRE_TYPE[target.type]}`, 'policy', policyName);
  });
}

export async function detachPolicy(ctx: CoreContext, policyName: string, target: PolicyTarget, p: RamProvenance): Promise<void> {
  await getPolicy(ctx, policyName);
  const id = await principalId(ctx, target);
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.ram.detach(policyName, target.type, id))) {
      throw new DomainError('PolicyAttachmentNotFound', `The policy "${policyName}" is not attached to the ${target.type} "${target.name}".`, {
        field: WIRE_TYPE[target.type],
      });
    }
    await ramAudit(tx, ctx, p, `DetachPolicyFrom${WIRE_TYPE[target.type]}`, 'policy', policyName);
  });
}

export async function listPoliciesFor(ctx: CoreContext, target: PolicyTarget): Promise<(Policy & { attachTime: number })[]> {
  return ctx.store.ram.policiesOf(target.type, await principalId(ctx, target));
}

export async function listEntitiesForPolicy(
  ctx: CoreContext,
  policyName: string,
): Promise<{ users: (RamUser & { attachTime: number })[]; groups: (RamGroup & { attachTime: number })[] }> {
  await getPolicy(ctx, policyName);
  const users: (RamUser & { attachTime: number })[] = [];
  const groups: (RamGroup & { attachTime: number })[] = [];
  for (const a of await ctx.store.ram.attachmentsOfPolicy(policyName)) {
    if (a.principalType === 'user') {
      const u = await ctx.store.ram.getUser(a.principalId);
      if (u) users.push({ ...u, attachTime: a.attachTime });
    } else {
      const g = await ctx.store.ram.getGroup(a.principalId);
      if (g) groups.push({ ...g, attachTime: a.attachTime });
    }
  }
  return { users, groups };
}
