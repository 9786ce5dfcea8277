import { actionRegistry, type Product } from '../../rpc/product.js';
import { COMMON_ERRORS } from '../common/errors.js';
import lookupEvents from './actions/lookup-events.js';

/**
 * ActionTrail (product `actiontrail`, version 2020-07-06): this server's audit trail, read as
 * ActionTrail's event history (docs/decisions/0055-audit-trail.md). Its RAM action is
 * `actiontrail:LookupEvents` on `acs:actiontrail:<region>:<account>:*`.
 */
export const ACTIONTRAIL: Product = {
  code: 'actiontrail',
  version: '2020-07-06',
  actions: actionRegistry([lookupEvents]),
  arn: (s) => (relative) => `acs:actiontrail:${s.regionId}:${s.accountId}:${relative}`,
  // Only InvalidParameter.* and InvalidParameter.NextToken can arise; the common wording fits.
  errors: COMMON_ERRORS,
};
