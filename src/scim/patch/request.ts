/**
 * The PatchOp body (RFC 7644 §3.5.2) -> validated operations. Every path is parsed here, so a
 * malformed one fails the request before anything is applied.
 */
import { parsePatchPath } from '../filter/path.js';
import { patchOpName } from '../quirks/index.js';
import { invalidPath, invalidSyntax, invalidValue, noTarget } from '../scim-error.js';
import { spellPath } from './names.js';
import { atOperation } from './where.js';
import type { ParsedOperation, ParsedPath } from './types.js';
import { findKey, isPlainObject, type Doc } from './values.js';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** More operations than this in one request are refused (no RFC limit; Entra batches far fewer). */
export const MAX_OPERATIONS = 1000;

/**
 * Validates the body. Lenient where IdPs differ and nothing is ambiguous:
 * - `schemas` may be missing; when present it must list the PatchOp URN (any case).
 * - Member names of the body and of each operation match without case (`operations`, `Op`, `Path`),
 *   RFC 7643 §2.1; unknown members (`id` on the body, `name` on an operation: the Microsoft
 *   collection) are ignored.
 * - `op` is case-insensitive: Entra sends `Add`, `Replace`, `Remove` (quirk 1).
 * - A `null` or blank `path` is no path.
 */
export function parsePatchRequest(body: unknown): ParsedOperation[] {
  if (!isPlainObject(body)) throw invalidSyntax('The PATCH body must be a JSON object (RFC 7644 §3.5.2)');
  checkSchemas(get(body, 'schemas'));
  const operations = get(body, 'operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidSyntax('"Operations" must be a non-empty array (RFC 7644 §3.5.2)');
  }
  if (operations.length > MAX_OPERATIONS) {
    throw invalidValue(`Too many operations: ${operations.length} (at most ${MAX_OPERATIONS} per request)`);
  }
  return operations.map((raw, index) => parseOperation(raw, index));
}

function get(obj: Doc, lowerName: string): unknown {
  const k = findKey(obj, lowerName);
  return k === undefined ? undefined : obj[k];
}

function checkSchemas(schemas: unknown): void {
  if (schemas === undefined || schemas === null) return;
  const list = Array.isArray(schemas) ? schemas : [schemas];
  if (!list.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw invalidSyntax(`"schemas" must contain "${PATCH_OP_SCHEMA}"`);
  }
}

function parseOperation(raw: unknown, index: number): ParsedOperation {
  const where = `Operations[${index}]`;
  if (!isPlainObject(raw)) throw invalidSyntax(`${where} must be an object`);
  const opValue = get(raw, 'op');
  if (typeof opValue !== 'string') throw invalidSyntax(`${where}: "op" must be "add", "remove" or "replace"`);
  const op = patchOpName(opValue);
  const path = parsePath(get(raw, 'path'), where, index);
  const valueKey = findKey(raw, 'value');
  const hasValue = valueKey !== undefined;
  const value = hasValue ? raw[valueKey] : undefined;
  switch (op) {
    case 'remove':
      // RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with ... noTarget".
      if (!path) throw noTarget(`${where}: "remove" needs a "path"`);
      return hasValue ? { index, op, path, value } : { index, op, path };
    case 'add':
    case 'replace':
      if (!hasValue) throw invalidValue(`${where}: "${op}" needs a "value"`);
      // RFC 7644 §3.5.2.1 / §3.5.2.3: without a path the value is a set of attributes.
      if (!path && !isPlainObject(value)) {
        throw invalidValue(`${where}: "${op}" without "path" needs an object "value"`);
      }
      return path ? { index, op, path, value } : { index, op, value };
    default:
      throw invalidSyntax(`${where}: unknown op ${JSON.stringify(opValue)} (expected add, remove or replace)`);
  }
}

function parsePath(raw: unknown, where: string, index: number): ParsedPath | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw invalidPath(`${where}: "path" must be a string`);
  if (raw.trim() === '') return undefined;
  const parsed = atOperation(index, () => parsePatchPath(raw));
  return { text: raw, parsed, spelling: spellPath(raw, parsed) };
}
