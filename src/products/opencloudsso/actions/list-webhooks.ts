import { Type } from '@sinclair/typebox';
import { listWebhooks } from '../../../core/webhooks/endpoints.js';
import { defineAction } from '../../../rpc/action.js';
import { WebhookSchema, toWireWebhook } from '../wire.js';

/** Not paginated: a server has at most 20 webhooks. */
export default defineAction({
  name: 'ListWebhooks',
  params: Type.Object({}),
  response: Type.Object({ TotalCounts: Type.Integer(), Webhooks: Type.Array(WebhookSchema) }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('webhook/*')] },
  async handler(ctx) {
    const all = await listWebhooks(ctx.core);
    return { TotalCounts: all.length, Webhooks: all.map(toWireWebhook) };
  },
});
