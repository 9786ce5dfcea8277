import { Type } from '@sinclair/typebox';
import { getServiceStatus } from '../../../core/service.js';
import { defineAction } from '../../../rpc/action.js';

/**
 * The caller's account's CloudSSO switch (cloudsso-access.md §8.1). `PrerequisiteCheckResult` only
 * while disabled; `RegionsInUse` the regions of the directories (docs/decisions/0150).
 */
export default defineAction({
  name: 'GetServiceStatus',
  params: Type.Object({}),
  response: Type.Object({
    ServiceStatus: Type.Object({
      AccountId: Type.String(),
      Status: Type.String(),
      PrerequisiteCheckResult: Type.Optional(Type.String()),
      RegionsInUse: Type.Array(Type.String()),
    }),
  }),
  ram: { accessLevel: 'get', resources: (_p, arn) => [arn('*')] },
  async handler(ctx) {
    const s = await getServiceStatus(ctx.core, ctx.principal.accountId);
    return {
      ServiceStatus: {
        AccountId: s.accountId,
        Status: s.status,
        ...(s.prerequisiteCheckResult ? { PrerequisiteCheckResult: s.prerequisiteCheckResult } : {}),
        RegionsInUse: [...s.regionsInUse],
      },
    };
  },
});
