import { acsDate, newNonce, signAcs3, type Acs3Credentials } from './signer';

/** The products the console calls, all served at `/` of this origin. */
export const VERSIONS = { cloudsso: '2021-05-15', ram: '2015-05-01', actiontrail: '2020-07-06', resourcemanager: '2020-03-31', opencloudsso: '2026-12-01' } as const;
export type Product = keyof typeof VERSIONS;

export interface AccessDeniedDetail {
  AuthAction?: string;
  AuthPrincipalType?: string;
  NoPermissionType?: string;
  EncodedDiagnosticMessage?: string;
}

/** An error envelope of the management API (or a network failure: code `NetworkError`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
    readonly accessDeniedDetail?: AccessDeniedDetail,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ParamValue = string | number | boolean | undefined | null | ParamValue[] | { [k: string]: ParamValue };

/** OpenApiUtil.query()'s flattening: `Tags.1.Key`, `ResourceId.1`, `Nested.A`. */
export function flatten(params: Record<string, ParamValue>, prefix = '', out: [string, string][] = []): [string, string][] {
  for (const [k, v] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item !== null && typeof item === 'object') flatten(item as Record<string, ParamValue>, `${name}.${i + 1}`, out);
        else if (item !== undefined && item !== null) out.push([`${name}.${i + 1}`, String(item)]);
      });
    } else if (typeof v === 'object') flatten(v, name, out);
    else out.push([name, String(v)]);
  }
  return out;
}

export async function callApi<T>(
  creds: Acs3Credentials,
  product: Product,
  action: string,
  params: Record<string, ParamValue> = {},
): Promise<T> {
  const signed = await signAcs3(
    {
      method: 'POST',
      host: location.host,
      params: flatten(params),
      action,
      version: VERSIONS[product],
      date: acsDate(),
      nonce: newNonce(),
    },
    creds,
  );
  let response: Response;
  try {
    response = await fetch(`/?${signed.query}`, {
      method: 'POST',
      headers: { ...signed.headers, accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('NetworkError', 'The server could not be reached.', 0);
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): keep the status only.
  }
  if (!response.ok) {
    throw new ApiError(
      String(body.Code ?? `HTTP${response.status}`),
      String(body.Message ?? response.statusText),
      response.status,
      typeof body.RequestId === 'string' ? body.RequestId : undefined,
      (body.AccessDeniedDetail as AccessDeniedDetail | undefined) ?? undefined,
    );
  }
  return body as T;
}

/** The denying policy named in an explicit-deny diagnostic, if any (base64 JSON, see errors.md). */
export function denyingPolicy(detail: AccessDeniedDetail | undefined): string | undefined {
  if (!detail?.EncodedDiagnosticMessage) return undefined;
  try {
    const diagnostic = JSON.parse(atob(detail.EncodedDiagnosticMessage)) as { DenyingPolicy?: { PolicyName?: string } };
    return diagnostic.DenyingPolicy?.PolicyName;
  } catch {
    return undefined;
  }
}
