import { Type } from '@sinclair/typebox';
import { deleteWebhook } from '../../../core/webhooks/endpoints.js';
import { defineAction } from '../../../rpc/action.js';
import { WebhookIdParam } from '../wire.js';

/** Deletes the webhook with its pending deliveries and its delivery log. */
export default defineAction({
  name: 'DeleteWebhook',
  params: Type.Object({ WebhookId: WebhookIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`webhook/${p.WebhookId}`)] },
  async handler(ctx, p) {
    await deleteWebhook(ctx.core, p.WebhookId, { actor: ctx.actor, requestId: ctx.requestId, ...(ctx.request ? { request: ctx.request } : {}) });
    return {};
  },
});
