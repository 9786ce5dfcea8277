import { Type } from '@sinclair/typebox';
import { deleteMfaDevice } from '../../../core/sign-in/mfa.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/** Removes one of a user's MFA devices; the user binds a new one at the next sign-in when MFA applies. */
export default defineAction({
  name: 'DeleteMFADeviceForUser',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    UserId: EntityIdParam,
    MFADeviceId: EntityIdParam,
    // Added to the API in 2026-08 with values not published; accepted and not needed here (one kind of device).
    MfaType: Type.Optional(Type.String({ maxLength: 32 })),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    await deleteMfaDevice(ctx.core, p.DirectoryId, p.UserId, p.MFADeviceId, viaManagement(ctx));
    return {};
  },
});
