import { Type, type TString } from '@sinclair/typebox';
import type { PolicyPrincipalType } from '../../core/ports/ram.js';
import { attachPolicy, detachPolicy, listPoliciesFor } from '../../core/ram/policies.js';
import type { CoreContext } from '../../core/context.js';
import { defineAction, type ArnBuilder, type RegisteredAction } from '../../rpc/action.js';
import { customOnly, DEFAULT_VERSION, GroupNameParam, PolicyNameParam, PolicyTypeParam, ramTime, UserNameParam } from './wire.js';
import { by } from './provenance.js';
import { groupArn, userArn } from './resources.js';

/**
 * Attaching policies to RAM users and groups (RAM API: AttachPolicyToUser, DetachPolicyFromUser,
 * AttachPolicyToGroup, DetachPolicyFromGroup, ListPoliciesForUser, ListPoliciesForGroup). The
 * user and group variants differ only in the principal, so each pair is built by one function
 * here and named by a one-line file in actions/.
 */
type Principal = { type: PolicyPrincipalType; wire: 'User' | 'Group'; param: 'UserName' | 'GroupName'; schema: TString };
export const USER: Principal = { type: 'user', wire: 'User', param: 'UserName', schema: UserNameParam };
export const GROUP: Principal = { type: 'group', wire: 'Group', param: 'GroupName', schema: GroupNameParam };

/** The user's or group's ARN, from its canonical stored name (resources.ts). */
function principalArn(who: Principal, core: CoreContext, arn: ArnBuilder, name: string): Promise<string> {
  return who.type === 'user' ? userArn(core, arn, name) : groupArn(core, arn, name);
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
      customOnly(policyName, p['PolicyType'] as string | undefined);
      const target = { type: who.type, name: p[who.param] as string };
      await (verb === 'Attach' ? attachPolicy : detachPolicy)(ctx.core, policyName, target, by(ctx));
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
      const policies = await listPoliciesFor(ctx.core, { type: who.type, name: p[who.param] as string });
      return {
        Policies: {
          Policy: policies.map((x) => ({
            PolicyName: x.name,
            PolicyType: 'Custom',
            ...(x.description ? { Description: x.description } : {}),
            DefaultVersion: DEFAULT_VERSION,
            AttachDate: ramTime(x.attachTime),
          })),
        },
      };
    },
  });
}
