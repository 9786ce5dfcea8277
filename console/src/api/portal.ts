import { ApiError } from './client';
import { pkcePair } from './device-helpers';

/**
 * The programmatic user portal API of this server (docs/decisions/0136, 0137), called from the
 * console exactly as Alibaba's CLI calls it: the device flow with PKCE S256 and the CLI's public
 * client ID, then the signed-in user's accounts, access configurations and STS credentials.
 * Same origin, JSON; errors are `{ErrorCode, ErrorMessage, RequestId}` and become ApiErrors.
 */

/** The public client ID of Alibaba's CLI, the only one the portal API accepts. */
export const PORTAL_CLIENT_ID = 'app-vaz16tltdxs96audqf35';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  /** Where the user approves: the portal's own approval page of the directory, code filled in. */
  readonly approvalUrl: string;
  readonly intervalMs: number;
  readonly expiresAt: number;
  readonly verifier: string;
}

export interface PortalAccount {
  readonly AccountId: string;
  readonly DisplayName: string;
}

export interface PortalAccessConfiguration {
  readonly AccessConfigurationId: string;
  readonly AccessConfigurationName: string;
  readonly AccessConfigurationDescription: string;
}

export interface CloudCredential {
  readonly AccessKeyId: string;
  readonly AccessKeySecret: string;
  readonly SecurityToken: string;
  /** `YYYY-MM-DDThh:mm:ssZ` */
  readonly Expiration: string;
}

async function portalCall<T>(method: 'GET' | 'POST', path: string, body?: Record<string, string>, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('NetworkError', 'The server could not be reached.', 0);
  }
  let json: Record<string, unknown> = {};
  try {
    json = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON: keep the status only.
  }
  if (!response.ok) {
    throw new ApiError(
      String(json.ErrorCode ?? `HTTP${response.status}`),
      String(json.ErrorMessage ?? response.statusText),
      response.status,
      typeof json.RequestId === 'string' ? json.RequestId : undefined,
    );
  }
  return json as T;
}

/** Starts the device flow for the directory `directoryName` of this origin. */
export async function startDeviceAuthorization(directoryName: string): Promise<DeviceAuthorization> {
  const { verifier, challenge } = await pkcePair();
  const portal = `${location.origin}/portal/${encodeURIComponent(directoryName)}`;
  const started = await portalCall<{ DeviceCode: string; UserCode: string; Interval?: number; ExpiresIn?: number }>('POST', '/device-authorization', {
    PortalUrl: `${portal}/login`,
    ClientId: PORTAL_CLIENT_ID,
    CodeChallenge: challenge,
    CodeChallengeMethod: 'S256',
  });
  const interval = Number.isFinite(started.Interval) && started.Interval! > 0 ? started.Interval! : 5;
  const expiresIn = Number.isFinite(started.ExpiresIn) && started.ExpiresIn! > 0 ? started.ExpiresIn! : 600;
  return {
    deviceCode: started.DeviceCode,
    userCode: started.UserCode,
    approvalUrl: `${portal}/device?user_code=${encodeURIComponent(started.UserCode)}`,
    intervalMs: interval * 1000,
    expiresAt: Date.now() + expiresIn * 1000,
    verifier,
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    });
  });

/**
 * Polls `/token` every Interval seconds (five more after a SlowDown) until the user approves:
 * the access token, or the portal's refusal (AccessDenied, InvalidDeviceCodeError, ...).
 */
export async function waitForToken(started: DeviceAuthorization, signal: AbortSignal): Promise<string> {
  let interval = started.intervalMs;
  for (;;) {
    await sleep(interval, signal);
    if (Date.now() > started.expiresAt) throw new ApiError('ExpiredToken', 'The user code expired before it was approved. Start again.', 400);
    try {
      const token = await portalCall<{ AccessToken: string }>('POST', '/token', {
        ClientId: PORTAL_CLIENT_ID,
        DeviceCode: started.deviceCode,
        CodeVerifier: started.verifier,
        GrantType: GRANT_TYPE,
      });
      return token.AccessToken;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'AuthorizationPending') continue;
      if (e instanceof ApiError && e.code === 'SlowDown') {
        interval += 5000;
        continue;
      }
      throw e;
    }
  }
}

/** Every page of a portal list (MaxResults 100, NextToken). */
async function all<T>(path: string, field: string, token: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined;
  for (let i = 0; i < 100; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await portalCall<Record<string, unknown>>('GET', `${path}${sep}MaxResults=100${next ? `&NextToken=${encodeURIComponent(next)}` : ''}`, undefined, token);
    out.push(...((page[field] as T[] | undefined) ?? []));
    next = typeof page.NextToken === 'string' && page.IsTruncated === true ? page.NextToken : undefined;
    if (!next) break;
  }
  return out;
}

export const listAccounts = (token: string) => all<PortalAccount>('/access-assignments/accounts', 'Accounts', token);

export const listAccessConfigurations = (token: string, accountId: string) =>
  all<PortalAccessConfiguration>(`/access-assignments/access-configurations?AccountId=${encodeURIComponent(accountId)}`, 'AccessConfigurationsForAccount', token);

export async function getCloudCredentials(token: string, accountId: string, accessConfigurationId: string): Promise<CloudCredential> {
  const r = await portalCall<{ CloudCredential: CloudCredential }>('POST', '/cloud-credentials', { AccountId: accountId, AccessConfigurationId: accessConfigurationId }, token);
  return r.CloudCredential;
}
