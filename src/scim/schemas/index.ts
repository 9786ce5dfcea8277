/**
 * The SCIM edge's view of the attribute catalogue (src/scim-model/): the catalogue itself, and
 * what the PATCH engine needs to know about each resource type, derived from it.
 */
export * from '../../scim-model/index.js';
export { GROUP_PATCH_INFO as GROUP_PATCH, USER_PATCH_INFO as USER_PATCH, patchInfo } from '../patch/schema-info.js';
