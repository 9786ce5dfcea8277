import { actionRegistry, type Product } from '../../rpc/product.js';
import addUserToGroup from './actions/add-user-to-group.js';
import attachPolicyToGroup from './actions/attach-policy-to-group.js';
import attachPolicyToUser from './actions/attach-policy-to-user.js';
import createAccessKey from './actions/create-access-key.js';
import createGroup from './actions/create-group.js';
import createPolicy from './actions/create-policy.js';
import createUser from './actions/create-user.js';
import deleteAccessKey from './actions/delete-access-key.js';
import deleteGroup from './actions/delete-group.js';
import deletePolicy from './actions/delete-policy.js';
import deleteUser from './actions/delete-user.js';
import detachPolicyFromGroup from './actions/detach-policy-from-group.js';
import detachPolicyFromUser from './actions/detach-policy-from-user.js';
import getGroup from './actions/get-group.js';
import getPolicy from './actions/get-policy.js';
import getUser from './actions/get-user.js';
import listAccessKeys from './actions/list-access-keys.js';
import listEntitiesForPolicy from './actions/list-entities-for-policy.js';
import listGroups from './actions/list-groups.js';
import listGroupsForUser from './actions/list-groups-for-user.js';
import listPolicies from './actions/list-policies.js';
import listPoliciesForGroup from './actions/list-policies-for-group.js';
import listPoliciesForUser from './actions/list-policies-for-user.js';
import listUsers from './actions/list-users.js';
import listUsersForGroup from './actions/list-users-for-group.js';
import removeUserFromGroup from './actions/remove-user-from-group.js';
import updateAccessKey from './actions/update-access-key.js';
import updateGroup from './actions/update-group.js';
import updateUser from './actions/update-user.js';
import createRole from './actions/create-role.js';
import getRole from './actions/get-role.js';
import listRoles from './actions/list-roles.js';
import updateRole from './actions/update-role.js';
import deleteRole from './actions/delete-role.js';
import attachPolicyToRole from './actions/attach-policy-to-role.js';
import detachPolicyFromRole from './actions/detach-policy-from-role.js';
import listPoliciesForRole from './actions/list-policies-for-role.js';
import createSAMLProvider from './actions/create-saml-provider.js';
import getSAMLProvider from './actions/get-saml-provider.js';
import listSAMLProviders from './actions/list-saml-providers.js';
import deleteSAMLProvider from './actions/delete-saml-provider.js';
import { RAM_ERRORS } from './error-map.js';

/**
 * RAM (product `ram`, version 2015-05-01): the subset that manages the RAM users, AccessKeys,
 * groups, roles, SAML providers and policies of the caller's account (docs/decisions/0007-ram-api-and-authorization.md).
 * RAM's resources are global: its ARNs have no region.
 */
export const RAM: Product = {
  code: 'ram',
  version: '2015-05-01',
  actions: actionRegistry([
    createUser,
    getUser,
    listUsers,
    updateUser,
    deleteUser,
    createAccessKey,
    listAccessKeys,
    updateAccessKey,
    deleteAccessKey,
    createGroup,
    getGroup,
    listGroups,
    updateGroup,
    deleteGroup,
    addUserToGroup,
    removeUserFromGroup,
    listGroupsForUser,
    listUsersForGroup,
    createPolicy,
    getPolicy,
    listPolicies,
    deletePolicy,
    listEntitiesForPolicy,
    attachPolicyToUser,
    detachPolicyFromUser,
    attachPolicyToGroup,
    detachPolicyFromGroup,
    listPoliciesForUser,
    listPoliciesForGroup,
    createRole,
    getRole,
    listRoles,
    updateRole,
    deleteRole,
    attachPolicyToRole,
    detachPolicyFromRole,
    listPoliciesForRole,
    createSAMLProvider,
    getSAMLProvider,
    listSAMLProviders,
    deleteSAMLProvider,
  ]),
  arn: (s) => (relative) => `acs:ram::${s.accountId}:${relative}`,
  errors: RAM_ERRORS,
};
