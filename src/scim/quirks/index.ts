/**
 * IdP tolerances: behaviours outside (or at the edge of) RFC 7643/7644 that real IdPs need, one
 * file each, named after the tolerance and citing the IdP behaviour in
 * ../shared/reference/scim-ecosystem.md §2. Input (POST/PUT bodies, scim/input.ts) and the PATCH
 * engine (scim/patch/) read them from here, so an IdP's value means the same in every method.
 *
 * | file                          | rows            | used by                          |
 * |-------------------------------|-----------------|----------------------------------|
 * | string-booleans               | 2, 40           | input, PATCH (write, elements)   |
 * | empty-means-unassigned        | 8, 12, 40       | input, PATCH                     |
 * | bare-value-for-complex        | 7, §1.1         | input, PATCH (elements)          |
 * | member-display-name           | §1.1            | input, PATCH (members)           |
 * | server-managed-attributes     | 12, 13, 32, 40  | input, PATCH (apply)             |
 * | patch-op-case                 | 1               | PATCH (request)                  |
 *
 * Tolerances that are part of a grammar stay with it: unquoted filter values, `+` for space and
 * `emails[type eq "work"].value eq` (scim/filter/), value-filtered PATCH paths that create their
 * element (row 6, patch/write.ts), `add` on a single-valued attribute replacing it (row 3,
 * patch/write.ts), URN-qualified keys (row 9: input.ts for bodies, the path parser for PATCH).
 */
export { asValueObject, isBareValue } from './bare-value-for-complex.js';
export { isUnassigned } from './empty-means-unassigned.js';
export { memberDisplay } from './member-display-name.js';
export { patchOpName } from './patch-op-case.js';
export { IGNORED_IN_PATCH, IGNORED_ON_INPUT } from './server-managed-attributes.js';
export { readBoolean } from './string-booleans.js';
