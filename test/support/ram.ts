import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { ApiFailure } from './clients.js';
import type { AccessKeyPair } from './server.js';

/**
 * The typed RAM SDK (@alicloud/ram20150501, on @alicloud/openapi-core) against our server, and
 * helpers that set up RAM users with policies through it. CommonJS, loaded with require as its
 * documentation does.
 */
const require = createRequire(import.meta.url);
export const Ram = require('@alicloud/ram20150501');
const Core = require('@alicloud/openapi-core');

export type RamClient = any;

export function ramClient(endpoint: string, key: AccessKeyPair): RamClient {
  return new Ram.default(
    new Core.$OpenApiUtil.Config({ accessKeyId: key.id, accessKeySecret: key.secret, endpoint, protocol: 'http', regionId: 'cn-shanghai' }),
  );
}

export const ARN = (relative: string) => `acs:cloudsso:cn-shanghai:1234567890123456:${relative}`;

export function policyDocument(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '1', Statement: statements });
}

/** A RAM user with one AccessKey and the given policies attached (each created under its name). */
export async function ramUserWith(ram: RamClient, userName: string, policies: Record<string, string> = {}): Promise<AccessKeyPair> {
  await ram.createUser(new Ram.CreateUserRequest({ userName }));
  const created = await ram.createAccessKey(new Ram.CreateAccessKeyRequest({ userName }));
  for (const [policyName, policyDocument] of Object.entries(policies)) {
    await ram.createPolicy(new Ram.CreatePolicyRequest({ policyName, policyDocument }));
    await ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName, userName }));
  }
  return { id: created.body.accessKey.accessKeyId, secret: created.body.accessKey.accessKeySecret };
}

/** Rejects like the SDK does; resolves to what it threw. */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

export interface DeniedExpectation {
  readonly action: string;
  readonly resources: readonly string[];
  readonly userName: string;
  readonly type: 'ImplicitDeny' | 'ExplicitDeny';
  readonly denyingPolicy?: { readonly PolicyName: string; readonly StatementIndex: number };
}

/** A 403 NoPermission with an AccessDeniedDetail whose diagnostic explains the decision. */
export function expectDenied(f: ApiFailure, e: DeniedExpectation): Record<string, any> {
  expect({ code: f.code, status: f.status, bodyCode: f.body.Code }).toEqual({ code: 'NoPermission', status: 403, bodyCode: 'NoPermission' });
  expect(f.body.Message).toContain(`You are not authorized to do action: ${e.action}`);
  const detail = f.body.AccessDeniedDetail;
  expect(detail).toMatchObject({
    AuthAction: e.action,
    AuthPrincipalType: 'SubUser',
    AuthPrincipalOwnerId: '1234567890123456',
    AuthPrincipalDisplayName: e.userName,
    PolicyType: 'AccountLevelIdentityBasedPolicy',
    NoPermissionType: e.type,
  });
  const diagnostic = JSON.parse(Buffer.from(detail.EncodedDiagnosticMessage, 'base64').toString('utf8'));
  expect(diagnostic).toMatchObject({ AuthAction: e.action, AuthResources: e.resources, NoPermissionType: e.type });
  expect(diagnostic.AuthPrincipal.UserName).toBe(e.userName);
  if (e.denyingPolicy) expect(diagnostic.DenyingPolicy).toMatchObject(e.denyingPolicy);
  else expect(diagnostic.DenyingPolicy).toBeUndefined();
  // Policies' content never leaves: no Effect/Statement text in the body.
  expect(JSON.stringify(diagnostic)).not.toMatch(/"Statement"|"Effect"/);
  return diagnostic;
}
