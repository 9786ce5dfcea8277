import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimErrorHandler } from '../../../src/scim/plugin.js';
import { BY_ID, LIST, type ById, type ListQuery } from '../../../src/scim/route-schemas.js';
import { SCIM_ERROR_SCHEMA } from '../../../src/scim/scim-error.js';

/**
 * The SCIM routes' TypeBox schemas as Fastify applies them: every query string a client can send
 * passes (the parsers answer the SCIM error of each rule), and a request that fails a schema is a
 * SCIM Error (400 invalidValue), never Fastify's own `{"statusCode":400,...}` body.
 */
describe('SCIM route schemas', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    app.setErrorHandler(scimErrorHandler);
    app.get<{ Querystring: ListQuery }>('/Users', LIST, async (request) => ({ query: request.query }));
    app.get<ById>('/Users/:id', BY_ID, async (request) => ({ id: request.params.id, query: request.query, ifMatch: request.headers['if-match'] ?? null }));
    // A stricter schema than any SCIM route has, to see what a failure looks like on the wire.
    app.get('/strict/:id', { schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) }) } }, async () => ({}));
    await app.ready();
  });
  afterAll(() => app.close());

  it('passes every list query as the client sent it: one value, or the values of a repeated parameter', async () => {
    const res = await app.inject('/Users?filter=userName%20eq%20%22a%22&startIndex=abc&count=-1&attributes=userName&attributes=emails&unknown=1');
    expect(res.statusCode).toBe(200);
    expect(res.json().query).toEqual({ filter: 'userName eq "a"', startIndex: 'abc', count: '-1', attributes: ['userName', 'emails'], unknown: '1' });
  });

  it('passes any id and the conditional headers', async () => {
    const res = await app.inject({ url: '/Users/%E2%9C%93%20x?excludedAttributes=groups', headers: { 'if-match': 'W/"3"' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: '✓ x', query: { excludedAttributes: 'groups' }, ifMatch: 'W/"3"' });
  });

  it('answers a schema failure with a SCIM error, not Fastify\'s body', async () => {
    const res = await app.inject('/strict/abc');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    const body = res.json();
    expect(body).toMatchObject({ schemas: [SCIM_ERROR_SCHEMA], status: '400', scimType: 'invalidValue' });
    expect(body.detail).toMatch(/^The request's params is not valid: /);
    expect(body).not.toHaveProperty('statusCode');
  });
});
