import { actionRegistry, type Product } from '../../rpc/product.js';
import type { ErrorTable } from '../../rpc/error-map.js';
import { COMMON_ERRORS } from '../common/errors.js';
import assumeRole from './actions/assume-role.js';
import getCallerIdentity from './actions/get-caller-identity.js';

/**
 * STS (product `Sts`, RAM code `sts`, version 2015-04-01): AssumeRole and GetCallerIdentity
 * (docs/decisions/0063-sts.md). The credentials AssumeRole returns sign requests to every product
 * this server serves.
 */
export const STS_ERRORS: ErrorTable = {
  ...COMMON_ERRORS,
  RamRoleNotFound: { code: 'EntityNotExist.Role', status: 404 },
};

export const STS: Product = {
  code: 'sts',
  version: '2015-04-01',
  actions: actionRegistry([assumeRole, getCallerIdentity]),
  arn: (s) => (relative) => `acs:sts::${s.accountId}:${relative}`,
  errors: STS_ERRORS,
};
