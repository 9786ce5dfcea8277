/**
 * RFC 7643 §7 schema definitions, as data. One definition per schema feeds input validation
 * (scim/input.ts), output shaping (attributes/excludedAttributes, `returned`), the `/Schemas` and
 * `/ResourceTypes` documents, the filter allow-list, the PATCH engine's schema info and the
 * store's filter maps (storage.ts).
 */
export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

type Options = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description' | 'subAttributes'>>;

const base = (name: string, type: AttributeType, description: string, o: Options = {}): AttributeDefinition => ({
  name,
  type,
  multiValued: o.multiValued ?? false,
  description,
  required: o.required ?? false,
  caseExact: o.caseExact ?? false,
  mutability: o.mutability ?? 'readWrite',
  returned: o.returned ?? 'default',
  uniqueness: o.uniqueness ?? 'none',
  ...(o.canonicalValues ? { canonicalValues: o.canonicalValues } : {}),
  ...(o.referenceTypes ? { referenceTypes: o.referenceTypes } : {}),
});

export const str = (name: string, description: string, o?: Options) => base(name, 'string', description, o);
export const bool = (name: string, description: string, o?: Options) => base(name, 'boolean', description, o);
export const ref = (name: string, description: string, referenceTypes: readonly string[], o?: Options) =>
  base(name, 'reference', description, { caseExact: true, ...o, referenceTypes });
export const binary = (name: string, description: string, o?: Options) => base(name, 'binary', description, { caseExact: true, ...o });
export const complex = (name: string, description: string, subAttributes: readonly AttributeDefinition[], o?: Options): AttributeDefinition => ({
  ...base(name, 'complex', description, o),
  subAttributes,
});

/** The `type`/`primary`/`display` trio of RFC 7643 §2.4 multi-valued attributes. */
export function multiValuedSubs(valueAttr: AttributeDefinition, what: string, types: readonly string[]): AttributeDefinition[] {
  return [
    valueAttr,
    str('display', `A human-readable name, primarily used for display purposes. READ-ONLY.`),
    str('type', `A label indicating the attribute's function, e.g., ${types.map((t) => `'${t}'`).join(', ')}.`, { canonicalValues: types }),
    bool(
      'primary',
      `A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred ${what}. The primary attribute value 'true' MUST appear no more than once.`,
    ),
  ];
}
