import { Type } from '@sinclair/typebox';
import { resetUserPassword } from '../../../core/passwords.js';
import { defineAction } from '../../../rpc/action.js';
import { BooleanParam, EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { missingParameter } from '../../../rpc/edge-errors.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Sets a user's password, or generates one (`GenerateRandomPassword=true`, then any `Password`
 * sent is ignored). `NewPassword` is in the response only for a generated password: a password
 * the caller chose is never returned, logged (logger.ts redacts it from URLs) or stored other
 * than as an argon2id hash. Allowed for SCIM-synchronized users while SCIM sync is on (§5.2).
 */
export default defineAction({
  name: 'ResetUserPassword',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    UserId: EntityIdParam,
    GenerateRandomPassword: Type.Optional(BooleanParam),
    // Length and composition are the policy's to judge (PasswordPolicyViolation says why).
    Password: Type.Optional(Type.String({ maxLength: 256, errorMessage: 'it must be 8 to 32 characters' })),
    RequirePasswordResetForNextLogin: Type.Optional(BooleanParam),
  }),
  response: Type.Object({ NewPassword: Type.Optional(Type.String()) }),
  // Not in the RAM table (§5.5): like UpdateUserStatus, an update of the user.
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    const generate = p.GenerateRandomPassword === true;
    const password = p.Password;
    if (!generate && password === undefined) throw missingParameter('Password');
    const result = await resetUserPassword(
      ctx.core,
      p.DirectoryId,
      p.UserId,
      generate || password === undefined ? { generate: true } : { generate: false, password },
      p.RequirePasswordResetForNextLogin === true,
      viaManagement(ctx),
    );
    return result.generatedPassword !== undefined ? { NewPassword: result.generatedPassword } : {};
  },
});
