import { complex, ref, str, type SchemaDefinition } from './types.js';

/** RFC 7643 §4.2 and §8.7.1: the core Group schema. */
export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group',
  attributes: [
    str('displayName', 'A human-readable name for the Group. REQUIRED.', { required: true, uniqueness: 'server' }),
    complex('members', 'A list of members of the Group.', [
      str('value', 'Identifier of the member of this Group.', { mutability: 'immutable', caseExact: true }),
      ref('$ref', 'The URI corresponding to a SCIM resource that is a member of this Group.', ['User', 'Group'], { mutability: 'immutable' }),
      str('display', 'A human-readable name for the member, primarily used for display purposes.'),
      str('type', "A label indicating the type of resource, e.g., 'User' or 'Group'.", { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
    ], { multiValued: true }),
  ],
};
