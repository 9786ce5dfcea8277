import type { Actor } from './model.js';
import type { AuditRequest } from './ports/store.js';

/**
 * Who makes a write, and through which door. Two kinds of writer change a directory: the
 * management API (`via: 'management'`), bound by CloudSSO's rules for SCIM-synchronized entities,
 * and the SCIM edge (`via: 'scim'`), the IdP that owns them. Every write names its actor and the
 * request in the audit trail (core/audit.ts).
 */
export interface Provenance {
  readonly via: 'management' | 'scim';
  readonly actor: Actor;
  readonly requestId?: string | null;
  /** The request as the edge saw it, for the audit trail (source IP, parameters, ...). */
  readonly request?: AuditRequest;
}

/** What the audit trail needs of any writer (RAM writes have no `via`: they are not directory data). */
export interface AuditedBy {
  readonly actor: Actor;
  readonly requestId?: string | null;
  readonly request?: AuditRequest;
}

/**
 * The server itself (bootstrap, the CLI, test set-up): a management-side writer with no request.
 * Product actions always pass their own provenance.
 */
export const SYSTEM: Provenance = { via: 'management', actor: { type: 'system', id: 'cloudsso' }, requestId: null };
