import { Type } from '@sinclair/typebox';
import { listMfaDevices } from '../../../core/sign-in/mfa.js';
import { toCloudSSOTime } from '../../../core/time.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { DirectoryIdParam } from '../wire.js';

/** The TOTP devices a user bound at sign-in (at most two; not paginated). Secrets never leave the server. */
export default defineAction({
  name: 'ListMFADevicesForUser',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserId: EntityIdParam }),
  response: Type.Object({
    TotalCounts: Type.Integer(),
    MFADevices: Type.Array(
      Type.Object({
        DeviceId: Type.String(),
        DeviceName: Type.String(),
        DeviceType: Type.String(),
        EffectiveTime: Type.String(),
        UserId: Type.String(),
        LastUseTime: Type.Optional(Type.String()),
      }),
    ),
  }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    const devices = await listMfaDevices(ctx.core, p.DirectoryId, p.UserId);
    return {
      TotalCounts: devices.length,
      MFADevices: devices.map((d) => ({
        DeviceId: d.id,
        DeviceName: d.name,
        DeviceType: d.type,
        EffectiveTime: toCloudSSOTime(d.effectiveTime),
        UserId: d.userId,
        ...(d.lastUseTime !== null ? { LastUseTime: toCloudSSOTime(d.lastUseTime) } : {}),
      })),
    };
  },
});
