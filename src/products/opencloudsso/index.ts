import { actionRegistry, type Product } from '../../rpc/product.js';
import { COMMON_ERRORS } from '../common/errors.js';
import createWebhook from './actions/create-webhook.js';
import deleteWebhook from './actions/delete-webhook.js';
import getWebhook from './actions/get-webhook.js';
import listWebhookDeliveries from './actions/list-webhook-deliveries.js';
import listWebhooks from './actions/list-webhooks.js';

/**
 * Open CloudSSO's own extensions (product `opencloudsso`, version 2026-12-01): actions Alibaba
 * Cloud does not have, kept out of CloudSSO's namespace so that no CloudSSO client or policy
 * mistakes them for Alibaba's. Signed like every other call; RAM actions `opencloudsso:<Action>`
 * on `acs:opencloudsso::<account>:webhook/<id>` (docs/decisions/0190-webhooks.md).
 */
export const OPEN_CLOUDSSO: Product = {
  code: 'opencloudsso',
  version: '2026-12-01',
  actions: actionRegistry([createWebhook, listWebhooks, getWebhook, deleteWebhook, listWebhookDeliveries]),
  arn: (s) => (relative) => `acs:opencloudsso::${s.accountId}:${relative}`,
  errors: COMMON_ERRORS,
};
