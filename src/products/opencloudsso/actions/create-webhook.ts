import { Type } from '@sinclair/typebox';
import { createWebhook } from '../../../core/webhooks/endpoints.js';
import { defineAction } from '../../../rpc/action.js';
import { WebhookSchema, toWireWebhook } from '../wire.js';

/** The only response that carries the signing `Secret`; it is stored sealed and never shown again. */
export default defineAction({
  name: 'CreateWebhook',
  params: Type.Object({
    Url: Type.String({ minLength: 1, maxLength: 2048, errorMessage: 'it must be an http(s) URL of at most 2048 characters' }),
    Description: Type.Optional(Type.String({ maxLength: 256, errorMessage: 'it must be at most 256 characters' })),
    EventTypes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 })),
  }),
  response: Type.Object({ Webhook: Type.Composite([WebhookSchema, Type.Object({ Secret: Type.String() })]) }),
  ram: { accessLevel: 'create', resources: (_p, arn) => [arn('webhook/*')] },
  async handler(ctx, p) {
    const { webhook, secret } = await createWebhook(
      ctx.core,
      { url: p.Url, description: p.Description, eventTypes: p.EventTypes },
      { actor: ctx.actor, requestId: ctx.requestId, ...(ctx.request ? { request: ctx.request } : {}) },
    );
    return { Webhook: { ...toWireWebhook(webhook), Secret: secret } };
  },
});
