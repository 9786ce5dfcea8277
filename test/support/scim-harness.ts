import { createDirectory, setScimSynchronization } from '../../src/core/directories.js';
import { createSCIMServerCredential } from '../../src/core/scim-credentials.js';
import type { CoreContext } from '../../src/core/context.js';
import { startTestServer, type DialectName, type TestServer } from './server.js';

/**
 * A server on a real port with one directory, SCIM sync on and one SCIM credential: what an
 * administrator sets up before pointing an IdP at /scim/v2.
 */
export interface ScimTarget {
  readonly node: TestServer;
  readonly core: CoreContext;
  readonly directoryId: string;
  readonly credentialId: string;
  readonly token: string;
  /** `http://127.0.0.1:<port>/scim/v2` */
  readonly base: string;
  close(): Promise<void>;
}

export async function startScimTarget(dialect: DialectName, env?: Record<string, string>): Promise<ScimTarget> {
  const node = await startTestServer(dialect, env ? { env } : {});
  return scimTargetOn(node, `scim-${dialect}`);
}

/** A directory named `name` on a running server, with SCIM sync on and one SCIM credential. */
export async function scimTargetOn(node: TestServer, name: string): Promise<ScimTarget> {
  const core = node.server.runtime.core;
  const d = await createDirectory(core, { name });
  await setScimSynchronization(core, d.id, true);
  const { credential, secret } = await createSCIMServerCredential(core, d.id);
  return { node, core, directoryId: d.id, credentialId: credential.id, token: secret, base: `${node.url}/scim/v2`, close: () => node.close() };
}

export interface Res {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

/** An IdP's request: bearer token, SCIM media type, JSON body. */
export async function scim(t: ScimTarget, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(`${t.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${t.token}`,
      accept: 'application/scim+json',
      ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export const patchOp = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

export async function createScimUser(t: ScimTarget, userName: string, extra: Record<string, unknown> = {}): Promise<any> {
  const r = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName, active: true, ...extra });
  if (r.status !== 201) throw new Error(`POST /Users ${userName}: ${r.status} ${r.text}`);
  return r.json;
}

export async function createScimGroup(t: ScimTarget, displayName: string, members: string[] = []): Promise<any> {
  const r = await scim(t, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) });
  if (r.status !== 201) throw new Error(`POST /Groups ${displayName}: ${r.status} ${r.text}`);
  return r.json;
}
