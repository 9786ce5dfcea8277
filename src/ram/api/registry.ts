import type { ActionDefinition } from '../../rpc/action.js';
import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from './actions/access-keys.js';
import {
  attachPolicyToGroup,
  attachPolicyToUser,
  detachPolicyFromGroup,
  detachPolicyFromUser,
  listPoliciesForGroup,
  listPoliciesForUser,
} from './actions/attachments.js';
import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  listUsersForGroup,
  removeUserFromGroup,
} from './actions/groups.js';
import { createPolicy, deletePolicy, getPolicy, listEntitiesForPolicy, listPolicies } from './actions/policies.js';
import { createUser, deleteUser, getUser, listUsers } from './actions/users.js';

/** The RAM API (product `ram`, version 2015-05-01) subset this server serves, by wire name. */
export const RAM_API_VERSION = '2015-05-01';

const ACTIONS: readonly ActionDefinition<any, any>[] = [
  // Users
  createUser,
  getUser,
  listUsers,
  deleteUser,
  // AccessKeys
  createAccessKey,
  listAccessKeys,
  updateAccessKey,
  deleteAccessKey,
  // Groups and membership
  createGroup,
  getGroup,
  listGroups,
  deleteGroup,
  addUserToGroup,
  removeUserFromGroup,
  listGroupsForUser,
  listUsersForGroup,
  // Policies and attachments
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
];

export const RAM_ACTION_REGISTRY: ReadonlyMap<string, ActionDefinition<any, any>> = new Map(ACTIONS.map((a) => [a.name, a]));
