import { Type } from '@sinclair/typebox';
import type { StoredAuditEvent } from '../../core/ports/store.js';
import type { ArnSettings } from '../../rpc/product.js';

/**
 * An audit event as ActionTrail's event log writes one (the fields its SDK reads: eventName,
 * eventTime, userIdentity with accessKeyId and principalId, sourceIpAddress, requestParameters,
 * serviceName, errorCode, ...). Field names are ActionTrail's, camel-cased as in its event log.
 */
export const EventSchema = Type.Object({
  eventId: Type.String(),
  eventVersion: Type.String(),
  eventType: Type.String(),
  eventCategory: Type.String(),
  eventName: Type.String(),
  eventRW: Type.String(),
  eventTime: Type.String(),
  acsRegion: Type.String(),
  recipientAccountId: Type.String(),
  serviceName: Type.String(),
  apiVersion: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String()),
  sourceIpAddress: Type.Optional(Type.String()),
  userAgent: Type.Optional(Type.String()),
  userIdentity: Type.Object({
    type: Type.String(),
    principalId: Type.String(),
    accountId: Type.String(),
    accessKeyId: Type.Optional(Type.String()),
    userName: Type.Optional(Type.String()),
  }),
  requestParameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  resourceType: Type.Optional(Type.String()),
  resourceName: Type.Optional(Type.String()),
  errorCode: Type.Optional(Type.String()),
  errorMessage: Type.Optional(Type.String()),
});

/** ActionTrail's time format: ISO 8601 in UTC, to the second. */
export const wireTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Events written before the audit trail kept a principal know only the kind of actor. */
const LEGACY_TYPE: Record<string, string> = { 'access-key': 'access-key', 'scim-credential': 'scim-credential', system: 'system' };

export function toWireEvent(e: StoredAuditEvent, s: ArnSettings) {
  const r = e.request;
  const principal = r?.principal;
  return {
    eventId: e.eventId,
    eventVersion: '1',
    eventType: 'ApiCall',
    eventCategory: 'Management',
    eventName: e.eventName,
    eventRW: e.eventRW,
    eventTime: wireTime(e.time),
    acsRegion: s.regionId,
    recipientAccountId: s.accountId,
    serviceName: e.serviceName,
    ...(r?.apiVersion ? { apiVersion: r.apiVersion } : {}),
    ...(e.requestId ? { requestId: e.requestId } : {}),
    ...(r?.sourceIp ? { sourceIpAddress: r.sourceIp } : {}),
    ...(r?.userAgent ? { userAgent: r.userAgent } : {}),
    userIdentity: {
      type: principal?.type ?? LEGACY_TYPE[e.actorType] ?? e.actorType,
      principalId: principal?.id ?? e.actorId,
      accountId: s.accountId,
      ...(r?.accessKeyId ? { accessKeyId: r.accessKeyId } : {}),
      ...(principal?.name ? { userName: principal.name } : {}),
    },
    ...(r?.parameters ? { requestParameters: r.parameters } : {}),
    ...(e.resourceType ? { resourceType: e.resourceType } : {}),
    ...(e.resourceId ? { resourceName: e.resourceId } : {}),
    ...(e.errorCode ? { errorCode: e.errorCode, errorMessage: e.errorMessage ?? '' } : {}),
  };
}
