import { Type } from '@sinclair/typebox';
import { getWebhook } from '../../../core/webhooks/endpoints.js';
import { defineAction } from '../../../rpc/action.js';
import { WebhookIdParam, WebhookSchema, toWireWebhook } from '../wire.js';

export default defineAction({
  name: 'GetWebhook',
  params: Type.Object({ WebhookId: WebhookIdParam }),
  response: Type.Object({ Webhook: WebhookSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`webhook/${p.WebhookId}`)] },
  async handler(ctx, p) {
    return { Webhook: toWireWebhook(await getWebhook(ctx.core, p.WebhookId)) };
  },
});
