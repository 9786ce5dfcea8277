/**
 * SCIM User <-> CloudSSO user (cloudsso-api.md §5.3): userName -> UserName,
 * name.givenName/familyName -> FirstName/LastName, displayName -> DisplayName, the primary (or
 * first) email -> Email, active -> Status, externalId -> ExternalId {Id, Issuer: "SCIM"}. The whole
 * normalized document is kept in the user's `scim` so attributes CloudSSO lacks round-trip.
 * When rendering, the CloudSSO columns win over the document: they are the directory's truth (the
 * management API may change Email of a synchronized user once SCIM sync is off).
 */
import type { NewUser } from '../core/users.js';
import type { Status, User } from '../core/model.js';
import type { UserChanges } from '../core/ports/directory-entities.js';
import { ENTERPRISE_USER_SCHEMA_ID, USER_SCHEMA_ID } from './schemas/index.js';
import type { ResourceInput } from './input.js';
import { renderManager, settleMultiValued, withoutDerivedManagerFields } from './multi-valued.js';

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

export const SCIM_ISSUER = 'SCIM';
/** CloudSSO's Email rules (cloudsso-api.md §5.4); an address that fails them stays only in `emails`. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const EMAIL_MAX = 128;

/** The primary email, else the first one (RFC 7643 §2.4 "primary"). */
export function primaryEmail(doc: Doc): Doc | undefined {
  const emails = Array.isArray(doc['emails']) ? (doc['emails'] as unknown[]).filter(isObject) : [];
  return emails.find((e) => e['primary'] === true) ?? emails[0];
}

function cloudEmail(doc: Doc): string | null {
  const v = primaryEmail(doc)?.['value'];
  return typeof v === 'string' && EMAIL.test(v) && [...v].length <= EMAIL_MAX ? v : null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export interface UserFieldsFromScim {
  readonly user: Omit<NewUser, 'tags'> & { readonly status?: Status };
  readonly externalId: { readonly id: string; readonly issuer: string } | null;
}

export function userFields(input: ResourceInput): UserFieldsFromScim {
  const { doc } = input;
  // One primary per attribute, no repeated (type, value), no stored derived manager $ref (multi-valued.ts).
  settleMultiValued(doc, true);
  withoutDerivedManagerFields(doc);
  const name = isObject(doc['name']) ? doc['name'] : {};
  const active = doc['active'];
  return {
    user: {
      userName: doc['userName'] as string,
      displayName: text(doc['displayName']),
      firstName: text(name['givenName']),
      lastName: text(name['familyName']),
      email: cloudEmail(doc),
      // `active` left out keeps the status as it is (Okta AIW PUTs do not always carry it).
      ...(typeof active === 'boolean' ? { status: active ? 'Enabled' : 'Disabled' } : {}),
    },
    externalId: input.externalId !== null ? { id: input.externalId, issuer: SCIM_ISSUER } : null,
  };
}

/** Full replace (PUT, PATCH result): every mapped column, the document, and adoption (decision 0011). */
export function userChanges(input: ResourceInput): UserChanges {
  const { user, externalId } = userFields(input);
  return {
    userName: user.userName,
    displayName: user.displayName ?? null,
    firstName: user.firstName ?? null,
    lastName: user.lastName ?? null,
    email: user.email ?? null,
    ...(user.status ? { status: user.status } : {}),
    externalId,
    scim: input.doc,
    provisionType: 'Synchronized',
  };
}

/** The SCIM representation without `meta` (what PATCH applies to) or with it. */
export function userResource(u: User, opts: { baseUrl?: string; groups?: Doc[] } = {}): Doc {
  const doc: Doc = structuredClone(u.scim ?? {});
  // Documents stored before the multi-valued rules: rendered valid (first primary wins).
  settleMultiValued(doc, false);
  renderManager(doc, opts.baseUrl);
  const name: Doc = isObject(doc['name']) ? doc['name'] : {};
  if (u.firstName !== null) name['givenName'] = u.firstName;
  else delete name['givenName'];
  if (u.lastName !== null) name['familyName'] = u.lastName;
  else delete name['familyName'];
  const emails = Array.isArray(doc['emails']) ? (doc['emails'] as unknown[]).filter(isObject) : [];
  if (u.email !== null) {
    const current = primaryEmail(doc);
    if (!current) emails.push({ value: u.email, type: 'work', primary: true });
    else if (current['value'] !== u.email) current['value'] = u.email;
  }
  const { userName: _u, name: _n, displayName: _d, active: _a, emails: _e, ...rest } = doc;
  const out: Doc = {
    schemas: isObject(doc[ENTERPRISE_USER_SCHEMA_ID]) ? [USER_SCHEMA_ID, ENTERPRISE_USER_SCHEMA_ID] : [USER_SCHEMA_ID],
    id: u.id,
    ...(u.externalId ? { externalId: u.externalId.id } : {}),
    userName: u.userName,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...(u.displayName !== null ? { displayName: u.displayName } : {}),
    active: u.status === 'Enabled',
    ...(emails.length > 0 ? { emails } : {}),
    ...rest,
  };
  if (opts.groups) out['groups'] = opts.groups;
  if (opts.baseUrl !== undefined) {
    out['meta'] = {
      resourceType: 'User',
      created: new Date(u.createTime).toISOString(),
      lastModified: new Date(u.updateTime).toISOString(),
      location: `${opts.baseUrl}/Users/${u.id}`,
      version: etagOf(u.version),
    };
  }
  return out;
}

export const etagOf = (version: number): string => `W/"${version}"`;
