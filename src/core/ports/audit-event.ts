/**
 * One audit event as the core records it (ActionTrail's record, docs/decisions/0055-audit-trail.md):
 * data alone, so that every port whose writes carry their audit row can name it.
 */
export interface AuditEvent {
  readonly directoryId: string | null;
  readonly time: number;
  readonly actorType: string;
  readonly actorId: string;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly requestId: string | null;
  /** The request the event came from, as its edge saw it (absent for events of no request). */
  readonly request?: AuditRequest | undefined;
  /** `Read` or `Write` (the default: the core records writes). */
  readonly eventRW?: 'Read' | 'Write' | undefined;
  /** Set on a failed call: the code and message the caller received. */
  readonly errorCode?: string | null | undefined;
  readonly errorMessage?: string | null | undefined;
}

/**
 * Who called and how, as ActionTrail records it for an event (docs/decisions/0055-audit-trail.md).
 * The edges build it; `parameters` never holds a secret, password, signature or token.
 */
export interface AuditRequest {
  /** `cloudsso`, `ram`, `scim`, `actiontrail`. */
  readonly service: string;
  readonly apiVersion?: string | undefined;
  readonly sourceIp?: string | undefined;
  readonly userAgent?: string | undefined;
  /** The AccessKey ID, or the SCIM credential ID an IdP authenticated with. */
  readonly accessKeyId?: string | undefined;
  /** ActionTrail's userIdentity: `root-account`, `ram-user`, `scim-credential`. */
  readonly principal?: { readonly type: string; readonly id: string; readonly name: string } | undefined;
  readonly parameters?: Record<string, unknown> | undefined;
}
