import type { CoreContext } from './context.js';
import { DomainError } from './errors.js';
import type { Actor } from './model.js';
import { decodeNextToken, encodeNextToken } from './paging.js';
import type { AuditAttribute, AuditRequest, StoredAuditEvent } from './ports/store.js';

/**
 * The audit trail read back (ActionTrail's LookupEvents), failed calls written to it, and its
 * retention (docs/decisions/0055-audit-trail.md). Successful writes are recorded by the core
 * write itself, in its own transaction.
 */

/** Names that hold a secret wherever they appear: never stored in an event's parameters. */
const SECRET_NAME = /password|secret|signature|token|authorization/i;
/**
 * Named like secrets but holding none: the paging cursor, and the password policy's knobs and
 * switches (numbers and booleans about passwords, which an auditor needs to read).
 */
const NOT_SECRET = new Set([
  'nexttoken',
  'minpasswordlength',
  'maxpasswordlength',
  'minpassworddifferentchars',
  'maxpasswordage',
  'passwordreuseprevention',
  'passwordnotcontainusername',
  'requirepasswordresetfornextlogin',
  'generaterandompassword',
]);
const REDACTED = '[redacted]';

/**
 * A copy of request parameters (flat RPC ones, or a SCIM body) without secrets: every value under
 * a secret-like name, and the value of a SCIM PATCH operation whose path is one (`"path":
 * "password"`), becomes `[redacted]`, at any depth.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const secretPath = typeof obj['path'] === 'string' && isSecretName(obj['path']);
  for (const [k, v] of Object.entries(obj)) {
    out[k] = isSecretName(k) || (secretPath && k.toLowerCase() === 'value') ? REDACTED : redactSecrets(v);
  }
  return out;
}

function isSecretName(name: string): boolean {
  // A dotted RPC name (`Tags.1.Key`) or a SCIM path (`urn:...:User:password`) is judged by its last part.
  const last = name.split(/[.:]/).pop() ?? name;
  return !NOT_SECRET.has(last.toLowerCase()) && SECRET_NAME.test(last);
}

export interface FailedCall {
  readonly eventName: string;
  readonly actor: Actor;
  readonly request: AuditRequest;
  readonly requestId: string;
  readonly eventRW: 'Read' | 'Write';
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly directoryId?: string | null;
  readonly resourceType?: string;
  readonly resourceId?: string | null;
}

/** A call that failed after its caller was authenticated: nothing else was recorded for it. */
export async function recordFailedCall(ctx: CoreContext, f: FailedCall): Promise<void> {
  await ctx.store.audit.record({
    directoryId: f.directoryId ?? null,
    time: ctx.clock.now(),
    actorType: f.actor.type,
    actorId: f.actor.id,
    action: f.eventName,
    resourceType: f.resourceType ?? 'request',
    resourceId: f.resourceId ?? null,
    requestId: f.requestId,
    request: f.request,
    eventRW: f.eventRW,
    errorCode: f.errorCode,
    errorMessage: f.errorMessage,
  });
}

export interface EventLookup {
  readonly startTime: number;
  readonly endTime: number;
  readonly where: Partial<Record<AuditAttribute, string>>;
  readonly direction: 'BACKWARD' | 'FORWARD';
  readonly maxResults: number;
  readonly nextToken?: string | undefined;
  /** What the caller asked, for binding the NextToken to the same query. */
  readonly queryKey: string;
}

export interface EventPage {
  readonly events: StoredAuditEvent[];
  readonly nextToken?: string;
}

/** Events in a time range matching every attribute, newest first unless FORWARD, keyset-paged. */
export async function lookupEvents(ctx: CoreContext, q: EventLookup): Promise<EventPage> {
  if (q.endTime < q.startTime) {
    throw new DomainError('InvalidParameter', 'EndTime must not be earlier than StartTime.', { field: 'EndTime' });
  }
  let after: { time: number; eventId: string } | undefined;
  if (q.nextToken) {
    const cursor = decodeNextToken(ctx, `audit\n${q.queryKey}`, q.nextToken);
    const colon = cursor.indexOf(':');
    after = { time: Number(cursor.slice(0, colon)), eventId: cursor.slice(colon + 1) };
  }
  const rows = await ctx.store.audit.lookup({
    startTime: q.startTime,
    endTime: q.endTime,
    where: q.where,
    direction: q.direction,
    after,
    limit: q.maxResults + 1,
  });
  const events = rows.slice(0, q.maxResults);
  const last = events[events.length - 1];
  if (rows.length <= q.maxResults || !last) return { events };
  return { events, nextToken: encodeNextToken(ctx, `audit\n${q.queryKey}`, `${last.time}:${last.eventId}`) };
}

const PRUNE_BATCH = 1000;
/** One pruning run stops after this many batches; the next run continues. */
const PRUNE_MAX_BATCHES = 100;

/** Deletes events older than the retention period, in small batches; returns how many. */
export async function pruneAuditTrail(ctx: CoreContext, retentionDays: number): Promise<number> {
  if (retentionDays <= 0) return 0;
  const before = ctx.clock.now() - retentionDays * 24 * 60 * 60 * 1000;
  let total = 0;
  for (let i = 0; i < PRUNE_MAX_BATCHES; i++) {
    const n = await ctx.store.audit.prune(before, PRUNE_BATCH);
    total += n;
    if (n < PRUNE_BATCH) break;
  }
  return total;
}
