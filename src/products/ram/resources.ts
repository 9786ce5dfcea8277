import type { CoreContext } from '../../core/context.js';
import { canonicalRamGroupName, canonicalRamUserName } from '../../core/ram/canonical-names.js';
import type { ArnBuilder } from '../../rpc/action.js';

/**
 * RAM resource ARNs of named users and groups, from the canonical stored name (never the raw
 * parameter: the store matches names case- and width-insensitively, RAM policies match ARNs
 * exactly). Every RAM action naming a user or group builds its resources with these.
 * Policies are found by their exact name, so `policy/<PolicyName>` is already canonical.
 */
export async function userArn(core: CoreContext, arn: ArnBuilder, userName: string): Promise<string> {
  return arn(`user/${await canonicalRamUserName(core, userName)}`);
}

export async function groupArn(core: CoreContext, arn: ArnBuilder, groupName: string): Promise<string> {
  return arn(`group/${await canonicalRamGroupName(core, groupName)}`);
}
