/** The SCIM PATCH engine (RFC 7644 §3.5.2): parse a PatchOp body, apply it to a document. */
export { applyPatch } from './apply.js';
export { matchesFilter, type MatchOptions } from './match.js';
export { MAX_OPERATIONS, PATCH_OP_SCHEMA, parsePatchRequest } from './request.js';
export { GROUP_PATCH_INFO, USER_PATCH_INFO } from './schema-info.js';
export type {
  MemberChange,
  ParsedOperation,
  ParsedPath,
  PatchOperation,
  PatchRequest,
  PatchResult,
  PathSpelling,
  ResourceSchemaInfo,
} from './types.js';
