import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { invalidParameter, missingParameter } from './edge-errors.js';

/**
 * RPC parameters arrive flat and as strings (`Tags.1.Key=env`, `MaxResults=10`). They are
 * rebuilt into objects and arrays (1-based indexes, gaps tolerated: the SDK skips null items,
 * alibaba-sdk-protocol.md §7), converted to the action's TypeBox schema types, then checked.
 */
export function unflatten(params: Readonly<Record<string, string>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const parts = name.split('.');
    // `__proto__.x=1` would walk into Object.prototype and pollute every object of the process.
    if (parts.includes('__proto__')) continue;
    const leaf = parts.pop() ?? '';
    let node: Record<string, unknown> = root;
    for (const part of parts) {
      const next = node[part];
      if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
      else node = node[part] = {};
    }
    if (typeof node[leaf] !== 'object' || node[leaf] === null) node[leaf] = value;
  }
  return arrayify(root) as Record<string, unknown>;
}

/** Turns objects whose keys are all positive integers into arrays ordered by index. */
function arrayify(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = arrayify(obj[k]);
  if (keys.length > 0 && keys.every((k) => /^[1-9][0-9]{0,3}$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => obj[k]);
  }
  return obj;
}

/** Wire name of a value-error path: `/Tags/0/Key` -> `Tags.1.Key`. */
function wireName(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p))
    .join('.');
}

export interface ParameterParser<S extends TObject> {
  parse(flat: Readonly<Record<string, string>>): Static<S>;
}

export function parameterParser<S extends TObject>(schema: S): ParameterParser<S> {
  const check: TypeCheck<S> = TypeCompiler.Compile(schema);
  return {
    parse(flat) {
      const value = Value.Convert(schema, unflatten(flat));
      if (check.Check(value)) return value;
      const first = check.Errors(value).First();
      if (!first) throw invalidParameter('Unknown', 'the request parameters are malformed');
      const name = wireName(first.path) || 'Unknown';
      if (first.value === undefined) throw missingParameter(name);
      throw invalidParameter(name, describe(first.schema));
    },
  };
}

/** A short reason from the failing schema (its `errorMessage`, else what it expects). */
function describe(schema: TSchema): string {
  const s = schema as TSchema & Record<string, unknown>;
  if (typeof s['errorMessage'] === 'string') return s['errorMessage'];
  if (Array.isArray(s['anyOf'])) {
    const values = (s['anyOf'] as Array<{ const?: unknown }>).map((o) => o.const).filter((v) => v !== undefined);
    if (values.length > 0) return `it must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (s['type'] === 'integer') {
    const range = [s['minimum'] !== undefined && `>= ${s['minimum']}`, s['maximum'] !== undefined && `<= ${s['maximum']}`].filter(Boolean);
    return `it must be an integer${range.length ? ` ${range.join(' and ')}` : ''}`;
  }
  if (s['type'] === 'boolean') return 'it must be true or false';
  if (s['type'] === 'string') {
    if (typeof s['maxLength'] === 'number') return `it must be at most ${s['maxLength']} characters`;
    return 'it must be a string';
  }
  if (s['type'] === 'array') return 'it must be a list';
  return 'it does not have the expected form';
}
