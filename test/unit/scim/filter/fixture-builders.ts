import type { AttributePath, CompareOperator, Filter, FilterValue } from '../../../../src/core/filter.js';

/** Short builders for the expected trees of the filter and path fixture tables. */
export const a = (name: string, sub?: string, schema?: string): AttributePath => ({
  ...(schema !== undefined ? { schema } : {}),
  name,
  ...(sub !== undefined ? { sub } : {}),
});
export const cmp = (op: CompareOperator, attr: AttributePath, value: FilterValue): Filter => ({ op, attr, value });
export const eq = (attr: AttributePath, value: FilterValue) => cmp('eq', attr, value);
export const pr = (attr: AttributePath): Filter => ({ op: 'pr', attr });
export const and = (...filters: Filter[]): Filter => ({ op: 'and', filters });
export const or = (...filters: Filter[]): Filter => ({ op: 'or', filters });
export const not = (filter: Filter): Filter => ({ op: 'not', filter });
export const has = (attr: AttributePath, filter: Filter): Filter => ({ op: 'has', attr, filter });
