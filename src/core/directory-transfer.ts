import type { CoreContext } from './context.js';
import { createDirectory, setScimSynchronization } from './directories.js';
import { DomainError } from './errors.js';
import { addUserToGroup, createGroup, updateGroup } from './groups.js';
import type { Status, Tag, User } from './model.js';
import { DEFAULT_PASSWORD_POLICY, PASSWORD_POLICY_RANGES, policyFromSettings, setPasswordPolicy, type PasswordPolicy } from './password-policy.js';
import type { AccessConfiguration, PermissionPolicy, PrincipalType } from './ports/access.js';
import type { Store } from './ports/store.js';
import type { Provenance } from './provenance.js';
import { setLoginPreference } from './sign-in/login-preference.js';
import { setUserMfaSetting, updateMfaSettings } from './sign-in/mfa.js';
import { loginPreferenceFrom, MFA_MODES, mfaFrom, RISK_LOGIN_OPERATIONS, samlIdpFrom, VERIFICATION_TYPES, type MfaSettings } from './sign-in/settings.js';
import { addIdpCertificate, setIdpConfiguration } from './sign-in/saml-idp.js';
import { tagResources } from './tags.js';
import { createUser, updateUser, updateUserStatus } from './users.js';
import { createAccessConfiguration, updateAccessConfiguration } from './access/configurations.js';
import { addPermissionPolicy, updateInlinePolicy } from './access/permission-policies.js';
import { createAccessAssignment, TARGET_TYPE } from './access/assignments.js';
import { taskConflictKey } from './tasks.js';

/**
 * A directory's data as one JSON document (docs/decisions/0185-0187, schema in
 * docs/directory-export.schema.json): what `cloudsso export` writes and `cloudsso import` and
 * CLOUDSSO_SEED_FILE read. It holds no secret: no password hash, MFA device, SCIM credential,
 * AccessKey or SAML signing key. Rows are matched by their names, not their IDs, so a document
 * moves between servers; an import creates what is missing and changes what differs, and never
 * deletes.
 */
export const TRANSFER_FORMAT = 1;
/** The largest document an import reads (bytes of JSON). */
export const MAX_TRANSFER_BYTES = 32 * 1024 * 1024;
/** Row limits per section, checked before any row is looked at. */
export const MAX_TRANSFER_ROWS = 200_000;
/** The most row errors one import reports (the first ones, in document order). */
export const MAX_REPORTED_ERRORS = 100;

export const IMPORT_ACTOR: Provenance = { via: 'management', actor: { type: 'system', id: 'cloudsso-import' }, requestId: null };

export interface TransferUser {
  readonly userName: string;
  readonly displayName: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly description: string | null;
  readonly status: Status;
  /** The user's own MFA switch (read when the directory's MFA mode is Byuser). */
  readonly mfaAuthenticationSetting: Status;
  readonly tags: readonly Tag[];
}

export interface TransferGroup {
  readonly groupName: string;
  readonly description: string | null;
}

export interface TransferMembership {
  readonly groupName: string;
  readonly userName: string;
}

export interface TransferPolicy {
  readonly type: 'System' | 'Inline';
  readonly name: string;
  /** Inline only. */
  readonly document?: string;
}

export interface TransferAccessConfiguration {
  readonly name: string;
  readonly description: string | null;
  readonly relayState: string | null;
  readonly sessionDuration: number;
  readonly permissionPolicies: readonly TransferPolicy[];
}

export interface TransferAssignment {
  readonly accessConfigurationName: string;
  readonly targetType: 'RD-Account';
  readonly targetId: string;
  readonly principalType: PrincipalType;
  readonly principalName: string;
}

export interface TransferIdp {
  readonly entityId: string;
  readonly loginUrl: string;
  readonly wantRequestSigned: boolean;
  readonly bindingType: 'Post' | 'Redirect';
  readonly ssoStatus: Status;
  /** The IdP's signing certificates (public, PEM). */
  readonly certificates: readonly string[];
}

export interface TransferDirectory {
  readonly name: string;
  readonly scimSynchronizationStatus: Status;
  readonly loginPreference: { readonly allowUserToGetCredentials: boolean; readonly loginNetworkMasks: string };
  readonly passwordPolicy: PasswordPolicy;
  readonly mfaAuthenticationSettings: MfaSettings;
  readonly externalSAMLIdentityProvider: TransferIdp | null;
}

export interface TransferDocument {
  readonly format: typeof TRANSFER_FORMAT;
  readonly exportTime?: string;
  readonly directory: TransferDirectory;
  readonly users: readonly TransferUser[];
  readonly groups: readonly TransferGroup[];
  readonly memberships: readonly TransferMembership[];
  readonly accessConfigurations: readonly TransferAccessConfiguration[];
  readonly accessAssignments: readonly TransferAssignment[];
}

// ---- export --------------------------------------------------------------------------------

const PAGE = 500;

async function allUsers(store: Store, directoryId: string): Promise<User[]> {
  const out: User[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.users.listByKeyset({ directoryId }, { limit: PAGE, ...(after ? { after } : {}) });
    out.push(...page);
    if (page.length < PAGE) return out;
    after = page[page.length - 1]?.id;
  }
}

/** The directory as a document, read in one transaction (a consistent snapshot on PostgreSQL too). */
export async function exportDirectory(ctx: CoreContext, directoryId: string, now: number = ctx.clock.now()): Promise<TransferDocument> {
  return ctx.store.transaction(async (tx) => {
    const d = await tx.directories.get(directoryId);
    if (!d) throw new DomainError('DirectoryNotFound', `The directory ${directoryId} does not exist.`, { id: directoryId });
    const settings = await tx.directories.getSettings(directoryId);
    const idp = samlIdpFrom(settings);
    const users = await allUsers(tx, directoryId);
    const tags = new Map<string, Tag[]>();
    for (let i = 0; i < users.length; i += PAGE) {
      for (const [id, t] of await tx.tags.forResources(directoryId, users.slice(i, i + PAGE).map((u) => u.id))) tags.set(id, t);
    }
    const userNames = new Map(users.map((u) => [u.id, u.userName]));
    const exportedUsers: TransferUser[] = [];
    for (const u of users) {
      exportedUsers.push({
        userName: u.userName,
        displayName: u.displayName,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        description: u.description,
        status: u.status,
        mfaAuthenticationSetting: (await tx.signIn.getUserMfaSetting(directoryId, u.id)) ?? 'Enabled',
        tags: [...(tags.get(u.id) ?? [])].sort((a, b) => a.key.localeCompare(b.key)).map((t) => ({ key: t.key, value: t.value })),
      });
    }
    const groups: TransferGroup[] = [];
    const memberships: TransferMembership[] = [];
    const groupNames = new Map<string, string>();
    for (let after: string | undefined; ; ) {
      const page = await tx.groups.listByKeyset({ directoryId }, { limit: PAGE, ...(after ? { after } : {}) });
      for (const g of page) {
        groupNames.set(g.id, g.name);
        groups.push({ groupName: g.name, description: g.description });
        for (let m: string | undefined; ; ) {
          const refs = await tx.groups.listMemberRefs(directoryId, g.id, { limit: PAGE, ...(m ? { after: m } : {}) });
          for (const r of refs) memberships.push({ groupName: g.name, userName: r.userName });
          if (refs.length < PAGE) break;
          m = refs[refs.length - 1]?.userId;
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]?.id;
    }
    const configurations: AccessConfiguration[] = [];
    for (let after: string | undefined; ; ) {
      const page = await tx.access.listConfigurations(directoryId, {}, after, PAGE);
      configurations.push(...page);
      if (page.length < PAGE) break;
      after = page[page.length - 1]?.id;
    }
    const acNames = new Map(configurations.map((c) => [c.id, c.name]));
    const accessConfigurations: TransferAccessConfiguration[] = [];
    for (const c of configurations) {
      const policies = await tx.access.policiesOf(c.id);
      accessConfigurations.push({
        name: c.name,
        description: c.description,
        relayState: c.relayState,
        sessionDuration: c.sessionDuration,
        permissionPolicies: policies.map((p: PermissionPolicy) => ({ type: p.type, name: p.name, ...(p.type === 'Inline' ? { document: p.document ?? '' } : {}) })),
      });
    }
    const accessAssignments: TransferAssignment[] = [];
    for (let after; ; ) {
      const page = await tx.access.listAssignments(directoryId, {}, after, PAGE);
      for (const a of page) {
        const principalName = a.principalType === 'User' ? userNames.get(a.principalId) : groupNames.get(a.principalId);
        const acName = acNames.get(a.accessConfigurationId);
        if (principalName === undefined || acName === undefined) continue;
        accessAssignments.push({ accessConfigurationName: acName, targetType: TARGET_TYPE, targetId: a.targetId, principalType: a.principalType, principalName });
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1];
    }
    return {
      format: TRANSFER_FORMAT,
      exportTime: new Date(now).toISOString(),
      directory: {
        name: d.name,
        scimSynchronizationStatus: d.scimSyncEnabled ? 'Enabled' : 'Disabled',
        loginPreference: loginPreferenceFrom(settings),
        passwordPolicy: await policyOf(tx, directoryId),
        mfaAuthenticationSettings: mfaFrom(settings),
        externalSAMLIdentityProvider: idp
          ? {
              entityId: idp.entityId,
              loginUrl: idp.loginUrl,
              wantRequestSigned: idp.wantRequestSigned,
              bindingType: idp.bindingType,
              ssoStatus: idp.ssoStatus,
              certificates: (await tx.signIn.listIdpCertificates(directoryId)).map((c) => c.pem),
            }
          : null,
      },
      users: exportedUsers,
      groups,
      memberships,
      accessConfigurations,
      accessAssignments,
    };
  });
}

async function policyOf(store: Store, directoryId: string): Promise<PasswordPolicy> {
  return policyFromSettings(await store.directories.getSettings(directoryId));
}

/** The policy with its keys in one order, so two policies compare as JSON. */
const ordered = (p: PasswordPolicy): Record<string, unknown> => Object.fromEntries(Object.keys(DEFAULT_PASSWORD_POLICY).map((k) => [k, (p as unknown as Record<string, unknown>)[k]]));

// ---- reading a document --------------------------------------------------------------------

export interface RowError {
  /** Where in the document: `users[3].email`, `memberships[0]`. */
  readonly path: string;
  readonly reason: string;
}

/** An import refused: every problem found, each with its row path; nothing was written. */
export class TransferError extends Error {
  constructor(readonly errors: readonly RowError[]) {
    super(
      `The import document was refused; nothing was written:\n${errors
        .slice(0, MAX_REPORTED_ERRORS)
        .map((e) => `  ${e.path}: ${e.reason}`)
        .join('\n')}${errors.length > MAX_REPORTED_ERRORS ? `\n  ... and ${errors.length - MAX_REPORTED_ERRORS} more` : ''}`,
    );
    this.name = 'TransferError';
  }
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Reader {
  readonly errors: RowError[] = [];
  fail(path: string, reason: string): void {
    this.errors.push({ path, reason });
  }
  object(v: Json, path: string, keys: readonly string[]): Record<string, Json> | undefined {
    if (!isObject(v)) {
      this.fail(path, 'must be an object');
      return undefined;
    }
    for (const k of Object.keys(v)) if (!keys.includes(k)) this.fail(`${path}.${k}`, `is not a field of this row (expected one of ${keys.join(', ')})`);
    return v;
  }
  string(o: Record<string, Json>, k: string, path: string, opts: { nullable?: boolean; optional?: boolean; max?: number } = {}): string | null | undefined {
    const v = o[k];
    if (v === undefined && opts.optional) return undefined;
    if (v === null && opts.nullable) return null;
    if (v === undefined && opts.nullable) return null;
    if (typeof v !== 'string') {
      this.fail(`${path}.${k}`, `must be a string${opts.nullable ? ' or null' : ''}`);
      return undefined;
    }
    if (opts.max !== undefined && v.length > opts.max) {
      this.fail(`${path}.${k}`, `must be at most ${opts.max} characters`);
      return undefined;
    }
    return v;
  }
  oneOf<T extends string>(o: Record<string, Json>, k: string, path: string, values: readonly T[], fallback?: T): T | undefined {
    const v = o[k];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.fail(`${path}.${k}`, `must be one of ${values.join(', ')}`);
      return undefined;
    }
    return v as T;
  }
  bool(o: Record<string, Json>, k: string, path: string): boolean | undefined {
    const v = o[k];
    if (typeof v !== 'boolean') {
      this.fail(`${path}.${k}`, 'must be true or false');
      return undefined;
    }
    return v;
  }
  int(o: Record<string, Json>, k: string, path: string, min: number, max: number): number | undefined {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(`${path}.${k}`, `must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return v;
  }
  array(o: Record<string, Json>, k: string, path: string, max = MAX_TRANSFER_ROWS): Json[] {
    const v = o[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.fail(`${path}${path ? '.' : ''}${k}`, 'must be an array');
      return [];
    }
    if (v.length > max) {
      this.fail(`${path}${path ? '.' : ''}${k}`, `has ${v.length} rows; at most ${max} are accepted`);
      return [];
    }
    return v;
  }
}

const STATUSES: readonly Status[] = ['Enabled', 'Disabled'];

/**
 * Parses and checks a document's shape, every row, before anything is written. Throws
 * TransferError naming each bad row's path; the rules the core checks while writing (name
 * syntax, quotas, references to rows of the server) are reported the same way by the import.
 */
export function parseTransferDocument(text: string): TransferDocument {
  if (Buffer.byteLength(text) > MAX_TRANSFER_BYTES) {
    throw new TransferError([{ path: '$', reason: `the document is larger than ${MAX_TRANSFER_BYTES} bytes` }]);
  }
  let raw: Json;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new TransferError([{ path: '$', reason: `not JSON: ${(err as Error).message}` }]);
  }
  const r = new Reader();
  const top = r.object(raw, '$', ['$schema', 'format', 'exportTime', 'directory', 'users', 'groups', 'memberships', 'accessConfigurations', 'accessAssignments']);
  if (!top) throw new TransferError(r.errors);
  if (top.format !== TRANSFER_FORMAT) {
    throw new TransferError([{ path: 'format', reason: `must be ${TRANSFER_FORMAT} (this server reads format ${TRANSFER_FORMAT}; got ${JSON.stringify(top.format ?? null)})` }]);
  }
  const directory = readDirectory(r, top.directory);
  const users = r.array(top, 'users', '').map((v, i) => readUser(r, v, `users[${i}]`));
  const groups = r.array(top, 'groups', '').map((v, i): TransferGroup | undefined => {
    const path = `groups[${i}]`;
    const o = r.object(v, path, ['groupName', 'description']);
    if (!o) return undefined;
    const groupName = r.string(o, 'groupName', path, { max: 128 });
    const description = r.string(o, 'description', path, { nullable: true, max: 1024 });
    return typeof groupName === 'string' ? { groupName, description: description ?? null } : undefined;
  });
  const memberships = r.array(top, 'memberships', '').map((v, i): TransferMembership | undefined => {
    const path = `memberships[${i}]`;
    const o = r.object(v, path, ['groupName', 'userName']);
    if (!o) return undefined;
    const groupName = r.string(o, 'groupName', path, { max: 128 });
    const userName = r.string(o, 'userName', path, { max: 64 });
    return typeof groupName === 'string' && typeof userName === 'string' ? { groupName, userName } : undefined;
  });
  const accessConfigurations = r.array(top, 'accessConfigurations', '').map((v, i) => readConfiguration(r, v, `accessConfigurations[${i}]`));
  const accessAssignments = r.array(top, 'accessAssignments', '').map((v, i): TransferAssignment | undefined => {
    const path = `accessAssignments[${i}]`;
    const o = r.object(v, path, ['accessConfigurationName', 'targetType', 'targetId', 'principalType', 'principalName']);
    if (!o) return undefined;
    const accessConfigurationName = r.string(o, 'accessConfigurationName', path, { max: 32 });
    const targetType = r.oneOf(o, 'targetType', path, [TARGET_TYPE] as const, TARGET_TYPE);
    const targetId = r.string(o, 'targetId', path, { max: 64 });
    const principalType = r.oneOf(o, 'principalType', path, ['User', 'Group'] as const);
    const principalName = r.string(o, 'principalName', path, { max: 128 });
    if (typeof accessConfigurationName !== 'string' || !targetType || typeof targetId !== 'string' || !principalType || typeof principalName !== 'string') return undefined;
    return { accessConfigurationName, targetType, targetId, principalType, principalName };
  });
  unique(r, users, 'users', (u) => u?.userName.toLowerCase(), 'userName');
  unique(r, groups, 'groups', (g) => g?.groupName, 'groupName');
  unique(r, accessConfigurations, 'accessConfigurations', (c) => c?.name.toLowerCase(), 'name');
  unique(r, memberships, 'memberships', (m) => m && JSON.stringify([m.groupName, m.userName]), '');
  unique(r, accessAssignments, 'accessAssignments', (a) => a && JSON.stringify([a.accessConfigurationName, a.targetId, a.principalType, a.principalName]), '');
  if (r.errors.length > 0 || !directory) throw new TransferError(r.errors);
  const defined = <T>(xs: Array<T | undefined>): T[] => xs.filter((x): x is T => x !== undefined);
  return {
    format: TRANSFER_FORMAT,
    ...(typeof top.exportTime === 'string' ? { exportTime: top.exportTime } : {}),
    directory,
    users: defined(users),
    groups: defined(groups),
    memberships: defined(memberships),
    accessConfigurations: defined(accessConfigurations),
    accessAssignments: defined(accessAssignments),
  };
}

function unique<T>(r: Reader, rows: Array<T | undefined>, section: string, key: (t: T | undefined) => string | undefined, field: string): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const k = key(row);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first !== undefined) r.fail(`${section}[${i}]${field ? `.${field}` : ''}`, `repeats ${section}[${first}]`);
    else seen.set(k, i);
  });
}

function readDirectory(r: Reader, v: Json): TransferDirectory | undefined {
  const path = 'directory';
  const o = r.object(v, path, ['name', 'scimSynchronizationStatus', 'loginPreference', 'passwordPolicy', 'mfaAuthenticationSettings', 'externalSAMLIdentityProvider']);
  if (!o) return undefined;
  const name = r.string(o, 'name', path, { max: 64 });
  const scim = r.oneOf(o, 'scimSynchronizationStatus', path, STATUSES, 'Disabled');
  const lp = r.object(o.loginPreference ?? {}, `${path}.loginPreference`, ['allowUserToGetCredentials', 'loginNetworkMasks']);
  const loginPreference = lp && {
    allowUserToGetCredentials: lp.allowUserToGetCredentials === undefined ? false : r.bool(lp, 'allowUserToGetCredentials', `${path}.loginPreference`),
    loginNetworkMasks: r.string(lp, 'loginNetworkMasks', `${path}.loginPreference`, { optional: true, max: 10_000 }) ?? '',
  };
  const pp = r.object(o.passwordPolicy ?? {}, `${path}.passwordPolicy`, Object.keys(DEFAULT_PASSWORD_POLICY));
  const passwordPolicy: Record<string, unknown> = { ...DEFAULT_PASSWORD_POLICY };
  if (pp) {
    for (const [k, range] of Object.entries(PASSWORD_POLICY_RANGES)) if (pp[k] !== undefined) passwordPolicy[k] = r.int(pp, k, `${path}.passwordPolicy`, range.min, range.max);
    if (pp.passwordNotContainUsername !== undefined) passwordPolicy.passwordNotContainUsername = r.bool(pp, 'passwordNotContainUsername', `${path}.passwordPolicy`);
  }
  const mfaPath = `${path}.mfaAuthenticationSettings`;
  const mo = r.object(o.mfaAuthenticationSettings ?? {}, mfaPath, ['mode', 'operationForRiskLogin', 'allowedVerificationTypes']);
  let mfa: MfaSettings | undefined;
  if (mo) {
    const mode = r.oneOf(mo, 'mode', mfaPath, MFA_MODES, 'Enabled');
    const op = r.oneOf(mo, 'operationForRiskLogin', mfaPath, RISK_LOGIN_OPERATIONS, 'Autonomous');
    const types = mo.allowedVerificationTypes === undefined ? ['TOTP'] : mo.allowedVerificationTypes;
    const ok = Array.isArray(types) && types.length > 0 && types.every((t) => (VERIFICATION_TYPES as readonly unknown[]).includes(t));
    if (!ok) r.fail(`${mfaPath}.allowedVerificationTypes`, `must be a non-empty array of ${VERIFICATION_TYPES.join(', ')}`);
    if (mode && op && ok) mfa = { mode, operationForRiskLogin: op, allowedVerificationTypes: types as MfaSettings['allowedVerificationTypes'] };
  }
  let idp: TransferIdp | null | undefined = null;
  if (o.externalSAMLIdentityProvider !== undefined && o.externalSAMLIdentityProvider !== null) {
    const ip = `${path}.externalSAMLIdentityProvider`;
    const io = r.object(o.externalSAMLIdentityProvider, ip, ['entityId', 'loginUrl', 'wantRequestSigned', 'bindingType', 'ssoStatus', 'certificates']);
    idp = undefined;
    if (io) {
      const entityId = r.string(io, 'entityId', ip, { max: 1024 });
      const loginUrl = r.string(io, 'loginUrl', ip, { max: 1024 });
      const wantRequestSigned = r.bool(io, 'wantRequestSigned', ip);
      const bindingType = r.oneOf(io, 'bindingType', ip, ['Post', 'Redirect'] as const, 'Post');
      const ssoStatus = r.oneOf(io, 'ssoStatus', ip, STATUSES, 'Disabled');
      const certs = r.array(io, 'certificates', ip, 2);
      const certificates = certs.filter((c, i) => {
        if (typeof c === 'string' && c.length <= 16_384) return true;
        r.fail(`${ip}.certificates[${i}]`, 'must be a PEM certificate of at most 16384 characters');
        return false;
      }) as string[];
      if (typeof entityId === 'string' && typeof loginUrl === 'string' && wantRequestSigned !== undefined && bindingType && ssoStatus) {
        idp = { entityId, loginUrl, wantRequestSigned, bindingType, ssoStatus, certificates };
      }
    }
  }
  if (typeof name !== 'string' || !scim || !loginPreference || loginPreference.allowUserToGetCredentials === undefined || !mfa || idp === undefined) return undefined;
  if (Object.values(passwordPolicy).some((x) => x === undefined)) return undefined;
  return {
    name,
    scimSynchronizationStatus: scim,
    loginPreference: { allowUserToGetCredentials: loginPreference.allowUserToGetCredentials, loginNetworkMasks: loginPreference.loginNetworkMasks },
    passwordPolicy: passwordPolicy as unknown as PasswordPolicy,
    mfaAuthenticationSettings: mfa,
    externalSAMLIdentityProvider: idp,
  };
}

function readUser(r: Reader, v: Json, path: string): TransferUser | undefined {
  const o = r.object(v, path, ['userName', 'displayName', 'firstName', 'lastName', 'email', 'description', 'status', 'mfaAuthenticationSetting', 'tags']);
  if (!o) return undefined;
  const before = r.errors.length;
  const userName = r.string(o, 'userName', path, { max: 64 });
  const field = (k: string, max: number) => r.string(o, k, path, { nullable: true, max }) ?? null;
  const displayName = field('displayName', 256);
  const firstName = field('firstName', 64);
  const lastName = field('lastName', 64);
  const email = field('email', 128);
  const description = field('description', 1024);
  const status = r.oneOf(o, 'status', path, STATUSES, 'Enabled');
  const mfaAuthenticationSetting = r.oneOf(o, 'mfaAuthenticationSetting', path, STATUSES, 'Enabled');
  const tags: Tag[] = [];
  r.array(o, 'tags', path, 20).forEach((t, i) => {
    const tp = `${path}.tags[${i}]`;
    const to = r.object(t, tp, ['key', 'value']);
    if (!to) return;
    const key = r.string(to, 'key', tp, { max: 128 });
    const value = r.string(to, 'value', tp, { max: 128 });
    if (typeof key === 'string' && typeof value === 'string') tags.push({ key, value });
  });
  if (r.errors.length > before || typeof userName !== 'string' || !status || !mfaAuthenticationSetting) return undefined;
  return { userName, displayName, firstName, lastName, email, description, status, mfaAuthenticationSetting, tags };
}

function readConfiguration(r: Reader, v: Json, path: string): TransferAccessConfiguration | undefined {
  const o = r.object(v, path, ['name', 'description', 'relayState', 'sessionDuration', 'permissionPolicies']);
  if (!o) return undefined;
  const before = r.errors.length;
  const name = r.string(o, 'name', path, { max: 32 });
  const description = r.string(o, 'description', path, { nullable: true, max: 1024 }) ?? null;
  const relayState = r.string(o, 'relayState', path, { nullable: true, max: 1024 }) ?? null;
  const sessionDuration = o.sessionDuration === undefined ? 3600 : r.int(o, 'sessionDuration', path, 900, 43200);
  const permissionPolicies: TransferPolicy[] = [];
  r.array(o, 'permissionPolicies', path, 21).forEach((p, i) => {
    const pp = `${path}.permissionPolicies[${i}]`;
    const po = r.object(p, pp, ['type', 'name', 'document']);
    if (!po) return;
    const type = r.oneOf(po, 'type', pp, ['System', 'Inline'] as const);
    const pname = r.string(po, 'name', pp, { max: 128 });
    const document = type === 'Inline' ? r.string(po, 'document', pp, { max: 6144 }) : undefined;
    if (type === 'System' && po.document !== undefined) r.fail(`${pp}.document`, 'only an Inline policy has a document');
    if (type && typeof pname === 'string' && (type === 'System' || typeof document === 'string')) {
      permissionPolicies.push({ type, name: pname, ...(type === 'Inline' ? { document: document as string } : {}) });
    }
  });
  if (r.errors.length > before || typeof name !== 'string' || sessionDuration === undefined) return undefined;
  return { name, description, relayState, sessionDuration, permissionPolicies };
}

// ---- import --------------------------------------------------------------------------------

export type ChangeKind = 'create' | 'update';

export interface ImportChange {
  /** The row's path in the document (`users[2]`, `directory.passwordPolicy`). */
  readonly path: string;
  readonly kind: ChangeKind;
  /** What changes, for a person to read: `user alice: email, status`. */
  readonly what: string;
}

export interface ImportResult {
  readonly directoryId: string;
  readonly changes: readonly ImportChange[];
  /** Provisioning tasks submitted (assignments), to be run by a task runner. */
  readonly taskIds: readonly string[];
  /**
   * Assignments not submitted yet because a task on the same access configuration and account
   * is in progress; importing again once it has ended submits them (`cloudsso import` waits and
   * does so itself).
   */
  readonly deferred: readonly string[];
}

export interface ImportOptions {
  /** Into this directory; else the directory named in the document; else a new one. */
  readonly directoryId?: string;
  /** Work out the changes in a transaction that is rolled back: nothing is written. */
  readonly dryRun?: boolean;
  readonly by?: Provenance;
}

class DryRunRollback extends Error {}

/**
 * Imports a document through the core's own functions (so each write is checked and audited as
 * through the API), in ONE transaction: a row the core refuses rolls everything back and is
 * reported with its path. Importing the same document again changes nothing.
 */
export async function importDirectory(ctx: CoreContext, doc: TransferDocument, opts: ImportOptions = {}): Promise<ImportResult> {
  let result: ImportResult | undefined;
  try {
    await ctx.store.transaction(async (tx) => {
      // No task kick from inside: the tasks exist once this transaction commits.
      const { tasks: _kick, ...rest } = ctx;
      result = await applyDocument({ ...rest, store: tx }, doc, opts);
      if (opts.dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- set by the transaction, which either returned or was rolled back on purpose
  const r = result!;
  if (!opts.dryRun && r.taskIds.length > 0) ctx.tasks?.kick();
  return r;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function applyDocument(ctx: CoreContext, doc: TransferDocument, opts: ImportOptions): Promise<ImportResult> {
  const by = opts.by ?? IMPORT_ACTOR;
  const tx = ctx.store;
  const changes: ImportChange[] = [];
  const taskIds: string[] = [];
  const deferred: string[] = [];
  let at = '';
  const step = async <T>(path: string, fn: () => Promise<T>): Promise<T> => {
    at = path;
    return fn();
  };
  try {
    // The directory.
    let directoryId = opts.directoryId;
    at = 'directory.name';
    if (directoryId !== undefined) {
      if (!(await tx.directories.get(directoryId))) throw new DomainError('DirectoryNotFound', `The directory ${directoryId} does not exist.`, { id: directoryId });
    } else {
      const named = (await tx.directories.list()).find((d) => d.name === doc.directory.name);
      if (named) directoryId = named.id;
      else {
        directoryId = (await createDirectory(ctx, { name: doc.directory.name }, by)).id;
        changes.push({ path: 'directory', kind: 'create', what: `directory ${doc.directory.name}` });
      }
    }
    const dir = directoryId;
    await settingsOf(ctx, dir, doc.directory, by, changes, (p) => (at = p));

    // Users.
    const userIds = new Map<string, string>();
    for (const [i, u] of doc.users.entries()) {
      const path = `users[${i}]`;
      at = path;
      const existing = await tx.users.findByUserName(dir, u.userName);
      const fields = { displayName: u.displayName, firstName: u.firstName, lastName: u.lastName, email: u.email, description: u.description };
      let id: string;
      if (!existing) {
        id = (await createUser(ctx, dir, { userName: u.userName, ...fields, status: u.status, tags: u.tags }, by)).id;
        changes.push({ path, kind: 'create', what: `user ${u.userName}` });
      } else {
        id = existing.id;
        const differs = (Object.keys(fields) as Array<keyof typeof fields>).filter((k) => (existing[k] ?? null) !== (fields[k] ?? null));
        if (differs.length > 0) await updateUser(ctx, dir, id, Object.fromEntries(differs.map((k) => [k, fields[k]])), by);
        if (existing.status !== u.status) await step(`${path}.status`, () => updateUserStatus(ctx, dir, id, u.status, by));
        const have = new Map(((await tx.tags.forResources(dir, [id])).get(id) ?? []).map((t) => [t.key, t.value]));
        const missing = u.tags.filter((t) => have.get(t.key) !== t.value);
        if (missing.length > 0) await step(`${path}.tags`, () => tagResources(ctx, dir, 'user', [id], missing, by));
        const what = [...differs, ...(existing.status !== u.status ? ['status'] : []), ...(missing.length > 0 ? ['tags'] : [])];
        if (what.length > 0) changes.push({ path, kind: 'update', what: `user ${u.userName}: ${what.join(', ')}` });
      }
      userIds.set(u.userName, id);
      const mfa = (await tx.signIn.getUserMfaSetting(dir, id)) ?? 'Enabled';
      if (mfa !== u.mfaAuthenticationSetting) {
        await step(`${path}.mfaAuthenticationSetting`, () => setUserMfaSetting(ctx, dir, id, u.mfaAuthenticationSetting, by));
        if (existing) changes.push({ path, kind: 'update', what: `user ${u.userName}: mfaAuthenticationSetting` });
      }
    }
    const userId = async (name: string, path: string): Promise<string> => {
      const id = userIds.get(name) ?? (await tx.users.findByUserName(dir, name))?.id;
      if (!id) throw new DomainError('UserNotFound', `No user "${name}" in the document or the directory.`, { field: path });
      return id;
    };

    // Groups and memberships.
    const groupIds = new Map<string, string>();
    for (const [i, g] of doc.groups.entries()) {
      const path = `groups[${i}]`;
      at = path;
      const existing = await tx.groups.findByName(dir, g.groupName);
      if (!existing) {
        groupIds.set(g.groupName, (await createGroup(ctx, dir, { name: g.groupName, description: g.description }, by)).id);
        changes.push({ path, kind: 'create', what: `group ${g.groupName}` });
      } else {
        groupIds.set(g.groupName, existing.id);
        if ((existing.description ?? null) !== (g.description ?? null)) {
          await updateGroup(ctx, dir, existing.id, { description: g.description }, by);
          changes.push({ path, kind: 'update', what: `group ${g.groupName}: description` });
        }
      }
    }
    const groupId = async (name: string): Promise<string> => {
      const id = groupIds.get(name) ?? (await tx.groups.findByName(dir, name))?.id;
      if (!id) throw new DomainError('GroupNotFound', `No group "${name}" in the document or the directory.`);
      return id;
    };
    for (const [i, m] of doc.memberships.entries()) {
      const path = `memberships[${i}]`;
      at = path;
      const gid = await groupId(m.groupName);
      const uid = await userId(m.userName, path);
      if (await tx.groups.isMember(dir, gid, uid)) continue;
      await addUserToGroup(ctx, dir, gid, uid, by);
      changes.push({ path, kind: 'create', what: `membership ${m.userName} in ${m.groupName}` });
    }

    // Access configurations and their policies.
    const acIds = new Map<string, AccessConfiguration>();
    for (const [i, c] of doc.accessConfigurations.entries()) {
      const path = `accessConfigurations[${i}]`;
      at = path;
      let ac = await tx.access.getConfigurationByName(dir, c.name);
      if (!ac) {
        ac = await createAccessConfiguration(ctx, dir, { name: c.name, description: c.description, relayState: c.relayState, sessionDuration: c.sessionDuration }, by);
        changes.push({ path, kind: 'create', what: `access configuration ${c.name}` });
      } else {
        const differs = [
          (ac.description ?? null) !== (c.description ?? null) && 'description',
          (ac.relayState ?? null) !== (c.relayState ?? null) && 'relayState',
          ac.sessionDuration !== c.sessionDuration && 'sessionDuration',
        ].filter((x): x is string => typeof x === 'string');
        if (differs.length > 0) {
          await updateAccessConfiguration(ctx, dir, ac.id, { description: c.description ?? '', relayState: c.relayState ?? '', sessionDuration: c.sessionDuration }, by);
          changes.push({ path, kind: 'update', what: `access configuration ${c.name}: ${differs.join(', ')}` });
        }
      }
      acIds.set(c.name, ac);
      const have = await tx.access.policiesOf(ac.id);
      for (const [j, p] of c.permissionPolicies.entries()) {
        const pp = `${path}.permissionPolicies[${j}]`;
        at = pp;
        const found = have.find((h) => h.type === p.type && h.name === p.name);
        if (!found) {
          await addPermissionPolicy(ctx, dir, ac.id, { type: p.type, name: p.name, ...(p.document !== undefined ? { document: p.document } : {}) }, by);
          changes.push({ path: pp, kind: 'create', what: `${p.type} policy ${p.name} in ${c.name}` });
        } else if (p.type === 'Inline' && found.document !== p.document) {
          await updateInlinePolicy(ctx, dir, ac.id, p.name, p.document ?? '', by);
          changes.push({ path: pp, kind: 'update', what: `Inline policy ${p.name} in ${c.name}: document` });
        }
      }
    }

    // Assignments: each submits its provisioning task, as CreateAccessAssignment does.
    const submittedKeys = new Set<string>();
    for (const [i, a] of doc.accessAssignments.entries()) {
      const path = `accessAssignments[${i}]`;
      at = path;
      const ac = acIds.get(a.accessConfigurationName) ?? (await tx.access.getConfigurationByName(dir, a.accessConfigurationName));
      if (!ac) throw new DomainError('AccessConfigurationNotFound', `No access configuration "${a.accessConfigurationName}" in the document or the directory.`);
      const principalId = a.principalType === 'User' ? await userId(a.principalName, path) : await groupId(a.principalName);
      const key = { accessConfigurationId: ac.id, targetId: a.targetId, principalType: a.principalType, principalId };
      if (await tx.access.getAssignment(key)) continue;
      if (!(await tx.accounts.getAccount(a.targetId))) {
        throw new DomainError('AccountNotFound', `The account ${a.targetId} is not a member of this server's resource directory; create it first (ResourceManager CreateResourceAccount).`, { id: a.targetId });
      }
      const conflictKey = taskConflictKey({ directoryId: dir, accessConfigurationId: ac.id, targetType: TARGET_TYPE, targetId: a.targetId });
      const running = await tx.tasks.inProgressFor(conflictKey);
      if (running) {
        // The same assignment on its way (an earlier import, or a caller): nothing to do.
        if (running.taskType === 'CreateAccessAssignment' && running.principalType === a.principalType && running.principalId === principalId) continue;
        deferred.push(path);
        changes.push({ path, kind: 'create', what: `assignment of ${a.accessConfigurationName} on ${a.targetId} to ${a.principalType} ${a.principalName} (after task ${running.taskId})` });
        continue;
      }
      if (submittedKeys.has(conflictKey)) {
        deferred.push(path);
        changes.push({ path, kind: 'create', what: `assignment of ${a.accessConfigurationName} on ${a.targetId} to ${a.principalType} ${a.principalName} (after the one before it)` });
        continue;
      }
      const task = await createAccessAssignment(ctx, dir, key, by);
      submittedKeys.add(conflictKey);
      taskIds.push(task.taskId);
      changes.push({ path, kind: 'create', what: `assignment of ${a.accessConfigurationName} on ${a.targetId} to ${a.principalType} ${a.principalName} (task ${task.taskId})` });
    }
    return { directoryId: dir, changes, taskIds, deferred };
  } catch (err) {
    if (err instanceof DomainError) throw new TransferError([{ path: at, reason: `${err.code}: ${err.message}` }]);
    throw err;
  }
}

async function settingsOf(
  ctx: CoreContext,
  dir: string,
  want: TransferDirectory,
  by: Provenance,
  changes: ImportChange[],
  at: (path: string) => void,
): Promise<void> {
  const tx = ctx.store;
  const d = await tx.directories.get(dir);
  const settings = await tx.directories.getSettings(dir);
  at('directory.scimSynchronizationStatus');
  const scim = want.scimSynchronizationStatus === 'Enabled';
  if (d && d.scimSyncEnabled !== scim) {
    await setScimSynchronization(ctx, dir, scim, by);
    changes.push({ path: 'directory.scimSynchronizationStatus', kind: 'update', what: `SCIM synchronization ${want.scimSynchronizationStatus}` });
  }
  at('directory.loginPreference');
  if (!same(loginPreferenceFrom(settings), want.loginPreference)) {
    await setLoginPreference(ctx, dir, { allowUserToGetCredentials: want.loginPreference.allowUserToGetCredentials, loginNetworkMasks: want.loginPreference.loginNetworkMasks || ';' }, by);
    changes.push({ path: 'directory.loginPreference', kind: 'update', what: 'login preference' });
  }
  at('directory.passwordPolicy');
  if (!same(ordered(policyFromSettings(settings)), ordered(want.passwordPolicy))) {
    await setPasswordPolicy(ctx, dir, want.passwordPolicy, by);
    changes.push({ path: 'directory.passwordPolicy', kind: 'update', what: 'password policy' });
  }
  at('directory.mfaAuthenticationSettings');
  const mfa = mfaFrom(settings);
  const wantMfa = want.mfaAuthenticationSettings;
  if (mfa.mode !== wantMfa.mode || mfa.operationForRiskLogin !== wantMfa.operationForRiskLogin || !same([...mfa.allowedVerificationTypes].sort(), [...new Set(wantMfa.allowedVerificationTypes)].sort())) {
    await updateMfaSettings(ctx, dir, wantMfa, by, 'UpdateMFAAuthenticationSettings');
    changes.push({ path: 'directory.mfaAuthenticationSettings', kind: 'update', what: 'MFA settings' });
  }
  at('directory.externalSAMLIdentityProvider');
  const idp = want.externalSAMLIdentityProvider;
  if (idp) {
    const current = samlIdpFrom(settings);
    const certs = (await tx.signIn.listIdpCertificates(dir)).map((c) => c.pem.trim());
    const certsDiffer = !same([...certs].sort(), idp.certificates.map((c) => c.trim()).sort());
    const fieldsDiffer =
      !current ||
      current.entityId !== idp.entityId ||
      current.loginUrl !== idp.loginUrl ||
      current.wantRequestSigned !== idp.wantRequestSigned ||
      current.bindingType !== idp.bindingType ||
      current.ssoStatus !== idp.ssoStatus;
    if (fieldsDiffer || certsDiffer) {
      const [first, ...rest] = idp.certificates;
      // SSO goes on last: it needs the certificates in place.
      await setIdpConfiguration(
        ctx,
        dir,
        {
          entityId: idp.entityId,
          loginUrl: idp.loginUrl,
          wantRequestSigned: idp.wantRequestSigned,
          bindingType: idp.bindingType,
          ...(certsDiffer && first !== undefined ? { x509Certificate: first } : {}),
          ...(idp.ssoStatus === 'Disabled' ? { ssoStatus: 'Disabled' as const } : {}),
        },
        by,
      );
      if (certsDiffer) for (const pem of rest) await addIdpCertificate(ctx, dir, pem, by);
      if (idp.ssoStatus === 'Enabled') await setIdpConfiguration(ctx, dir, { ssoStatus: 'Enabled' }, by);
      changes.push({ path: 'directory.externalSAMLIdentityProvider', kind: current ? 'update' : 'create', what: 'external SAML identity provider' });
    }
  }
}
