import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import type { User } from '../../core/model.js';
import { sendScim } from '../media.js';
import type { ScimAuth } from '../guard.js';

export interface RouteDeps {
  readonly core: CoreContext;
  readonly baseUrl: (request: FastifyRequest) => string;
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export function auth(request: FastifyRequest): ScimAuth {
  if (!request.scimAuth) throw new Error('SCIM route reached without the bearer guard.');
  return request.scimAuth;
}

export function toScimUser(u: User, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    id: u.id,
    ...(u.externalId ? { externalId: u.externalId.id } : {}),
    userName: u.userName,
    ...(u.firstName || u.lastName ? { name: { givenName: u.firstName ?? undefined, familyName: u.lastName ?? undefined } } : {}),
    ...(u.displayName ? { displayName: u.displayName } : {}),
    ...(u.email ? { emails: [{ value: u.email, primary: true, type: 'work' }] } : {}),
    active: u.status === 'Enabled',
    meta: {
      resourceType: 'User',
      created: new Date(u.createTime).toISOString(),
      lastModified: new Date(u.updateTime).toISOString(),
      location: `${baseUrl}/Users/${u.id}`,
      version: `W/"${u.version}"`,
    },
  };
}

export function registerUserRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/Users', async (request, reply) => {
    const { directoryId } = auth(request);
    const q = request.query as Record<string, string | undefined>;
    const startIndex = Math.max(1, Number.parseInt(q['startIndex'] ?? '1', 10) || 1);
    const count = Math.min(100, Math.max(0, Number.parseInt(q['count'] ?? '100', 10) || 0));
    const page = await deps.core.store.users.listByOffset({ directoryId }, { offset: startIndex - 1, limit: count });
    return sendScim(reply, 200, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: page.total,
      itemsPerPage: page.items.length,
      startIndex,
      Resources: page.items.map((u) => toScimUser(u, deps.baseUrl(request))),
    });
  });
}
