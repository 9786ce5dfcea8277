/**
 * /Groups (RFC 7644 §3.3-§3.6). Members are kept as memberships, never in a document, and a
 * group's `members` is streamed in batches from the store (docs/decisions/0013-scim-group-members-streaming.md):
 * `GET /Groups/{id}` of a 100,000-member group holds one batch in memory at a time, and
 * `excludedAttributes=members` does no member work at all.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import {
  createGroupWithMembers,
  deleteGroup,
  foundGroup,
  getDirectoryGroup,
  iterateGroupMemberRefs,
  listGroupMemberRefs,
  listGroupsByOffset,
  patchGroup,
  type MemberChange,
} from '../../core/groups.js';
import type { Group } from '../../core/model.js';
import type { MemberRef } from '../../core/ports/directory-entities.js';
import { lookupPage } from '../../core/paging.js';
import type { ResourceKey } from '../../core/ports/store.js';
import { ifMatch, notModified } from '../etag.js';
import { groupChanges, groupResource, memberJson, newGroupFields } from '../group-mapping.js';
import { normalizeResource, type MemberInput } from '../input.js';
import { parseListParams, searchRequestQuery } from '../list-params.js';
import { SCIM_MEDIA_TYPE, sendScim } from '../media.js';
import { applyPatch, parsePatchRequest } from '../patch/index.js';
import { includes, parseProjection, project, type Projection } from '../projection.js';
import { lookupBeforeGuard, readByGuard, readsForWrite, uniqueNameLookup, unlockedReadByGuard } from '../guard.js';
import { auth, provenance } from '../provenance.js';
import { BY_ID, CREATE, LIST, type ById, type IdParams, type ListQuery, type ProjectionQuery } from '../route-schemas.js';
import { GROUP_PATCH, GROUP_RESOURCE } from '../schemas/index.js';
import { etagOf } from '../user-mapping.js';
import { LIST_RESPONSE_SCHEMA, type RouteDeps } from './users.js';


/** Members fetched per store query while streaming; also the most a response holds at once. */
export const MEMBER_BATCH = 1000;

const memberChangesOf = (m: MemberInput | undefined, kind: 'add' | 'replace'): MemberChange[] => {
  if (m === undefined) return kind === 'replace' ? [{ kind: 'removeAll' }] : [];
  if (kind === 'add' && m.values.length === 0) return [];
  return [{ kind, values: m.values, ...(Object.keys(m.displays).length > 0 ? { displays: m.displays } : {}) }];
};

/** Which member sub-attributes the projection keeps (undefined: all). */
function memberFields(p: Projection): ReadonlySet<string> | undefined {
  const asked = p.attributes?.flatMap((a) => (a.name === 'members' && a.sub !== undefined ? [a.sub] : []));
  if (asked && asked.length > 0 && !p.attributes?.some((a) => a.name === 'members' && a.sub === undefined)) return new Set(asked);
  const dropped = p.excluded?.flatMap((a) => (a.name === 'members' && a.sub !== undefined ? [a.sub] : []));
  if (dropped && dropped.length > 0) return new Set(['value', '$ref', 'display', 'type'].filter((k) => !dropped.includes(k.toLowerCase())));
  return undefined;
}

interface Rendering {
  readonly core: CoreContext;
  readonly directoryId: string;
  readonly baseUrl: string;
  readonly projection: Projection;
}

/**
 * A group's JSON in pieces: the group without `members` and `meta`, then the members batch by
 * batch, then `meta`. `first` is a batch already read (to decide whether to stream at all).
 */
async function* groupJson(r: Rendering, g: Group, withMembers: boolean, first?: MemberRef[]): AsyncGenerator<string> {
  const full = project(GROUP_RESOURCE, groupResource(g, r.baseUrl), r.projection);
  const { meta, ...head } = full;
  const headText = JSON.stringify(head);
  if (!withMembers) {
    yield JSON.stringify(full);
    return;
  }
  const fields = memberFields(r.projection);
  yield `${headText.slice(0, -1)}${headText.length > 2 ? ',' : ''}"members":[`;
  let sep = '';
  const batches = first ? prepend(first, iterateAfter(r, g.id, first)) : iterateGroupMemberRefs(r.core, r.directoryId, g.id, MEMBER_BATCH);
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    yield sep + batch.map((m) => JSON.stringify(memberJson(m, r.baseUrl, fields))).join(',');
    sep = ',';
  }
  yield `]${meta !== undefined ? `,"meta":${JSON.stringify(meta)}` : ''}}`;
}

async function* prepend(first: MemberRef[], rest: AsyncGenerator<MemberRef[]>): AsyncGenerator<MemberRef[]> {
  yield first;
  yield* rest;
}

async function* iterateAfter(r: Rendering, groupId: string, first: MemberRef[]): AsyncGenerator<MemberRef[]> {
  if (first.length < MEMBER_BATCH) return;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a full batch is not empty
  let after = first[first.length - 1]!.userId;
  for (;;) {
    const rows = await listGroupMemberRefs(r.core, r.directoryId, groupId, { after, limit: MEMBER_BATCH });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < MEMBER_BATCH) return;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a full batch is not empty
    after = rows[rows.length - 1]!.userId;
  }
}

/** One group: a plain body when its members fit in one batch, else a stream of JSON chunks. */
async function sendGroup(reply: FastifyReply, status: number, r: Rendering, g: Group, location?: string): Promise<FastifyReply> {
  reply.header('etag', etagOf(g.version));
  if (location) reply.header('location', location);
  const withMembers = includes(r.projection, 'members', true);
  const first = withMembers ? await listGroupMemberRefs(r.core, r.directoryId, g.id, { limit: MEMBER_BATCH }) : undefined;
  if (!withMembers || first === undefined || first.length < MEMBER_BATCH) {
    let body = '';
    for await (const chunk of groupJson(r, g, withMembers, first)) body += chunk;
    return reply.code(status).header('content-type', SCIM_MEDIA_TYPE).send(body);
  }
  return reply.code(status).header('content-type', SCIM_MEDIA_TYPE).send(Readable.from(groupJson(r, g, true, first), { objectMode: false }));
}

/** Before the guard: the group an IdP's `displayName eq` lookup names (guard.ts). */
function readsGroupByName(request: FastifyRequest): ResourceKey | undefined {
  const displayName = lookupBeforeGuard(GROUP_RESOURCE, 'displayname', request);
  return displayName === undefined ? undefined : { type: 'group', displayName };
}

export function registerGroupRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { core } = deps;
  const rendering = (request: Parameters<RouteDeps['baseUrl']>[0], projection: Projection): Rendering => ({
    core,
    directoryId: auth(request).directoryId,
    baseUrl: deps.baseUrl(request),
    projection,
  });

  // GET with query parameters, or POST /.search with the same in a SearchRequest body (RFC 7644 §3.4.3).
  const list = async (request: FastifyRequest, reply: FastifyReply, query: ListQuery) => {
    const { directoryId } = auth(request);
    const params = parseListParams(GROUP_RESOURCE, query);
    const projection = parseProjection(query);
    const pageRequest = {
      offset: params.startIndex - 1,
      limit: params.count,
      ...(params.sortBy ? { sortBy: params.sortBy } : {}),
      descending: params.descending,
    };
    // An IdP's `displayName eq` lookup: the guard has read the group with the token (readsGroupByName).
    const displayName = uniqueNameLookup(GROUP_RESOURCE, 'displayname', params.filter);
    const read = displayName === undefined ? undefined : readByGuard(auth(request), { type: 'group', displayName });
    const page = read ? lookupPage(read.resource ? [read.resource] : [], pageRequest) : await listGroupsByOffset(core, directoryId, params.filter, pageRequest);
    const r = rendering(request, projection);
    const envelope = { schemas: [LIST_RESPONSE_SCHEMA], totalResults: page.total, itemsPerPage: page.items.length, startIndex: params.startIndex };
    // CloudSSO lists groups without members; members come only when asked for (attributes=members).
    const withMembers = projection.attributes !== undefined && includes(projection, 'members', false);
    if (!withMembers) {
      return sendScim(reply, 200, { ...envelope, Resources: page.items.map((g) => project(GROUP_RESOURCE, groupResource(g, r.baseUrl), projection)) });
    }
    async function* chunks(): AsyncGenerator<string> {
      const head = JSON.stringify(envelope);
      yield `${head.slice(0, -1)},"Resources":[`;
      for (const [i, g] of page.items.entries()) {
        if (i > 0) yield ',';
        yield* groupJson(r, g, true);
      }
      yield ']}';
    }
    return reply.code(200).header('content-type', SCIM_MEDIA_TYPE).send(Readable.from(chunks(), { objectMode: false }));
  };
  app.get<{ Querystring: ListQuery }>('/Groups', { ...LIST, config: { scimReads: readsGroupByName } }, async (request, reply) => list(request, reply, request.query));
  app.post('/Groups/.search', async (request, reply) => list(request, reply, searchRequestQuery(request.body)));

  // The guard reads the group with the token, in the same statement on PostgreSQL (scimReads).
  const readsGroupById = (request: FastifyRequest): ResourceKey => ({ type: 'group', id: (request.params as IdParams).id });
  app.get<ById>('/Groups/:id', { ...BY_ID, config: { scimReads: readsGroupById } }, async (request, reply) => {
    const r = rendering(request, parseProjection(request.query));
    const read = readByGuard(auth(request), { type: 'group', id: request.params.id });
    const g = read ? foundGroup(read.resource, request.params.id) : await getDirectoryGroup(core, r.directoryId, request.params.id);
    if (notModified(request, g.version)) return reply.code(304).header('etag', etagOf(g.version)).send();
    return sendGroup(reply, 200, r, g);
  });

  app.post<{ Querystring: ProjectionQuery }>('/Groups', CREATE, async (request, reply) => {
    const r = rendering(request, parseProjection(request.query));
    const input = normalizeResource(GROUP_RESOURCE, request.body);
    const g = await createGroupWithMembers(core, r.directoryId, newGroupFields(input), memberChangesOf(input.members, 'add'), provenance(request));
    return sendGroup(reply, 201, r, g, `${r.baseUrl}/Groups/${g.id}`);
  });

  // A write reads the group with the token where the store writes it in one statement (decision 0212).
  const writing = { ...BY_ID, config: readsForWrite(core, readsGroupById) };
  const readForWrite = (request: FastifyRequest<ById>) => ({ ...ifMatch(request), ...unlockedReadByGuard(auth(request), { type: 'group', id: request.params.id }) });
  app.put<ById>('/Groups/:id', writing, async (request, reply) => {
    const r = rendering(request, parseProjection(request.query));
    // Full replace (RFC 7644 §3.5.1): the members are the body's, none when it has none (Okta AIW apps send them all).
    const replace = () => {
      const input = normalizeResource(GROUP_RESOURCE, request.body);
      return { changes: groupChanges(input), members: memberChangesOf(input.members, 'replace') };
    };
    const g = await patchGroup(core, r.directoryId, request.params.id, replace, provenance(request), readForWrite(request));
    return sendGroup(reply, 200, r, g);
  });

  app.patch<ById>('/Groups/:id', writing, async (request, reply) => {
    const r = rendering(request, parseProjection(request.query));
    const ops = parsePatchRequest(request.body);
    // The core reads the group once under its lock and applies the operations to what it read.
    const apply = (current: Group) => {
      const result = applyPatch(groupResource(current), ops, GROUP_PATCH);
      if (!result.changed && result.memberChanges.length === 0) return undefined;
      const changes = result.changed ? groupChanges(normalizeResource(GROUP_RESOURCE, result.resource)) : undefined;
      return { ...(changes ? { changes } : {}), members: result.memberChanges };
    };
    const g = await patchGroup(core, r.directoryId, request.params.id, apply, provenance(request), readForWrite(request));
    // RFC 7644 §3.5.2: 204, unless the client asked for attributes (then 200 with the group).
    if (r.projection.attributes === undefined && r.projection.excluded === undefined) {
      return reply.code(204).header('etag', etagOf(g.version)).send();
    }
    return sendGroup(reply, 200, r, g);
  });

  app.delete<ById>('/Groups/:id', BY_ID, async (request, reply) => {
    const { directoryId } = auth(request);
    await deleteGroup(core, directoryId, request.params.id, provenance(request), ifMatch(request));
    return reply.code(204).send();
  });
}

