import { Type } from '@sinclair/typebox';
import { lookupEvents } from '../../../core/audit-trail.js';
import type { AuditAttribute } from '../../../core/ports/store.js';
import { defineAction } from '../../../rpc/action.js';
import { invalidParameter } from '../../../rpc/edge-errors.js';
import { EventSchema, toWireEvent, wireTime } from '../wire.js';

/** LookupAttribute.N.Key: ActionTrail's attribute names, and the column each filters. */
const KEYS = {
  EventName: 'eventName',
  EventId: 'eventId',
  ServiceName: 'serviceName',
  User: 'user',
  EventAccessKeyId: 'accessKeyId',
  ResourceType: 'resourceType',
  ResourceName: 'resourceName',
  EventRW: 'eventRW',
} as const satisfies Record<string, AuditAttribute>;

const DEFAULT_MAX_RESULTS = 20;
/** ActionTrail's default window: the seven days before EndTime. */
const DEFAULT_RANGE_MS = 7 * 24 * 60 * 60 * 1000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z$/;

function timeParam(name: 'StartTime' | 'EndTime', value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = ISO_UTC.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalidParameter(name, 'it must be a UTC time in ISO 8601 (YYYY-MM-DDThh:mm:ssZ)');
  return ms;
}

/**
 * ActionTrail 2020-07-06 LookupEvents over this server's audit trail: a time range (default the
 * last seven days), attribute conditions (several are ANDed; ActionTrail documents one),
 * newest first unless Direction=FORWARD, MaxResults (default 20, at most 50) and NextToken.
 */
export default defineAction({
  name: 'LookupEvents',
  params: Type.Object({
    StartTime: Type.Optional(Type.String({ maxLength: 64 })),
    EndTime: Type.Optional(Type.String({ maxLength: 64 })),
    LookupAttribute: Type.Optional(
      Type.Array(
        Type.Object({
          Key: Type.Union(Object.keys(KEYS).map((k) => Type.Literal(k))),
          Value: Type.String({ minLength: 1, maxLength: 256, errorMessage: 'it must be 1 to 256 characters' }),
        }),
        { maxItems: 8 },
      ),
    ),
    MaxResults: Type.Optional(Type.String({ pattern: '^(?:[0-9]|[1-4][0-9]|50)$', errorMessage: 'it must be an integer from 0 to 50' })),
    NextToken: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, errorMessage: 'it must be a NextToken returned by the previous call' })),
    Direction: Type.Optional(Type.Union([Type.Literal('BACKWARD'), Type.Literal('FORWARD')])),
  }),
  response: Type.Object({
    StartTime: Type.String(),
    EndTime: Type.String(),
    NextToken: Type.Optional(Type.String()),
    Events: Type.Array(EventSchema),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('*')] },
  async handler(ctx, p) {
    const endTime = timeParam('EndTime', p.EndTime) ?? ctx.core.clock.now();
    const startTime = timeParam('StartTime', p.StartTime) ?? endTime - DEFAULT_RANGE_MS;
    const where: Partial<Record<AuditAttribute, string>> = {};
    for (const a of p.LookupAttribute ?? []) {
      const attribute = KEYS[a.Key as keyof typeof KEYS];
      if (where[attribute] !== undefined) throw invalidParameter('LookupAttribute', `the key ${a.Key} is given twice`);
      where[attribute] = a.Value;
    }
    const maxResults = p.MaxResults === undefined || p.MaxResults === '0' ? DEFAULT_MAX_RESULTS : Number(p.MaxResults);
    // The token is bound to what the caller asked (not to the defaulted times, which move with the clock).
    const queryKey = JSON.stringify([p.StartTime ?? null, p.EndTime ?? null, where, p.Direction ?? 'BACKWARD']);
    const page = await lookupEvents(ctx.core, {
      startTime,
      endTime,
      where,
      direction: p.Direction ?? 'BACKWARD',
      maxResults,
      nextToken: p.NextToken,
      queryKey,
    });
    const settings = ctx.core.settings;
    return {
      StartTime: wireTime(startTime),
      EndTime: wireTime(endTime),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      Events: page.events.map((e) => toWireEvent(e, settings)),
    };
  },
});
