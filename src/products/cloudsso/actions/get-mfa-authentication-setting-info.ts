import { Type } from '@sinclair/typebox';
import { getMfaSettings } from '../../../core/sign-in/mfa.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * The second-generation MFA settings. Mind the casing: the outer key is `MFAAuthenticationSettingInfo`,
 * the inner one `MfaAuthenticationAdvanceSettings` (SDK names(); Terraform reads it so).
 * OperationForRiskLogin is present only for the modes it applies to.
 */
export default defineAction({
  name: 'GetMFAAuthenticationSettingInfo',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({
    MFAAuthenticationSettingInfo: Type.Object({
      MfaAuthenticationAdvanceSettings: Type.String(),
      OperationForRiskLogin: Type.Optional(Type.String()),
      AllowedVerificationTypes: Type.Array(Type.String()),
    }),
  }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const mfa = await getMfaSettings(ctx.core, p.DirectoryId);
    const risky = mfa.mode === 'Byuser' || mfa.mode === 'OnlyRiskyLogin';
    return {
      MFAAuthenticationSettingInfo: {
        MfaAuthenticationAdvanceSettings: mfa.mode,
        ...(risky ? { OperationForRiskLogin: mfa.operationForRiskLogin } : {}),
        AllowedVerificationTypes: [...mfa.allowedVerificationTypes],
      },
    };
  },
});
