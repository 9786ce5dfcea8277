/**
 * Discovery (RFC 7644 §4, RFC 7643 §6-§7): /Schemas and /ResourceTypes, generated from the same
 * schema definitions that validate input and shape output. Like /ServiceProviderConfig they need
 * no credential: they describe the server, not a directory.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendScim } from '../media.js';
import { BY_NAME, type IdParams } from '../route-schemas.js';
import { RESOURCE_TYPES, SCHEMAS, type ResourceType, type SchemaDefinition } from '../schemas/index.js';
import { ScimError } from '../scim-error.js';
import { LIST_RESPONSE_SCHEMA } from './users.js';

const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

export function schemaJson(s: SchemaDefinition, baseUrl: string) {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${s.id}` },
  };
}

export function resourceTypeJson(rt: ResourceType, baseUrl: string) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.id,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema.id,
    schemaExtensions: rt.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${rt.id}` },
  };
}

const list = (resources: unknown[]) => ({
  schemas: [LIST_RESPONSE_SCHEMA],
  totalResults: resources.length,
  itemsPerPage: resources.length,
  startIndex: 1,
  Resources: resources,
});

export function registerDiscoveryRoutes(app: FastifyInstance, baseUrl: (request: FastifyRequest) => string): void {
  app.get('/Schemas', async (request, reply) => sendScim(reply, 200, list(SCHEMAS.map((s) => schemaJson(s, baseUrl(request))))));
  app.get<{ Params: IdParams }>('/Schemas/:id', BY_NAME, async (request, reply) => {
    const s = SCHEMAS.find((x) => x.id.toLowerCase() === request.params.id.toLowerCase());
    if (!s) throw new ScimError({ status: 404 }, `No schema ${JSON.stringify(request.params.id)}.`);
    return sendScim(reply, 200, schemaJson(s, baseUrl(request)));
  });
  app.get('/ResourceTypes', async (request, reply) => sendScim(reply, 200, list(RESOURCE_TYPES.map((rt) => resourceTypeJson(rt, baseUrl(request))))));
  app.get<{ Params: IdParams }>('/ResourceTypes/:id', BY_NAME, async (request, reply) => {
    const rt = RESOURCE_TYPES.find((x) => x.id.toLowerCase() === request.params.id.toLowerCase());
    if (!rt) throw new ScimError({ status: 404 }, `No resource type ${JSON.stringify(request.params.id)}.`);
    return sendScim(reply, 200, resourceTypeJson(rt, baseUrl(request)));
  });
}
