import type { CoreContext } from '../context.js';
import { getDirectory } from '../directories.js';
import { DomainError } from '../errors.js';
import type { Status } from '../model.js';
import type { MfaDevice } from '../ports/sign-in.js';
import type { Provenance } from '../provenance.js';
import { getUserIn } from '../users.js';
import { KEYS, mfaFrom, type MfaMode, type MfaSettings, type RiskLoginOperation, type VerificationType } from './settings.js';
import { changeSignInSettings } from './write.js';

/**
 * MFA for password sign-in (cloudsso-access.md §4). Two generations of the directory switch share
 * one stored mode: the old Enabled/Disabled switch writes `Enabled`/`Disabled` and reads every mode
 * but `Disabled` as `Enabled`; the new settings have four modes and the risky-login operation.
 */
export async function getMfaSettings(ctx: CoreContext, directoryId: string): Promise<MfaSettings> {
  await getDirectory(ctx, directoryId);
  return mfaFrom(await ctx.store.directories.getSettings(directoryId));
}

export interface MfaChanges {
  readonly mode?: MfaMode;
  readonly operationForRiskLogin?: RiskLoginOperation;
  readonly allowedVerificationTypes?: readonly VerificationType[];
}

export async function updateMfaSettings(ctx: CoreContext, directoryId: string, changes: MfaChanges, p: Provenance, action: string): Promise<MfaSettings> {
  if (changes.allowedVerificationTypes !== undefined && changes.allowedVerificationTypes.length === 0) {
    throw new DomainError('InvalidParameter', 'AllowedVerificationTypes must name at least one verification type.', { field: 'AllowedVerificationTypes' });
  }
  return changeSignInSettings(ctx, directoryId, p, action, async (settings) => {
    const current = mfaFrom(settings);
    const next: MfaSettings = {
      mode: changes.mode ?? current.mode,
      operationForRiskLogin: changes.operationForRiskLogin ?? current.operationForRiskLogin,
      allowedVerificationTypes: changes.allowedVerificationTypes ? [...new Set(changes.allowedVerificationTypes)] : current.allowedVerificationTypes,
    };
    return { settings: { ...settings, [KEYS.mfa]: next }, result: next };
  });
}

/** A user's own MFA switch, read when the directory's mode is `Byuser`; `Enabled` until set. */
export async function getUserMfaSetting(ctx: CoreContext, directoryId: string, userId: string): Promise<Status> {
  await getDirectory(ctx, directoryId);
  await getUserIn(ctx.store, directoryId, userId);
  return (await ctx.store.signIn.getUserMfaSetting(directoryId, userId)) ?? 'Enabled';
}

export async function setUserMfaSetting(ctx: CoreContext, directoryId: string, userId: string, setting: Status, p: Provenance): Promise<void> {
  await changeSignInSettings(
    ctx,
    directoryId,
    p,
    'UpdateUserMFAAuthenticationSettings',
    async (_settings, tx) => {
      await getUserIn(tx, directoryId, userId);
      await tx.signIn.setUserMfaSetting(directoryId, userId, setting);
      return { result: undefined };
    },
    { type: 'user', id: userId },
  );
}

export async function listMfaDevices(ctx: CoreContext, directoryId: string, userId: string): Promise<MfaDevice[]> {
  await getDirectory(ctx, directoryId);
  await getUserIn(ctx.store, directoryId, userId);
  return ctx.store.signIn.listMfaDevices(directoryId, userId);
}

/** An administrator removes a user's device (there is no API to bind one: users do, at sign-in). */
export async function deleteMfaDevice(ctx: CoreContext, directoryId: string, userId: string, deviceId: string, p: Provenance): Promise<void> {
  await changeSignInSettings(
    ctx,
    directoryId,
    p,
    'DeleteMFADeviceForUser',
    async (_settings, tx) => {
      await getUserIn(tx, directoryId, userId);
      if (!(await tx.signIn.deleteMfaDevice(directoryId, userId, deviceId))) {
        throw new DomainError('MFADeviceNotFound', 'The user has no MFA device with this ID.', { field: 'MFADeviceId', id: deviceId });
      }
      return { result: undefined };
    },
    { type: 'user', id: userId },
  );
}
