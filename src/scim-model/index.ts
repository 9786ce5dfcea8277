/**
 * The SCIM attribute catalogue: RFC 7643 schema definitions as data, the resource types, and
 * where this server keeps each attribute. A pure layer beside the core (it imports only the core's
 * types): the SCIM edge builds /Schemas, input validation, projection, the filter allow-list and
 * the PATCH engine's schema info from it; the store builds its filter column and JSON maps and its
 * sort columns from it. Neither keeps a list of attributes of its own.
 */
export * from './types.js';
export { USER_SCHEMA, USER_SCHEMA_ID } from './user.js';
export { ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_ID } from './enterprise-user.js';
export { GROUP_SCHEMA, GROUP_SCHEMA_ID } from './group.js';
export * from './resource-types.js';
export * from './storage.js';
