import { Type } from '@sinclair/typebox';
import { updateAccessConfiguration } from '../../../core/access/configurations.js';
import { defineAction } from '../../../rpc/action.js';
import { Text, textChange } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import {
  AccessConfigurationIdParam,
  SessionDurationParam,
  toWireUpdatedAccessConfiguration,
  UpdatedAccessConfigurationSchema,
} from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/** Description, relay state and session duration; the name is fixed (§2.4). */
export default defineAction({
  name: 'UpdateAccessConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    NewDescription: Type.Optional(Text(1024)),
    NewRelayState: Type.Optional(Text(1024)),
    NewSessionDuration: Type.Optional(SessionDurationParam),
  }),
  response: Type.Object({ AccessConfiguration: UpdatedAccessConfigurationSchema }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`)] },
  async handler(ctx, p) {
    const ac = await updateAccessConfiguration(
      ctx.core,
      p.DirectoryId,
      p.AccessConfigurationId,
      {
        ...(p.NewDescription !== undefined ? { description: textChange(p.NewDescription) } : {}),
        ...(p.NewRelayState !== undefined ? { relayState: textChange(p.NewRelayState) } : {}),
        ...(p.NewSessionDuration !== undefined ? { sessionDuration: Number(p.NewSessionDuration) } : {}),
      },
      viaManagement(ctx),
    );
    return { AccessConfiguration: toWireUpdatedAccessConfiguration(ac) };
  },
});
