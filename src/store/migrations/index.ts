import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-scim-keys.js';
import * as m0003 from './0003-password-history.js';
import * as m0004 from './0004-directory-counters.js';
import * as m0020 from './0020-auth-failures.js';
import * as m0030 from './0030-ram-profile-fields.js';
import * as m0050 from './0050-audit-trail.js';
import * as m0060 from './0060-accounts-and-per-account-ram.js';
import * as m0090 from './0090-sign-in.js';
import * as m0100 from './0100-tasks.js';
import * as m0110 from './0110-access-configurations.js';
import * as m0120 from './0120-portal-sessions.js';
import * as m0125 from './0125-saml-replay.js';
import * as m0130 from './0130-portal-api.js';
import * as m0150 from './0150-cloudsso-service.js';
import * as m0160 from './0160-user-provisioning.js';
import * as m0170 from './0170-webhooks.js';
import * as m0180 from './0180-portal-token-selection.js';
import * as m0190 from './0190-ram-group-members-by-user.js';

/** Every migration, in order. Append only: a merged migration is permanent history. */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-scim-keys': m0002,
  '0003-password-history': m0003,
  '0004-directory-counters': m0004,
  '0020-auth-failures': m0020,
  '0030-ram-profile-fields': m0030,
  '0050-audit-trail': m0050,
  '0060-accounts-and-per-account-ram': m0060,
  '0090-sign-in': m0090,
  '0100-tasks': m0100,
  '0110-access-configurations': m0110,
  '0120-portal-sessions': m0120,
  '0125-saml-replay': m0125,
  '0130-portal-api': m0130,
  '0150-cloudsso-service': m0150,
  '0160-user-provisioning': m0160,
  '0170-webhooks': m0170,
  '0180-portal-token-selection': m0180,
  '0190-ram-group-members-by-user': m0190,
};
