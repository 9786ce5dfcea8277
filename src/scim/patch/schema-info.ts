/**
 * ResourceSchemaInfo for the two resource types of RFC 7643 §4, as this server stores them. The
 * SCIM resource layer may build its own from its schema registry; these are the defaults.
 */
import { ENTERPRISE_USER } from './target.js';
import type { ResourceSchemaInfo } from './types.js';

export const USER_PATCH_INFO: ResourceSchemaInfo = {
  coreSchema: 'urn:ietf:params:scim:schemas:core:2.0:user',
  multiValued: new Set(['emails', 'phonenumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509certificates']),
  // RFC 7643 §4.1: `groups` is readOnly ("changes ... are made via the Group resource").
  readOnly: new Set(['id', 'groups']),
  booleans: new Set(['active']),
  extensions: new Map([[ENTERPRISE_USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']]),
  // RFC 7643 §4.3 attributes, reachable without the URN (Entra tutorial Example 5: path "manager").
  extensionAttributes: new Map(
    ['employeenumber', 'costcenter', 'organization', 'division', 'department', 'manager'].map((n) => [n, ENTERPRISE_USER]),
  ),
};

export const GROUP_PATCH_INFO: ResourceSchemaInfo = {
  coreSchema: 'urn:ietf:params:scim:schemas:core:2.0:group',
  multiValued: new Set(['members']),
  readOnly: new Set(['id']),
  booleans: new Set(),
  extensions: new Map(),
  external: new Set(['members']),
};
