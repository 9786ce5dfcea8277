import { actionRegistry, type Product } from '../../rpc/product.js';
import { COMMON_ERRORS } from '../common/errors.js';
import createResourceAccount from './actions/create-resource-account.js';
import deleteAccount from './actions/delete-account.js';
import enableResourceDirectory from './actions/enable-resource-directory.js';
import getAccount from './actions/get-account.js';
import getResourceDirectory from './actions/get-resource-directory.js';
import listAccounts from './actions/list-accounts.js';
import updateAccount from './actions/update-account.js';

/**
 * Resource Directory, the part of Resource Manager (product `ResourceManager`, RAM code
 * `resourcemanager`, version 2020-03-31) that makes member accounts
 * (docs/decisions/0060-accounts-and-per-account-ram.md). Its resources are global: no region.
 */
export const RESOURCE_MANAGER: Product = {
  code: 'resourcemanager',
  version: '2020-03-31',
  actions: actionRegistry([
    enableResourceDirectory,
    getResourceDirectory,
    createResourceAccount,
    listAccounts,
    getAccount,
    updateAccount,
    deleteAccount,
  ]),
  arn: (s) => (relative) => `acs:resourcemanager::${s.accountId}:${relative}`,
  errors: COMMON_ERRORS,
};
