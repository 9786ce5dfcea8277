import { Type } from '@sinclair/typebox';
import { updateMfaSettings } from '../../../core/sign-in/mfa.js';
import { MFA_MODES, RISK_LOGIN_OPERATIONS, VERIFICATION_TYPES, type VerificationType } from '../../../core/sign-in/settings.js';
import { defineAction } from '../../../rpc/action.js';
import { invalidParameter } from '../../../rpc/edge-errors.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

const literals = <T extends string>(values: readonly T[], name: string) =>
  Type.Union(values.map((v) => Type.Literal(v)), { errorMessage: `${name} must be one of ${values.join(', ')}` });

/**
 * AllowedVerificationTypes arrives either flattened (`AllowedVerificationTypes.1=TOTP`) or, from
 * the SDKs' "shrink" requests, as one JSON-encoded array string.
 */
function verificationTypes(v: string | readonly string[] | undefined): VerificationType[] | undefined {
  if (v === undefined) return undefined;
  let list: unknown = v;
  if (typeof v === 'string') {
    try {
      list = v.trim().startsWith('[') ? JSON.parse(v) : v.split(',').map((s) => s.trim());
    } catch {
      throw invalidParameter('AllowedVerificationTypes', 'it must be a list such as ["TOTP"]');
    }
  }
  if (!Array.isArray(list) || list.length > 8 || !list.every((t) => VERIFICATION_TYPES.includes(t as VerificationType))) {
    throw invalidParameter('AllowedVerificationTypes', `it must list some of ${VERIFICATION_TYPES.join(', ')}`);
  }
  return list as VerificationType[];
}

/** The second-generation MFA settings (cloudsso-access.md §4.3): four modes and the risky-login operation. */
export default defineAction({
  name: 'UpdateMFAAuthenticationSettings',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    MFAAuthenticationSettings: literals(MFA_MODES, 'MFAAuthenticationSettings'),
    OperationForRiskLogin: Type.Optional(literals(RISK_LOGIN_OPERATIONS, 'OperationForRiskLogin')),
    AllowedVerificationTypes: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 })])),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await updateMfaSettings(
      ctx.core,
      p.DirectoryId,
      { mode: p.MFAAuthenticationSettings, operationForRiskLogin: p.OperationForRiskLogin, allowedVerificationTypes: verificationTypes(p.AllowedVerificationTypes) },
      viaManagement(ctx),
      'UpdateMFAAuthenticationSettings',
    );
    return {};
  },
});
