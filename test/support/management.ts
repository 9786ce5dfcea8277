import type { Store } from '../../src/core/ports/store.js';
import type { CoreContext } from '../../src/core/context.js';
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
