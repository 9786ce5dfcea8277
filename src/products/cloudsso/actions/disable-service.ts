import { Type } from '@sinclair/typebox';
import { disableService } from '../../../core/service.js';
import { defineAction } from '../../../rpc/action.js';
import { serviceCaller } from '../provenance.js';

/** Switches CloudSSO off; refused while any directory exists (cloudsso-access.md §8.1, docs/decisions/0150). */
export default defineAction({
  name: 'DisableService',
  params: Type.Object({}),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (_p, arn) => [arn('*')] },
  async handler(ctx) {
    await disableService(ctx.core, serviceCaller(ctx));
    return {};
  },
});
