import { Type } from '@sinclair/typebox';
import { ID_PATTERNS } from '../../../core/ids.js';
import { WEBHOOK_DELIVERY_STATUSES } from '../../../core/ports/webhooks.js';
import { listWebhookDeliveries } from '../../../core/webhooks/endpoints.js';
import { defineAction } from '../../../rpc/action.js';
import { DeliverySchema, WebhookIdParam, toWireDelivery } from '../wire.js';

/** The delivery log of one webhook, newest first, each delivery with its attempts. */
export default defineAction({
  name: 'ListWebhookDeliveries',
  params: Type.Object({
    WebhookId: WebhookIdParam,
    Status: Type.Optional(Type.Union(WEBHOOK_DELIVERY_STATUSES.map((s) => Type.Literal(s)))),
    EventId: Type.Optional(Type.String({ pattern: ID_PATTERNS.webhookEvent.source, errorMessage: 'it must be an event ID such as evt-00000000000000000000' })),
    MaxResults: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|100)$', errorMessage: 'it must be an integer from 1 to 100' })),
    NextToken: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, errorMessage: 'it must be a NextToken returned by the previous call' })),
  }),
  response: Type.Object({ NextToken: Type.Optional(Type.String()), Deliveries: Type.Array(DeliverySchema) }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`webhook/${p.WebhookId}`)] },
  async handler(ctx, p) {
    const page = await listWebhookDeliveries(
      ctx.core,
      p.WebhookId,
      { status: p.Status, eventId: p.EventId },
      { maxResults: p.MaxResults === undefined ? 20 : Number(p.MaxResults), nextToken: p.NextToken },
    );
    return { ...(page.nextToken ? { NextToken: page.nextToken } : {}), Deliveries: page.deliveries.map(toWireDelivery) };
  },
});
