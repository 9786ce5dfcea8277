import { assumedRoleArn, roleArn, type StsCaller } from '../../core/sts.js';
import type { Principal } from '../../rpc/principal.js';

/** The caller as STS describes it (GetCallerIdentity) and as a trust policy names it. */
export function identityOf(p: Principal): StsCaller & { type: 'Account' | 'RAMUser' | 'AssumedRoleUser'; principalId: string } {
  const root = `acs:ram::${p.accountId}:root`;
  switch (p.type) {
    case 'root':
      return { type: 'Account', accountId: p.accountId, arn: root, identities: [root], principalId: p.accountId };
    case 'ram-user': {
      const arn = `acs:ram::${p.accountId}:user/${p.userName}`;
      return { type: 'RAMUser', accountId: p.accountId, arn, identities: [root, arn], principalId: p.userId };
    }
    case 'assumed-role': {
      const arn = assumedRoleArn(p.accountId, p.roleName, p.sessionName);
      return {
        type: 'AssumedRoleUser',
        accountId: p.accountId,
        arn,
        identities: [root, roleArn(p.accountId, p.roleName)],
        principalId: `${p.roleId}:${p.sessionName}`,
      };
    }
  }
}
