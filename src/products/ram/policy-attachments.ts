import { Type, type TString } from '@sinclair/typebox';
import type { PolicyPrincipalType } from '../../core/ports/ram.js';
import { attachPolicy, detachPolicy, listPoliciesFor, policyKind } from '../../core/ram/policies.js';
import type { RamScope } from '../../core/ram/common.js';
import { defineAction, type ArnBuilder, type RegisteredAction } from '../../rpc/action.js';
import { DEFAULT_VERSION, GroupNameParam, PolicyNameParam, PolicyTypeParam, ramTime, RoleNameParam, UserNameParam } from './wire.js';
import { by, scope } from './provenance.js';
import { groupArn, roleArn, userArn } from './resources.js';

/**
 * Attaching policies to RAM users, groups and roles (RAM API: AttachPolicyTo{User,Group,Role},
 * DetachPolicyFrom{User,Group,Role}, ListPoliciesFor{User,Group,Role}). The variants differ only
 * in the principal, so each is built by one function here and named by a one-line file in
 * actions/. PolicyType is Custom (the default) or System (the catalogue).
 */
type Principal = { type: PolicyPrincipalType; wire: 'User' | 'Group' | 'Role'; param: 'UserName' | 'GroupName' | 'RoleName'; schema: TString };
export const USER: Principal = { type: 'user', wire: 'User', param: 'UserName', schema: UserNameParam };
export const GROUP: Principal = { type: 'group', wire: 'Group', param: 'GroupName', schema: GroupNameParam };
export const ROLE: Principal = { type: 'role', wire: 'Role', param: 'RoleName', schema: RoleNameParam };

/** The user's, group's or role's ARN, from its canonical stored name in the caller's account (resources.ts). */
function principalArn(who: Principal, core: RamScope, arn: ArnBuilder, name: string): Promise<string> {
  return who.type === 'user' ? userArn(core, arn, name) : who.type === 'group' ? groupArn(core, arn, name) : roleArn(core, arn, name);
}

export function attachment(verb: 'Attach' | 'Detach', who: Principal): RegisteredAction {
  return defineAction({
    name: verb === 'Attach' ? `AttachPolicyTo${who.wire}` : `DetachPolicyFrom${who.wire}`,
    params: Type.Object({ PolicyType: PolicyTypeParam, PolicyName: PolicyNameParam, [who.param]: who.schema }),
    response: Type.Object({}),
    ram: {
      accessLevel: 'update',
      resources: async (p, arn, core) => [arn(`policy/${p['PolicyName']}`), await principalArn(who, core, arn, p[who.param] as string)],
    },
    async handler(ctx, p) {
      const policyName = p['PolicyName'] as string;
      const kind = policyKind(policyName, p['PolicyType'] as string | undefined);
      const target = { type: who.type, name: p[who.param] as string };
      await (verb === 'Attach' ? attachPolicy : detachPolicy)(scope(ctx), kind, policyName, target, by(ctx));
      return {};
    },
  });
}

export function policiesFor(who: Principal): RegisteredAction {
  return defineAction({
    name: `ListPoliciesFor${who.wire}`,
    params: Type.Object({ [who.param]: who.schema }),
    response: Type.Object({
      Policies: Type.Object({
        Policy: Type.Array(
          Type.Object({
            PolicyName: Type.String(),
            PolicyType: Type.String(),
            Description: Type.Optional(Type.String()),
            DefaultVersion: Type.String(),
            AttachDate: Type.String(),
          }),
        ),
      }),
    }),
    ram: { accessLevel: 'list', resources: async (p, arn, core) => [await principalArn(who, core, arn, p[who.param] as string)] },
    async handler(ctx, p) {
      const policies = await listPoliciesFor(scope(ctx), { type: who.type, name: p[who.param] as string });
      return {
        Policies: {
          Policy: policies.map((x) => ({
            PolicyName: x.name,
            PolicyType: x.type,
            ...(x.description ? { Description: x.description } : {}),
            DefaultVersion: DEFAULT_VERSION,
            AttachDate: ramTime(x.attachTime),
          })),
        },
      };
    },
  });
}
