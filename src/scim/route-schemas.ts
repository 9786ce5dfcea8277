/**
 * The query strings, path parameters and headers of the SCIM routes as TypeBox schemas: Fastify
 * validates each request against them and the handlers read typed values, not casts. They are
 * permissive by design: every value a query string can carry (one string, or several when the
 * parameter is repeated) passes, and the meaning (an integer `startIndex`, a filter, a known
 * `sortBy`) is checked by the parsers that answer with the SCIM error of that rule
 * (list-params.ts, projection.ts). Should a request ever fail a schema, the plugin's error handler
 * answers `400 invalidValue` in the SCIM Error format, never Fastify's own 400 body.
 */
import { Type, type Static } from '@sinclair/typebox';

/** One query parameter: its value, or its values when it is repeated (`?attributes=a&attributes=b`). */
const QueryValue = Type.Union([Type.String(), Type.Array(Type.String())]);
const optionalQuery = () => Type.Optional(QueryValue);

/** `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9), on every route that renders a resource. */
export const ProjectionQuery = Type.Object({
  attributes: optionalQuery(),
  excludedAttributes: optionalQuery(),
});
export type ProjectionQuery = Static<typeof ProjectionQuery>;

/** A list's query (RFC 7644 §3.4.2): the projection, `filter`, paging and sorting. */
export const ListQuery = Type.Object({
  ...ProjectionQuery.properties,
  filter: optionalQuery(),
  startIndex: optionalQuery(),
  count: optionalQuery(),
  sortBy: optionalQuery(),
  sortOrder: optionalQuery(),
});
export type ListQuery = Static<typeof ListQuery>;

/** `/{Users|Groups|Schemas|ResourceTypes}/:id` */
export const IdParams = Type.Object({ id: Type.String() });
export type IdParams = Static<typeof IdParams>;

/** The conditional headers of RFC 7644 §3.14 (read by etag.ts). */
export const ConditionalHeaders = Type.Object({
  'if-match': Type.Optional(Type.String()),
  'if-none-match': Type.Optional(Type.String()),
});
export type ConditionalHeaders = Static<typeof ConditionalHeaders>;

/** Route options: the schemas Fastify validates a request against before its handler runs. */
export const LIST = { schema: { querystring: ListQuery } };
export const CREATE = { schema: { querystring: ProjectionQuery } };
export const BY_ID = { schema: { querystring: ProjectionQuery, params: IdParams, headers: ConditionalHeaders } };
export const BY_NAME = { schema: { params: IdParams } };
/** The typed request of a `/:id` route. */
export type ById = { Querystring: ProjectionQuery; Params: IdParams; Headers: ConditionalHeaders };
