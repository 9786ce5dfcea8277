import { Type } from '@sinclair/typebox';
import { POLICY_QUOTA } from '../../../core/access/permission-policies.js';
import { getDirectoryStatistics } from '../../../core/directories.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

const Int = Type.Integer();

export default defineAction({
  name: 'GetDirectoryStatistics',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({
    DirectoryStatistics: Type.Object({
      DirectoryId: Type.String(),
      DirectoryName: Type.String(),
      Region: Type.String(),
      UserCount: Int,
      UserQuota: Int,
      GroupCount: Int,
      GroupQuota: Int,
      AccessConfigurationCount: Int,
      AccessConfigurationQuota: Int,
      SystemPolicyPerAccessConfigurationQuota: Int,
      InlinePolicyPerAccessConfigurationQuota: Int,
      AccessAssignmentCount: Int,
      SCIMServerCredentialCount: Int,
      InProgressTaskCount: Int,
      SCIMSyncEnabled: Type.Boolean(),
      SSOEnabled: Type.Boolean(),
    }),
  }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const s = await getDirectoryStatistics(ctx.core, p.DirectoryId);
    const q = ctx.core.settings.quotas;
    return {
      DirectoryStatistics: {
        DirectoryId: s.directory.id,
        DirectoryName: s.directory.name,
        Region: s.directory.region,
        UserCount: s.userCount,
        UserQuota: q.usersPerDirectory,
        GroupCount: s.groupCount,
        GroupQuota: q.groupsPerDirectory,
        AccessConfigurationCount: s.accessConfigurationCount,
        AccessConfigurationQuota: q.accessConfigurationsPerDirectory,
        SystemPolicyPerAccessConfigurationQuota: POLICY_QUOTA.system,
        InlinePolicyPerAccessConfigurationQuota: POLICY_QUOTA.inline,
        AccessAssignmentCount: s.accessAssignmentCount,
        SCIMServerCredentialCount: s.scimCredentialCount,
        InProgressTaskCount: s.inProgressTaskCount,
        SCIMSyncEnabled: s.directory.scimSyncEnabled,
        SSOEnabled: s.ssoEnabled,
      },
    };
  },
});
