import { recordAudit } from '../audit.js';
import type { CoreContext } from '../context.js';
import { DomainError } from '../errors.js';
import type { Store } from '../ports/store.js';
import type { AuditedBy } from '../provenance.js';

/**
 * Shared by the RAM core modules: who is writing (for the audit trail) and RAM's name rules
 * (RAM API reference, CreateUser / CreateGroup / CreatePolicy request parameters).
 */
export type RamProvenance = AuditedBy;

/**
 * The core as one account sees it: RAM entities are looked up and created in `accountId` (the
 * account of whoever calls; docs/decisions/0060-accounts-and-per-account-ram.md).
 */
export interface RamScope extends CoreContext {
  readonly accountId: string;
}

export function inAccount(ctx: CoreContext, accountId: string): RamScope {
  return { ...ctx, accountId };
}

/** RAM: letters, digits, ".", "_" and "-", 1 to 64 characters (user and group names). */
const PRINCIPAL_NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** RAM: letters, digits and "-", 1 to 128 characters. */
const POLICY_NAME = /^[A-Za-z0-9-]{1,128}$/;

export function checkPrincipalName(field: 'UserName' | 'GroupName' | 'NewUserName' | 'NewGroupName', name: string): void {
  if (!PRINCIPAL_NAME.test(name)) {
    throw new DomainError(
      'InvalidParameter',
      `${field} must be 1 to 64 characters: letters, digits, periods (.), underscores (_) and hyphens (-).`,
      { field },
    );
  }
}

export function checkPolicyName(name: string): void {
  if (!POLICY_NAME.test(name)) {
    throw new DomainError('InvalidParameter', 'PolicyName must be 1 to 128 characters: letters, digits and hyphens (-).', {
      field: 'PolicyName',
    });
  }
}

/** RAM's MobilePhone: `<country code>-<number>`, e.g. `86-18600008888`. */
const MOBILE_PHONE = /^[0-9]{1,4}-[0-9]{4,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Email and MobilePhone as RAM accepts them (the empty string clears on update). */
export function checkContact(field: string, kind: 'email' | 'mobile', value: string | null | undefined): void {
  if (value === null || value === undefined || value === '') return;
  const ok = kind === 'email' ? EMAIL.test(value) && [...value].length <= 128 : MOBILE_PHONE.test(value);
  if (!ok) {
    const expected = kind === 'email' ? 'an email address of at most 128 characters' : '<country code>-<number>, for example 86-18600008888';
    throw new DomainError('InvalidParameter', `${field} must be ${expected}.`, { field });
  }
}

export function checkLength(field: string, value: string | null | undefined, max: number): void {
  if (value !== null && value !== undefined && [...value].length > max) {
    throw new DomainError('InvalidParameter', `${field} must be at most ${max} characters.`, { field });
  }
}

/**
 * RAM entities belong to the account, not to a directory: their audit rows have no directory, and
 * their actions are named `ram:<Action>` (core/audit.ts writes the row).
 */
export async function ramAudit(
  store: Store,
  ctx: CoreContext,
  p: RamProvenance,
  action: string,
  resourceType: string,
  resourceId: string,
): Promise<void> {
  await accountAudit(store, ctx, p, `ram:${action}`, resourceType, resourceId);
}

/** The audit event of an account-level write (RAM, Resource Directory, STS): `action` is `<code>:<Action>`. */
export async function accountAudit(
  store: Store,
  ctx: CoreContext,
  p: RamProvenance,
  action: string,
  resourceType: string,
  resourceId: string,
): Promise<void> {
  await recordAudit(store, ctx, p, { directoryId: null, action, resourceType, resourceId });
}
