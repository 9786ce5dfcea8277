/**
 * /Users (RFC 7644 §3.3-§3.6) over the core's users. Each handler is the same short list of
 * steps: authenticate (the guard, already done), parse, call one core function (which checks
 * If-Match under its lock and owns the read-modify-write), render and project.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import type { User } from '../../core/model.js';
import { createUser, deleteUser, foundUser, getDirectoryUser, listUsersByOffset, patchUser, type UserMutation } from '../../core/users.js';
import { listGroupsOfUsers } from '../../core/groups.js';
import { lookupPage } from '../../core/paging.js';
import type { ResourceKey } from '../../core/ports/store.js';
import { ifMatch, notModified } from '../etag.js';
import { normalizeResource } from '../input.js';
import { parseListParams, searchRequestQuery } from '../list-params.js';
import { sendScim } from '../media.js';
import { checkPassword, hashPassword } from '../password.js';
import { applyPatch, parsePatchRequest } from '../patch/index.js';
import { includes, parseProjection, project, requests, type Projection } from '../projection.js';
import { lookupBeforeGuard, readByGuard, readsForWrite, uniqueNameLookup, unlockedReadByGuard } from '../guard.js';
import { auth, provenance } from '../provenance.js';
import { BY_ID, CREATE, LIST, type ById, type IdParams, type ListQuery, type ProjectionQuery } from '../route-schemas.js';
import { USER_PATCH, USER_RESOURCE } from '../schemas/index.js';
import { etagOf, userChanges, userFields, userResource } from '../user-mapping.js';

export interface RouteDeps {
  readonly core: CoreContext;
  readonly baseUrl: (request: FastifyRequest) => string;
}

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

type Doc = Record<string, unknown>;

/** `groups` is returned only on request (schemas/user.ts): one indexed query per page when asked. */
async function groupsFor(deps: RouteDeps, directoryId: string, users: readonly User[], baseUrl: string, p: Projection) {
  if (!requests(p, 'groups') || users.length === 0) return new Map<string, Doc[]>();
  const rows = await listGroupsOfUsers(deps.core, directoryId, users.map((u) => u.id));
  const out = new Map<string, Doc[]>();
  for (const r of rows) {
    const list = out.get(r.userId) ?? [];
    list.push({ value: r.groupId, $ref: `${baseUrl}/Groups/${r.groupId}`, display: r.groupName, type: 'direct' });
    out.set(r.userId, list);
  }
  return out;
}

function render(u: User, baseUrl: string, p: Projection, groups?: Doc[]): Doc {
  const resource = userResource(u, { baseUrl, ...(includes(p, 'groups', false) ? { groups: groups ?? [] } : {}) });
  return project(USER_RESOURCE, resource, p);
}

function sendUser(reply: FastifyReply, status: number, u: User, body: Doc | undefined, location?: string): FastifyReply {
  reply.header('etag', etagOf(u.version));
  if (location) reply.header('location', location);
  if (body === undefined) return reply.code(status).send();
  return sendScim(reply, status, body);
}

/** RFC 7644 §3.5.2: 200 with the resource when the client asked for attributes, else 204. */
const wantsBody = (p: Projection) => p.attributes !== undefined || p.excluded !== undefined;

/** A SCIM User document as the core's change to a user (its `password` is hashed by the core, outside its locks). */
function mutationOf(body: unknown): UserMutation {
  const input = normalizeResource(USER_RESOURCE, body);
  return { changes: userChanges(input), ...(input.password !== undefined ? { password: checkPassword(input.password) } : {}) };
}

/** Before the guard: the user an IdP's `userName eq` lookup names (guard.ts). */
function readsUserByName(request: FastifyRequest): ResourceKey | undefined {
  const userName = lookupBeforeGuard(USER_RESOURCE, 'username', request);
  return userName === undefined ? undefined : { type: 'user', userName };
}

export function registerUserRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { core } = deps;
  // The guard has just resolved the credential's directory (joined in the same query): read the user directly.
  const getUser = (directoryId: string, id: string) => getDirectoryUser(core, directoryId, id);

  // GET with query parameters, or POST /.search with the same in a SearchRequest body (RFC 7644 §3.4.3).
  const list = async (request: FastifyRequest, reply: FastifyReply, query: ListQuery) => {
    const { directoryId } = auth(request);
    const params = parseListParams(USER_RESOURCE, query);
    const projection = parseProjection(query);
    const pageRequest = {
      offset: params.startIndex - 1,
      limit: params.count,
      ...(params.sortBy ? { sortBy: params.sortBy } : {}),
      descending: params.descending,
    };
    // An IdP's `userName eq` lookup: the guard has read the user with the token (readsUserByName).
    const userName = uniqueNameLookup(USER_RESOURCE, 'username', params.filter);
    const read = userName === undefined ? undefined : readByGuard(auth(request), { type: 'user', userName });
    const page = read ? lookupPage(read.resource ? [read.resource] : [], pageRequest) : await listUsersByOffset(core, directoryId, params.filter, pageRequest);
    const baseUrl = deps.baseUrl(request);
    const groups = await groupsFor(deps, directoryId, page.items, baseUrl, projection);
    return sendScim(reply, 200, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: page.total,
      itemsPerPage: page.items.length,
      startIndex: params.startIndex,
      Resources: page.items.map((u) => render(u, baseUrl, projection, groups.get(u.id))),
    });
  };
  app.get<{ Querystring: ListQuery }>('/Users', { ...LIST, config: { scimReads: readsUserByName } }, async (request, reply) => list(request, reply, request.query));
  app.post('/Users/.search', async (request, reply) => list(request, reply, searchRequestQuery(request.body)));

  // The guard reads the user with the token, in the same statement on PostgreSQL (scimReads).
  const readsUserById = (request: FastifyRequest): ResourceKey => ({ type: 'user', id: (request.params as IdParams).id });
  app.get<ById>('/Users/:id', { ...BY_ID, config: { scimReads: readsUserById } }, async (request, reply) => {
    const { directoryId } = auth(request);
    const projection = parseProjection(request.query);
    const read = readByGuard(auth(request), { type: 'user', id: request.params.id });
    const u = read ? foundUser(read.resource, request.params.id) : await getUser(directoryId, request.params.id);
    if (notModified(request, u.version)) return reply.code(304).header('etag', etagOf(u.version)).send();
    const baseUrl = deps.baseUrl(request);
    const groups = await groupsFor(deps, directoryId, [u], baseUrl, projection);
    return sendUser(reply, 200, u, render(u, baseUrl, projection, groups.get(u.id)));
  });

  app.post<{ Querystring: ProjectionQuery }>('/Users', CREATE, async (request, reply) => {
    const { directoryId } = auth(request);
    const projection = parseProjection(request.query);
    const input = normalizeResource(USER_RESOURCE, request.body);
    const { user, externalId } = userFields(input);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    // A Manual user with this userName: 409 (docs/decisions/0011-scim-manual-user-conflict.md).
    const created = await createUser(core, directoryId, user, provenance(request), {
      externalId,
      scim: input.doc,
      ...(passwordHash !== undefined ? { passwordHash } : {}),
    });
    const baseUrl = deps.baseUrl(request);
    const location = `${baseUrl}/Users/${created.id}`;
    return sendUser(reply, 201, created, render(created, baseUrl, projection, []), location);
  });

  // A write reads the user with the token where the store writes it in one statement (decision 0212).
  const writing = { ...BY_ID, config: readsForWrite(core, readsUserById) };
  const readForWrite = (request: FastifyRequest<ById>) => ({ ...ifMatch(request), ...unlockedReadByGuard(auth(request), { type: 'user', id: request.params.id }) });
  app.put<ById>('/Users/:id', writing, async (request, reply) => {
    const { directoryId } = auth(request);
    const projection = parseProjection(request.query);
    // Full replace (RFC 7644 §3.5.1): 404, then If-Match (412), then the body (400), as before.
    const updated = await patchUser(core, directoryId, request.params.id, () => mutationOf(request.body), provenance(request), readForWrite(request));
    const baseUrl = deps.baseUrl(request);
    const groups = await groupsFor(deps, directoryId, [updated], baseUrl, projection);
    return sendUser(reply, 200, updated, render(updated, baseUrl, projection, groups.get(updated.id)));
  });

  app.patch<ById>('/Users/:id', writing, async (request, reply) => {
    const { directoryId } = auth(request);
    const projection = parseProjection(request.query);
    const ops = parsePatchRequest(request.body);
    // The core reads the user once under its lock and applies the operations to what it read.
    const updated = await patchUser(
      core,
      directoryId,
      request.params.id,
      (current) => {
        const result = applyPatch(userResource(current), ops, USER_PATCH);
        return result.changed ? mutationOf(result.resource) : undefined;
      },
      provenance(request),
      readForWrite(request),
    );
    if (!wantsBody(projection)) return sendUser(reply, 204, updated, undefined);
    const baseUrl = deps.baseUrl(request);
    const groups = await groupsFor(deps, directoryId, [updated], baseUrl, projection);
    return sendUser(reply, 200, updated, render(updated, baseUrl, projection, groups.get(updated.id)));
  });

  app.delete<ById>('/Users/:id', BY_ID, async (request, reply) => {
    const { directoryId } = auth(request);
    await deleteUser(core, directoryId, request.params.id, provenance(request), ifMatch(request));
    return reply.code(204).send();
  });
}
