import type { CoreContext } from '../context.js';
import type { Store } from '../ports/store.js';

/**
 * Audit events of the user portal, in the trail ActionTrail's LookupEvents reads (service
 * `cloudsso`): who (the CloudSSO user as principal, `cloudsso-user`), from where (source address,
 * user agent), what (`PortalSignIn`, `PortalSignOut`, `PortalBindMFADevice`, ...), and for a
 * refusal the code and message the portal decided on. Never a password, code or secret.
 */
export interface PortalRequestInfo {
  /** The client address (request.ip through the trusted-proxy logic). */
  readonly sourceIp: string;
  readonly userAgent?: string | undefined;
  readonly requestId?: string | undefined;
}

export interface PortalAuditEvent {
  readonly directoryId: string;
  readonly action: string;
  readonly userId?: string | null;
  /** The name typed or asserted (also for an unknown user: the trail shows who was tried). */
  readonly userName: string;
  readonly request: PortalRequestInfo;
  readonly parameters?: Record<string, unknown>;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export const PORTAL_ACTOR = { type: 'system', id: 'portal' } as const;

export async function recordPortalEvent(ctx: Pick<CoreContext, 'clock'>, store: Store, e: PortalAuditEvent): Promise<void> {
  await store.audit.record({
    directoryId: e.directoryId,
    time: ctx.clock.now(),
    actorType: PORTAL_ACTOR.type,
    actorId: PORTAL_ACTOR.id,
    action: e.action,
    resourceType: 'user',
    resourceId: e.userId ?? null,
    requestId: e.request.requestId ?? null,
    request: {
      service: 'cloudsso',
      apiVersion: '2021-05-15',
      sourceIp: e.request.sourceIp,
      userAgent: e.request.userAgent,
      principal: { type: 'cloudsso-user', id: e.userId ?? '', name: e.userName.slice(0, 128) },
      parameters: { DirectoryId: e.directoryId, UserName: e.userName.slice(0, 128), ...e.parameters },
    },
    eventRW: 'Write',
    errorCode: e.errorCode ?? null,
    errorMessage: e.errorMessage ?? null,
  });
}
