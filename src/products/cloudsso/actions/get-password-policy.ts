import { Type } from '@sinclair/typebox';
import { FIXED_PASSWORD_RULES, getPasswordPolicy } from '../../../core/password-policy.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

const Int = Type.Integer();
const Bool = Type.Boolean();

/** The directory's password policy: the settable fields and the fixed rules (SDK GetPasswordPolicyResponseBody). */
export default defineAction({
  name: 'GetPasswordPolicy',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({
    PasswordPolicy: Type.Object({
      HardExpire: Bool,
      MaxLoginAttempts: Int,
      MaxPasswordAge: Int,
      MaxPasswordLength: Int,
      MinPasswordDifferentChars: Int,
      MinPasswordLength: Int,
      PasswordNotContainUsername: Bool,
      PasswordReusePrevention: Int,
      RequireLowerCaseChars: Bool,
      RequireNumbers: Bool,
      RequireSymbols: Bool,
      RequireUpperCaseChars: Bool,
    }),
  }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const policy = await getPasswordPolicy(ctx.core, p.DirectoryId);
    return {
      PasswordPolicy: {
        HardExpire: FIXED_PASSWORD_RULES.hardExpire,
        MaxLoginAttempts: policy.maxLoginAttempts,
        MaxPasswordAge: policy.maxPasswordAge,
        MaxPasswordLength: FIXED_PASSWORD_RULES.maxPasswordLength,
        MinPasswordDifferentChars: policy.minPasswordDifferentChars,
        MinPasswordLength: policy.minPasswordLength,
        PasswordNotContainUsername: policy.passwordNotContainUsername,
        PasswordReusePrevention: policy.passwordReusePrevention,
        RequireLowerCaseChars: FIXED_PASSWORD_RULES.requireLowerCaseChars,
        RequireNumbers: FIXED_PASSWORD_RULES.requireNumbers,
        RequireSymbols: FIXED_PASSWORD_RULES.requireSymbols,
        RequireUpperCaseChars: FIXED_PASSWORD_RULES.requireUpperCaseChars,
      },
    };
  },
});
