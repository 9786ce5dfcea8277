import { expect } from 'vitest';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ScimResponse {
  readonly status: number;
  readonly contentType: string;
  readonly json: Record<string, any>;
}

/** What an IdP sends: `GET /scim/v2/Users` with `Authorization: Bearer <SCIM credential secret>`. */
export async function scimGet(baseUrl: string, token: string | undefined, path = '/scim/v2/Users'): Promise<ScimResponse> {
  const res = await fetch(`${baseUrl}${path}`, {
    headers: { accept: 'application/scim+json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', json: (await res.json()) as Record<string, any> };
}

/** 200 with the directory's users as a ListResponse (empty in this slice). */
export function expectUserList(r: ScimResponse): void {
  expect(r.status).toBe(200);
  expect(r.contentType).toMatch(/^application\/scim\+json/);
  expect(r.json).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 0, Resources: [] });
}

/** 401 with an RFC 7644 §3.12 Error body whose detail says why. */
export function expectUnauthorized(r: ScimResponse, detail: RegExp): void {
  expect(r.status).toBe(401);
  expect(r.contentType).toMatch(/^application\/scim\+json/);
  expect(Object.keys(r.json).sort()).toEqual(['detail', 'schemas', 'status']);
  expect(r.json.schemas).toEqual([SCIM_ERROR_SCHEMA]);
  expect(r.json.status).toBe('401');
  expect(r.json.detail).toMatch(detail);
}
