import { Type } from '@sinclair/typebox';
import { DomainError } from '../../../core/errors.js';
import { createPolicy as createPolicyCore, deletePolicy as deletePolicyCore, getPolicy as getPolicyCore, listEntitiesForPolicy as listEntities, listPolicies as listPoliciesCore } from '../../../core/ram-policies.js';
import { defineRamAction } from '../error-map.js';
import { DEFAULT_VERSION, MarkerParam, MaxItemsParam, PolicyNameParam, PolicySchema, PolicyTypeParam, ramTime, toWirePolicy, truncation } from '../wire.js';
import { by } from './provenance.js';

/**
 * Custom policies (RAM API: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy,
 * ListEntitiesForPolicy). Each policy has one version, `v1`; RAM's System policies do not exist
 * here, so `PolicyType=System` finds nothing.
 */
export function customOnly(name: string, type: string | undefined): void {
  if (type !== undefined && type !== 'Custom') {
    throw new DomainError('PolicyNotFound', `The policy "${name}" of type "${type}" does not exist: this server has Custom policies only.`, {
      field: 'PolicyName',
    });
  }
}

export const createPolicy = defineRamAction({
  name: 'CreatePolicy',
  params: Type.Object({
    PolicyName: PolicyNameParam,
    PolicyDocument: Type.String({ minLength: 1 }),
    Description: Type.Optional(Type.String({ maxLength: 1024 })),
  }),
  response: Type.Object({ Policy: PolicySchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    const policy = await createPolicyCore(ctx.core, { name: p.PolicyName, document: p.PolicyDocument, description: p.Description }, by(ctx));
    return { Policy: toWirePolicy(policy) };
  },
});

export const getPolicy = defineRamAction({
  name: 'GetPolicy',
  params: Type.Object({ PolicyName: PolicyNameParam, PolicyType: PolicyTypeParam }),
  response: Type.Object({
    Policy: Type.Object({ ...PolicySchema.properties, PolicyDocument: Type.String() }),
    DefaultPolicyVersion: Type.Object({
      VersionId: Type.String(),
      IsDefaultVersion: Type.Boolean(),
      CreateDate: Type.String(),
      PolicyDocument: Type.String(),
    }),
  }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    customOnly(p.PolicyName, p.PolicyType);
    const policy = await getPolicyCore(ctx.core, p.PolicyName);
    return {
      Policy: {
        ...toWirePolicy(policy),
        UpdateDate: ramTime(policy.updateTime),
        AttachmentCount: policy.attachmentCount,
        PolicyDocument: policy.document,
      },
      DefaultPolicyVersion: { VersionId: DEFAULT_VERSION, IsDefaultVersion: true, CreateDate: ramTime(policy.createTime), PolicyDocument: policy.document },
    };
  },
});

export const listPolicies = defineRamAction({
  name: 'ListPolicies',
  params: Type.Object({ PolicyType: PolicyTypeParam, Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Marker: Type.Optional(Type.String()),
    Policies: Type.Object({ Policy: Type.Array(PolicySchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('policy/*')] },
  async handler(ctx, p) {
    if (p.PolicyType !== undefined && p.PolicyType !== 'Custom') return { IsTruncated: false, Policies: { Policy: [] } };
    const page = await listPoliciesCore(ctx.core, p.Marker, p.MaxItems);
    return {
      ...truncation(page, (x) => x.name),
      Policies: {
        Policy: page.items.map((x) => ({ ...toWirePolicy(x), UpdateDate: ramTime(x.updateTime), AttachmentCount: x.attachmentCount })),
      },
    };
  },
});

export const deletePolicy = defineRamAction({
  name: 'DeletePolicy',
  params: Type.Object({ PolicyName: PolicyNameParam, CascadingDelete: Type.Optional(Type.Boolean()) }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    await deletePolicyCore(ctx.core, p.PolicyName, p.CascadingDelete ?? false, by(ctx));
    return {};
  },
});

export const listEntitiesForPolicy = defineRamAction({
  name: 'ListEntitiesForPolicy',
  params: Type.Object({ PolicyName: PolicyNameParam, PolicyType: PolicyTypeParam }),
  response: Type.Object({
    Users: Type.Object({
      User: Type.Array(Type.Object({ UserId: Type.String(), UserName: Type.String(), DisplayName: Type.Optional(Type.String()), AttachDate: Type.String() })),
    }),
    Groups: Type.Object({ Group: Type.Array(Type.Object({ GroupName: Type.String(), AttachDate: Type.String() })) }),
    Roles: Type.Object({ Role: Type.Array(Type.Object({})) }),
  }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    customOnly(p.PolicyName, p.PolicyType);
    const { users, groups } = await listEntities(ctx.core, p.PolicyName);
    return {
      Users: {
        User: users.map((u) => ({ UserId: u.id, UserName: u.name, ...(u.displayName ? { DisplayName: u.displayName } : {}), AttachDate: ramTime(u.attachTime) })),
      },
      Groups: { Group: groups.map((g) => ({ GroupName: g.name, AttachDate: ramTime(g.attachTime) })) },
      Roles: { Role: [] },
    };
  },
});
