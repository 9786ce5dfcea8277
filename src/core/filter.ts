/**
 * The protocol-neutral filter tree. The SCIM edge parses RFC 7644 §3.4.2.2 filters into it, the
 * management API translates its `Filter` parameter (`UserName sw abc`) into it, and the store
 * compiles it to SQL. Nothing here knows a wire syntax or a column.
 *
 * Attribute paths are already resolved by the parser: `name` is lower-cased (SCIM attribute names
 * are case-insensitive, RFC 7643 §2.1), `schema` is the lower-cased URN when the filter used a
 * URN-qualified name and omitted otherwise, `sub` is the lower-cased sub-attribute if any.
 */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export interface AttributePath {
  readonly schema?: string;
  readonly name: string;
  readonly sub?: string;
}

/** Literal values as RFC 7644 compValue: false / null / true / number / string. */
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { readonly op: 'and' | 'or'; readonly filters: readonly Filter[] }
  | { readonly op: 'not'; readonly filter: Filter }
  | { readonly op: 'pr'; readonly attr: AttributePath }
  | { readonly op: CompareOperator; readonly attr: AttributePath; readonly value: FilterValue }
  /** `emails[type eq "work" and value co "@x"]`: some element of the multi-valued `attr` matches `filter`. */
  | { readonly op: 'has'; readonly attr: AttributePath; readonly filter: Filter };

export function attributePathToString(p: AttributePath): string {
  const base = p.sub ? `${p.name}.${p.sub}` : p.name;
  return p.schema ? `${p.schema}:${base}` : base;
}

/**
 * The string of a filter that is `<attribute> eq "<string>"` and nothing else (`attribute` lower-
 * cased, without a sub-attribute, unqualified or qualified by one of `coreSchemas`): a lookup by a
 * unique key when the attribute is one (users' userName, groups' displayName).
 */
export function stringEquality(f: Filter | undefined, attribute: string, coreSchemas: readonly string[]): string | undefined {
  if (!f || f.op !== 'eq' || typeof f.value !== 'string') return undefined;
  if (f.attr.name !== attribute || f.attr.sub !== undefined) return undefined;
  if (f.attr.schema !== undefined && !coreSchemas.includes(f.attr.schema)) return undefined;
  return f.value;
}
