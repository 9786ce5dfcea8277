import { newId } from '../../src/core/ids.js';
import type { User } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports/store.js';
import type { CoreContext } from '../../src/core/context.js';
import { userInsertRow } from '../../src/store/repos/users.js';
import { makeClient, type ApiClient, type ClientMode } from './clients.js';
import { startTestServer, type DialectName, type TestServer } from './server.js';

/** The two client families issue 4 names: the ACS3 OpenAPI client and the V1 pop-core client. */
export const MANAGEMENT_MODES = ['openapi-client ACS3', 'pop-core POST'] as const satisfies readonly ClientMode[];

/** A server on which each test may create its own directory (CloudSSO allows one; tests want many). */
export async function startManagementServer(dialect: DialectName, env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '1000', ...env } });
}

export function client(node: TestServer, mode: ClientMode = 'openapi-client ACS3'): ApiClient {
  return makeClient(mode, { endpoint: node.endpoint, key: node.rootKey });
}

/** The server's own core: to seed data in bulk, or as an IdP would through SCIM. */
export function coreOf(node: TestServer): CoreContext {
  return node.server.runtime.core;
}

export function storeOf(node: TestServer): Store {
  return coreOf(node).store;
}

let directories = 0;
/** A fresh directory with a unique name. */
export async function newDirectory(api: ApiClient, prefix = 'dir'): Promise<string> {
  const name = `${prefix}-${process.pid}-${++directories}-${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  return (await api.call('CreateDirectory', { DirectoryName: name.slice(0, 64) })).Directory.DirectoryId as string;
}

/** A Manual user as CreateUser would store it, created at `time` (its ID sorts by that time). */
export function manualUser(directoryId: string, userName: string, time: number): User {
  return {
    id: newId('u', time),
    directoryId,
    userName,
    displayName: null,
    firstName: null,
    lastName: null,
    email: null,
    description: null,
    status: 'Enabled',
    provisionType: 'Manual',
    externalId: null,
    scim: null,
    version: 1,
    createTime: time,
    updateTime: time,
  };
}

/** A RAM user's row in the account the tests' servers run as (its name is its own folded key). */
export function ramUserRow(id: string, name: string, accountId = '1234567890123456') {
  return { id, account_id: accountId, name, name_key: name, display_name: null, comments: null, email: null, mobile_phone: null, create_time: 1, update_time: 1, last_login_time: null };
}

/** A synchronized group's row as the store keeps it, for bulk inserts straight into the table. */
export function groupRow(id: string, directoryId: string, name: string) {
  return {
    id,
    directory_id: directoryId,
    name,
    name_key: name.toLowerCase(),
    description: null,
    provision_type: 'Synchronized',
    external_id: null,
    scim: null,
    create_time: 1,
    update_time: 1,
  };
}

/**
 * Stores users in bulk, the rows exactly as `users.insert` writes them, in one transaction of
 * multi-row INSERTs: one statement (and on PostgreSQL one firing of the statement-level counter
 * trigger) per 500 users instead of a round trip and a directory-row update per user.
 */
export async function seedUsers(node: TestServer, users: readonly User[]): Promise<void> {
  await node.server.runtime.db.db.transaction().execute(async (tx) => {
    for (let i = 0; i < users.length; i += 500) {
      await tx
        .insertInto('users')
        .values(users.slice(i, i + 500).map((u) => userInsertRow(u)))
        .execute();
    }
  });
}
