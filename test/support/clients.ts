import { createRequire } from 'node:module';
import type { AccessKeyPair } from './server.js';

/**
 * The real Alibaba Cloud SDK clients, configured exactly as alibaba-sdk-protocol.md §8 shows, behind
 * one tiny interface so a single test body runs with every client mode:
 * - @alicloud/openapi-client and @alicloud/openapi-core: ACS3-HMAC-SHA256 by default (what the typed
 *   CloudSSO SDK sends), and V1 HMAC-SHA1 with `signatureAlgorithm: 'v2'`;
 * - @alicloud/pop-core: always V1, parameters in a form body (POST) or in the query string (GET).
 * The packages are CommonJS and loaded with require, as their own documentation does.
 */
const require = createRequire(import.meta.url);
const OpenApi = require('@alicloud/openapi-client');
const OpenApiUtil = require('@alicloud/openapi-util').default;
const TeaUtil = require('@alicloud/tea-util');
const Core = require('@alicloud/openapi-core');
const Dara = require('@darabonba/typescript');
const { RPCClient } = require('@alicloud/pop-core');

export const CLIENT_MODES = [
  'openapi-client ACS3',
  'openapi-client v2',
  'openapi-core ACS3',
  'openapi-core v2',
  'pop-core POST',
  'pop-core GET',
] as const;
export type ClientMode = (typeof CLIENT_MODES)[number];

export type Body = Record<string, any>;

/** An error response as the client surfaced it, normalized after the client-specific checks. */
export interface ApiFailure {
  readonly code: string;
  /** The HTTP status (pop-core ignores it and keeps it only in its request log entry). */
  readonly status: number;
  /** The parsed error body. */
  readonly body: Body;
}

export interface ApiClient {
  readonly mode: ClientMode;
  /** Calls `action`; resolves to the response body, rejects as the SDK does. */
  call(action: string, params?: Record<string, unknown>): Promise<Body>;
  /** Calls `action`, expecting the SDK to reject; checks the SDK's own error shape, then normalizes it. */
  fail(action: string, params?: Record<string, unknown>): Promise<ApiFailure>;
}

export interface ClientTarget {
  /** `127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly key: AccessKeyPair;
  /** API version to send; 2021-05-15 unless a test sends another on purpose. */
  readonly version?: string;
  /** An STS session's token, sent with its temporary key (openapi-client and openapi-core only). */
  readonly securityToken?: string;
}

const API_VERSION = '2021-05-15';
const TIMEOUT_MS = 30_000;

/** The Config both openapi-client and openapi-core take (alibaba-sdk-protocol.md §8). */
export function clientConfig(target: ClientTarget, v1: boolean): Record<string, unknown> {
  return {
    accessKeyId: target.key.id,
    accessKeySecret: target.key.secret,
    ...(target.securityToken ? { securityToken: target.securityToken } : {}),
    endpoint: target.endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
    ...(v1 ? { signatureAlgorithm: 'v2' } : {}),
  };
}

export function openApiParams(Params: any, action: string, version: string): unknown {
  return new Params({
    action,
    version,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
}

function openApiClient(target: ClientTarget, v1: boolean): (action: string, params: Record<string, unknown>) => Promise<Body> {
  const client = new OpenApi.default(new OpenApi.Config(clientConfig(target, v1)));
  return async (action, params) => {
    const req = new OpenApi.OpenApiRequest({ query: OpenApiUtil.query(params) });
    const runtime = new TeaUtil.RuntimeOptions({ readTimeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS });
    const res = await client.callApi(openApiParams(OpenApi.Params, action, target.version ?? API_VERSION), req, runtime);
    return res.body as Body;
  };
}

function openApiCore(target: ClientTarget, v1: boolean): (action: string, params: Record<string, unknown>) => Promise<Body> {
  const { $OpenApiUtil, OpenApiUtil: U } = Core;
  const client = new Core.default(new $OpenApiUtil.Config(clientConfig(target, v1)));
  return async (action, params) => {
    const req = new $OpenApiUtil.OpenApiRequest({ query: U.query(params) });
    const runtime = new Dara.RuntimeOptions({ readTimeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS });
    const res = await client.callApi(openApiParams($OpenApiUtil.Params, action, target.version ?? API_VERSION), req, runtime);
    return res.body as Body;
  };
}

function popCore(target: ClientTarget, method: 'POST' | 'GET'): (action: string, params: Record<string, unknown>) => Promise<Body> {
  const client = new RPCClient({
    accessKeyId: target.key.id,
    accessKeySecret: target.key.secret,
    endpoint: `http://${target.endpoint}`,
    apiVersion: target.version ?? API_VERSION,
  });
  return (action, params) => client.request(action, params, { method, timeout: TIMEOUT_MS }) as Promise<Body>;
}

/** What each SDK's rejection must look like (alibaba-sdk-protocol.md §6.2), then the common form. */
function normalize(mode: ClientMode, e: any): ApiFailure {
  if (!(e instanceof Error)) throw new Error(`${mode} rejected with a non-Error: ${String(e)}`);
  const err = e as any;
  if (typeof err.code !== 'string' || err.code === 'undefined') {
    throw new Error(`${mode} did not surface an error code (is the error body JSON with Code?): ${err.message}`);
  }
  if (mode.startsWith('openapi-client')) {
    // e.data is the parsed body plus the statusCode the client adds to it.
    const { statusCode, ...body } = err.data ?? {};
    if (typeof err.statusCode !== 'number' || statusCode !== err.statusCode) {
      throw new Error(`openapi-client error without a consistent statusCode: ${err.message}`);
    }
    return { code: err.code, status: err.statusCode, body };
  }
  if (mode.startsWith('openapi-core')) {
    // 4xx is ClientError, 5xx ServerError; both carry the body's RequestId as requestId.
    const expected = err.statusCode >= 500 ? Core.ServerError : Core.ClientError;
    if (!(err instanceof expected)) throw new Error(`openapi-core threw ${err.name}, not ${expected.name}: ${err.message}`);
    if (err.requestId !== err.data?.RequestId) throw new Error('openapi-core error requestId differs from the body RequestId');
    return { code: err.code, status: err.statusCode, body: err.data as Body };
  }
  // pop-core decides by the body's Code alone; the status is only in its request log entry.
  if (err.name !== `${err.code}Error`) throw new Error(`pop-core error named ${err.name} for code ${err.code}`);
  const status = err.entry?.response?.statusCode;
  if (typeof status !== 'number') throw new Error('pop-core error without entry.response.statusCode');
  return { code: err.code, status, body: err.data as Body };
}

export function makeClient(mode: ClientMode, target: ClientTarget): ApiClient {
  const send =
    mode === 'openapi-client ACS3'
      ? openApiClient(target, false)
      : mode === 'openapi-client v2'
        ? openApiClient(target, true)
        : mode === 'openapi-core ACS3'
          ? openApiCore(target, false)
          : mode === 'openapi-core v2'
            ? openApiCore(target, true)
            : popCore(target, mode === 'pop-core POST' ? 'POST' : 'GET');
  return {
    mode,
    call: (action, params = {}) => send(action, params),
    async fail(action, params = {}) {
      let body: Body;
      try {
        body = await send(action, params);
      } catch (e) {
        return normalize(mode, e);
      }
      throw new Error(`${mode}: ${action} succeeded but was expected to fail: ${JSON.stringify(body)}`);
    },
  };
}
