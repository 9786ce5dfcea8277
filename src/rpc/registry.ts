import type { ActionDefinition } from './action.js';
import createDirectory from './actions/create-directory.js';
import createSCIMServerCredential from './actions/create-scim-server-credential.js';
import deleteDirectory from './actions/delete-directory.js';
import deleteSCIMServerCredential from './actions/delete-scim-server-credential.js';
import getDirectory from './actions/get-directory.js';
import getDirectoryStatistics from './actions/get-directory-statistics.js';
import getSCIMSynchronizationStatus from './actions/get-scim-synchronization-status.js';
import listDirectories from './actions/list-directories.js';
import listSCIMServerCredentials from './actions/list-scim-server-credentials.js';
import setSCIMSynchronizationStatus from './actions/set-scim-synchronization-status.js';
import updateDirectory from './actions/update-directory.js';
import updateSCIMServerCredentialStatus from './actions/update-scim-server-credential-status.js';

/** Every management API action, by wire name. */
const ACTIONS: readonly ActionDefinition<any, any>[] = [
  // Directory
  createDirectory,
  getDirectory,
  listDirectories,
  updateDirectory,
  deleteDirectory,
  getDirectoryStatistics,
  // SCIM credentials and synchronization
  createSCIMServerCredential,
  listSCIMServerCredentials,
  updateSCIMServerCredentialStatus,
  deleteSCIMServerCredential,
  getSCIMSynchronizationStatus,
  setSCIMSynchronizationStatus,
];

export const ACTION_REGISTRY: ReadonlyMap<string, ActionDefinition<any, any>> = new Map(ACTIONS.map((a) => [a.name, a]));
