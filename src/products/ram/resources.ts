import {
  canonicalRamGroupName,
  canonicalRamRoleName,
  canonicalRamUserName,
  canonicalSamlProviderName,
} from '../../core/ram/canonical-names.js';
import type { RamScope } from '../../core/ram/common.js';
import type { ArnBuilder } from '../../rpc/action.js';

/**
 * RAM resource ARNs of named users, groups, roles and SAML providers, from the canonical stored
 * name in the caller's account (a role's in lower case, the form of its `Arn`) (never the raw parameter: the store matches names case- and
 * width-insensitively, RAM policies match ARNs exactly). Every RAM action naming one builds its
 * resources with these. Policies are found by their exact name, so `policy/<PolicyName>` is
 * already canonical.
 */
export async function userArn(core: RamScope, arn: ArnBuilder, userName: string): Promise<string> {
  return arn(`user/${await canonicalRamUserName(core, userName)}`);
}

export async function groupArn(core: RamScope, arn: ArnBuilder, groupName: string): Promise<string> {
  return arn(`group/${await canonicalRamGroupName(core, groupName)}`);
}

/** A role's ARN is lower case, as RAM shows it (GetRole `Arn`, docs/decisions/0061, 0085). */
export async function roleArn(core: RamScope, arn: ArnBuilder, roleName: string): Promise<string> {
  return arn(`role/${(await canonicalRamRoleName(core, roleName)).toLowerCase()}`);
}

export async function samlProviderArn(core: RamScope, arn: ArnBuilder, name: string): Promise<string> {
  return arn(`saml-provider/${await canonicalSamlProviderName(core, name)}`);
}
