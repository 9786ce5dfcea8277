/**
 * The PATCH engine's vocabulary (RFC 7644 §3.5.2): the body as received, the operations once
 * validated, what the engine needs to know about a resource type, and the membership changes it
 * hands back instead of applying.
 */
import type { PatchPath } from '../filter/path.js';

/** One element of `Operations`, as received. */
export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

/** The raw PatchOp body (RFC 7644 §3.5.2). */
export interface PatchRequest {
  schemas?: unknown;
  Operations?: unknown;
}

/**
 * The attribute, sub-attribute and schema of a path as the client spelled them. The path parser
 * lower-cases names (they are case-insensitive, RFC 7643 §2.1); a new attribute is stored under
 * the spelling of its first writer.
 */
export interface PathSpelling {
  readonly schema?: string;
  readonly name: string;
  readonly sub?: string;
  readonly subAttr?: string;
}

export interface ParsedPath {
  /** The path as received, for error details. */
  readonly text: string;
  readonly parsed: PatchPath;
  readonly spelling: PathSpelling;
}

export type ParsedOperation =
  | { readonly index: number; readonly op: 'add' | 'replace'; readonly path?: ParsedPath; readonly value: unknown }
  | { readonly index: number; readonly op: 'remove'; readonly path: ParsedPath; readonly value?: unknown };

export interface ResourceSchemaInfo {
  /** Lower-cased core attribute names that are multi-valued (emails, phoneNumbers, ..., members, groups). */
  readonly multiValued: ReadonlySet<string>;
  /**
   * Lower-cased core attribute names a client may not change (`id`, `groups`). An operation that
   * would leave the value as it is (Okta sends the group's own `id` in a rename) is ignored; one
   * that would change it fails with `mutability`. `meta` and `schemas` are always ignored.
   */
  readonly readOnly: ReadonlySet<string>;
  /** Lower-cased boolean attribute names (`active`): `"True"` / `"False"` strings are coerced. */
  readonly booleans: ReadonlySet<string>;
  /** Lower-cased extension schema URN -> the key under which its object lives in the resource. */
  readonly extensions: ReadonlyMap<string, string>;
  /** Lower-cased core schema URN; paths may be prefixed with it. */
  readonly coreSchema: string;
  /** Attributes kept outside the document (Groups: `members`): their operations become MemberChange[]. */
  readonly external?: ReadonlySet<string>;
  /**
   * Extension attributes a client may address without their URN (lower-cased name -> lower-cased
   * URN). Entra's tutorial, Example 5, sends path `manager` for the enterprise manager. Used only
   * when the resource has no core attribute of that name.
   */
  readonly extensionAttributes?: ReadonlyMap<string, string>;
}

export type MemberChange =
  /** Idempotent at the store. `displays` keeps a client-sent `display` per id (the Microsoft collection reads it back). */
  | { readonly kind: 'add'; readonly values: string[]; readonly displays?: Readonly<Record<string, string>> }
  | { readonly kind: 'remove'; readonly values: string[] }
  | { readonly kind: 'removeAll' }
  | { readonly kind: 'replace'; readonly values: string[]; readonly displays?: Readonly<Record<string, string>> };

export interface PatchResult {
  /** A new document; the input is never mutated. */
  readonly resource: Record<string, unknown>;
  /** In operation order; the store applies them one after the other. */
  readonly memberChanges: MemberChange[];
  /** Whether the document differs from the input (membership changes are not counted). */
  readonly changed: boolean;
}
