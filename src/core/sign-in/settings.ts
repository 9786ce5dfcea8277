import type { Status } from '../model.js';

/**
 * The sign-in parts of a directory's settings document (beside `passwordPolicy`), read leniently:
 * a missing or malformed field takes its default, so a document written by an older version still
 * reads. docs/decisions/0075-sign-in-settings.md gives the defaults and the choices.
 */
export type MfaMode = 'Enabled' | 'Byuser' | 'Disabled' | 'OnlyRiskyLogin';
export type RiskLoginOperation = 'Autonomous' | 'EnforceVerify';
export type BindingType = 'Post' | 'Redirect';

export const MFA_MODES: readonly MfaMode[] = ['Enabled', 'Byuser', 'Disabled', 'OnlyRiskyLogin'];
export const RISK_LOGIN_OPERATIONS: readonly RiskLoginOperation[] = ['Autonomous', 'EnforceVerify'];
export const VERIFICATION_TYPES = ['TOTP', 'WebAuthn'] as const;
export type VerificationType = (typeof VERIFICATION_TYPES)[number];

export interface MfaSettings {
  readonly mode: MfaMode;
  readonly operationForRiskLogin: RiskLoginOperation;
  readonly allowedVerificationTypes: readonly VerificationType[];
}

export interface LoginPreference {
  readonly allowUserToGetCredentials: boolean;
  /** Normalised: entries joined by `;`, empty for no restriction. */
  readonly loginNetworkMasks: string;
}

export interface SamlIdpSettings {
  readonly entityId: string;
  readonly loginUrl: string;
  readonly wantRequestSigned: boolean;
  readonly bindingType: BindingType;
  readonly ssoStatus: Status;
  /** The metadata document (Base64) when the IdP was configured from one, else empty. */
  readonly encodedMetadataDocument: string;
  readonly createTime: number;
  readonly updateTime: number;
}

export interface SamlSpSettings {
  readonly authnSignAlgo: 'rsa-sha256' | 'rsa-sha1';
  readonly certificateType: 'self-signed';
  readonly supportEncryptedAssertion: boolean;
}

/** CloudSSO turns MFA on for password sign-in by default. */
export const DEFAULT_MFA: MfaSettings = { mode: 'Enabled', operationForRiskLogin: 'Autonomous', allowedVerificationTypes: ['TOTP'] };
export const DEFAULT_LOGIN_PREFERENCE: LoginPreference = { allowUserToGetCredentials: false, loginNetworkMasks: '' };
export const DEFAULT_SAML_SP: SamlSpSettings = { authnSignAlgo: 'rsa-sha256', certificateType: 'self-signed', supportEncryptedAssertion: false };

export const KEYS = { mfa: 'mfa', loginPreference: 'loginPreference', samlIdp: 'samlIdp', samlSp: 'samlSp' } as const;

type Doc = Record<string, unknown>;
const section = (settings: Doc, key: string): Doc => {
  const v = settings[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Doc) : {};
};
const oneOf = <T extends string>(v: unknown, values: readonly T[], fallback: T): T => (values.includes(v as T) ? (v as T) : fallback);
const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export function mfaFrom(settings: Doc): MfaSettings {
  const s = section(settings, KEYS.mfa);
  const types = Array.isArray(s['allowedVerificationTypes'])
    ? (s['allowedVerificationTypes'] as unknown[]).filter((t): t is VerificationType => VERIFICATION_TYPES.includes(t as VerificationType))
    : DEFAULT_MFA.allowedVerificationTypes;
  return {
    mode: oneOf(s['mode'], MFA_MODES, DEFAULT_MFA.mode),
    operationForRiskLogin: oneOf(s['operationForRiskLogin'], RISK_LOGIN_OPERATIONS, DEFAULT_MFA.operationForRiskLogin),
    allowedVerificationTypes: types.length > 0 ? types : DEFAULT_MFA.allowedVerificationTypes,
  };
}

export function loginPreferenceFrom(settings: Doc): LoginPreference {
  const s = section(settings, KEYS.loginPreference);
  return {
    allowUserToGetCredentials: bool(s['allowUserToGetCredentials'], DEFAULT_LOGIN_PREFERENCE.allowUserToGetCredentials),
    loginNetworkMasks: str(s['loginNetworkMasks'], DEFAULT_LOGIN_PREFERENCE.loginNetworkMasks),
  };
}

/** The configured IdP, or undefined when none is (never configured, or cleared). */
export function samlIdpFrom(settings: Doc): SamlIdpSettings | undefined {
  if (!(KEYS.samlIdp in settings)) return undefined;
  const s = section(settings, KEYS.samlIdp);
  return {
    entityId: str(s['entityId'], ''),
    loginUrl: str(s['loginUrl'], ''),
    wantRequestSigned: bool(s['wantRequestSigned'], false),
    bindingType: oneOf<BindingType>(s['bindingType'], ['Post', 'Redirect'], 'Post'),
    ssoStatus: oneOf<Status>(s['ssoStatus'], ['Enabled', 'Disabled'], 'Disabled'),
    encodedMetadataDocument: str(s['encodedMetadataDocument'], ''),
    createTime: num(s['createTime'], 0),
    updateTime: num(s['updateTime'], 0),
  };
}

export function samlSpFrom(settings: Doc): SamlSpSettings {
  const s = section(settings, KEYS.samlSp);
  return {
    authnSignAlgo: oneOf(s['authnSignAlgo'], ['rsa-sha256', 'rsa-sha1'] as const, DEFAULT_SAML_SP.authnSignAlgo),
    certificateType: 'self-signed',
    supportEncryptedAssertion: bool(s['supportEncryptedAssertion'], DEFAULT_SAML_SP.supportEncryptedAssertion),
  };
}
