import { Type } from '@sinclair/typebox';
import { enableService } from '../../../core/service.js';
import { defineAction } from '../../../rpc/action.js';
import { serviceCaller } from '../provenance.js';

/** Switches CloudSSO on for the management account (cloudsso-access.md §8.1); RAM: update, all resources. */
export default defineAction({
  name: 'EnableService',
  params: Type.Object({}),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (_p, arn) => [arn('*')] },
  async handler(ctx) {
    await enableService(ctx.core, serviceCaller(ctx));
    return {};
  },
});
