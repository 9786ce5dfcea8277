import { createHash, createHmac, randomBytes } from 'node:crypto';
import { canonicalRequest, stringToSign } from '../rpc/signature/acs3.js';
import { pct } from '../rpc/signature/encoding.js';

/**
 * A minimal signed RPC client for `cloudsso ram`: ACS3-HMAC-SHA256 with the parameters in a form
 * body (a 6,144-character policy document does not fit in a request line), built from the same
 * canonical-form functions the server verifies with.
 */
export interface RpcTarget {
  /** `http://host:port` */
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are the server's JSON, read loosely by the CLI commands
export type RpcResult = { readonly ok: true; readonly body: Record<string, any> } | { readonly ok: false; readonly status: number; readonly body: Record<string, any> };

export async function callRpc(
  target: RpcTarget,
  version: string,
  action: string,
  params: Readonly<Record<string, string>>,
): Promise<RpcResult> {
  const body = Object.entries(params)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${pct(k)}=${pct(v)}`)
    .join('&');
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  const headerValues = new Map<string, string>([
    ['content-type', 'application/x-www-form-urlencoded'],
    ['host', new URL(target.endpoint).host],
    ['x-acs-action', action],
    ['x-acs-content-sha256', bodyHash],
    ['x-acs-date', new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ['x-acs-signature-nonce', randomBytes(16).toString('hex')],
    ['x-acs-version', version],
  ]);
  const signedHeaders = [...headerValues.keys()].sort();
  const canonical = canonicalRequest({ method: 'POST', query: new Map(), signedHeaders, headerValues, contentSha256: bodyHash });
  const signature = createHmac('sha256', target.accessKeySecret).update(stringToSign('ACS3-HMAC-SHA256', canonical)).digest('hex');
  const headers: Record<string, string> = Object.fromEntries([...headerValues].filter(([k]) => k !== 'host'));
  headers['authorization'] = `ACS3-HMAC-SHA256 Credential=${target.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  headers['accept'] = 'application/json';
  const res = await fetch(`${target.endpoint.replace(/\/$/, '')}/`, { method: 'POST', headers, body });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server's JSON, read loosely by the CLI commands
  let json: Record<string, any>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server's JSON, read loosely by the CLI commands
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    json = { Code: 'InvalidResponse', Message: text };
  }
  return res.ok ? { ok: true, body: json } : { ok: false, status: res.status, body: json };
}
