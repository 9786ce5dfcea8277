import { Type } from '@sinclair/typebox';
import { PASSWORD_POLICY_RANGES as R, setPasswordPolicy } from '../../../core/password-policy.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { BooleanParam, IntegerParam } from '../param-schemas.js';
import { DirectoryIdParam } from '../wire.js';

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/**
 * Changes the given fields of the directory's password policy (SDK SetPasswordPolicyRequest);
 * absent ones keep their values. MinPasswordDifferentChars may not exceed MinPasswordLength.
 */
export default defineAction({
  name: 'SetPasswordPolicy',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    MinPasswordLength: Type.Optional(IntegerParam(R.minPasswordLength.min, R.minPasswordLength.max)),
    MinPasswordDifferentChars: Type.Optional(IntegerParam(R.minPasswordDifferentChars.min, R.minPasswordDifferentChars.max)),
    PasswordNotContainUsername: Type.Optional(BooleanParam),
    MaxPasswordAge: Type.Optional(IntegerParam(R.maxPasswordAge.min, R.maxPasswordAge.max)),
    PasswordReusePrevention: Type.Optional(IntegerParam(R.passwordReusePrevention.min, R.passwordReusePrevention.max)),
    MaxLoginAttempts: Type.Optional(IntegerParam(R.maxLoginAttempts.min, R.maxLoginAttempts.max)),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await setPasswordPolicy(
      ctx.core,
      p.DirectoryId,
      {
        minPasswordLength: num(p.MinPasswordLength),
        minPasswordDifferentChars: num(p.MinPasswordDifferentChars),
        passwordNotContainUsername: p.PasswordNotContainUsername,
        maxPasswordAge: num(p.MaxPasswordAge),
        passwordReusePrevention: num(p.PasswordReusePrevention),
        maxLoginAttempts: num(p.MaxLoginAttempts),
      },
      viaManagement(ctx),
    );
    return {};
  },
});
