import { Type } from '@sinclair/typebox';
import { getAccessConfiguration } from '../../../core/access/configurations.js';
import { defineAction } from '../../../rpc/action.js';
import { AccessConfigurationIdParam, AccessConfigurationSchema, toWireAccessConfiguration } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

export default defineAction({
  name: 'GetAccessConfiguration',
  params: Type.Object({ DirectoryId: DirectoryIdParam, AccessConfigurationId: AccessConfigurationIdParam }),
  response: Type.Object({ AccessConfiguration: AccessConfigurationSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`)] },
  async handler(ctx, p) {
    return { AccessConfiguration: toWireAccessConfiguration(await getAccessConfiguration(ctx.core, p.DirectoryId, p.AccessConfigurationId)) };
  },
});
