import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { COMMON_ERRORS } from '../../../src/products/common/errors.js';
import { PRODUCTS } from '../../../src/products/index.js';
import { defineAction } from '../../../src/rpc/action.js';
import { actionRegistry, type Product } from '../../../src/rpc/product.js';
import { responseChecker } from '../../../src/rpc/response-check.js';

/** The test-mode check of RPC responses (docs/decisions/0080-response-schema-checks.md). */
const action = defineAction({
  name: 'DescribeThing',
  params: Type.Object({}),
  response: Type.Object({ Thing: Type.Object({ Id: Type.String(), Count: Type.Integer(), Tags: Type.Optional(Type.Array(Type.String())) }) }),
  ram: { accessLevel: 'get', resources: () => [] },
  handler: async () => ({ Thing: { Id: 't-1', Count: 1 } }),
});
const product: Product = { code: 'demo', version: '2000-01-01', actions: actionRegistry([action]), arn: () => (r) => r, errors: COMMON_ERRORS };
const check = responseChecker([product]);
const cleaned = (value: unknown) => Value.Clean(action.response, value);

describe('responseChecker', () => {
  it('passes a response its schema describes, extra fields stripped first', () => {
    expect(check(product, action, cleaned({ Thing: { Id: 't-1', Count: 2, Secret: 'x' }, Other: 1 }))).toBeUndefined();
  });

  it('refuses a missing field and a wrong type, as a 500 InternalError that says where', () => {
    const missing = check(product, action, cleaned({ Thing: { Count: 2 } }));
    expect(missing?.error).toMatchObject({ code: 'InternalError', status: 500 });
    expect(missing?.error.message).toMatch(/^The response of demo:DescribeThing does not match its schema: \/Thing\/Id: /);
    const wrongType = check(product, action, cleaned({ Thing: { Id: 't-1', Count: '2', Tags: [1] } }));
    expect(wrongType?.errors).toEqual([expect.stringMatching(/^\/Thing\/Count: .*\(got "2"\)$/), expect.stringMatching(/^\/Thing\/Tags\/0: .*\(got 1\)$/)]);
  });

  it('compiles every action of every product the server serves', () => {
    expect(() => responseChecker(PRODUCTS)).not.toThrow();
  });
});
