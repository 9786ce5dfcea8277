import { Type } from '@sinclair/typebox';
import { createAccessConfiguration } from '../../../core/access/configurations.js';
import { defineAction } from '../../../rpc/action.js';
import { TagsToWriteParam, Text, toCoreTags } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { AccessConfigurationSchema, SessionDurationParam, toWireAccessConfiguration } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * A template of policies and a session length (cloudsso-access.md §2.1); nothing reaches an account
 * until provisioned. `Tags.N` as on CreateUser (decision 0175).
 */
export default defineAction({
  name: 'CreateAccessConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationName: Type.String({ minLength: 1, maxLength: 64, errorMessage: 'it must be 1 to 32 characters of letters, digits and -' }),
    Description: Type.Optional(Text(1024)),
    RelayState: Type.Optional(Text(1024)),
    SessionDuration: Type.Optional(SessionDurationParam),
    Tags: Type.Optional(TagsToWriteParam),
  }),
  response: Type.Object({ AccessConfiguration: AccessConfigurationSchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/*`)] },
  async handler(ctx, p) {
    const ac = await createAccessConfiguration(
      ctx.core,
      p.DirectoryId,
      {
        name: p.AccessConfigurationName,
        description: p.Description || null,
        relayState: p.RelayState || null,
        ...(p.SessionDuration !== undefined ? { sessionDuration: Number(p.SessionDuration) } : {}),
        tags: toCoreTags(p.Tags),
      },
      viaManagement(ctx),
    );
    return { AccessConfiguration: toWireAccessConfiguration(ac) };
  },
});
