import type { FastifyReply } from 'fastify';
import type { RpcError } from './rpc-error.js';

/**
 * Success: 200, JSON, `RequestId` plus the action's fields, never a top-level `Code` (pop-core
 * treats any `Code` as an error). Error: 4xx/5xx with RequestId, HostId, Code, Message, Recommend
 * (openapi-client/openapi-core decide by the status, pop-core by `Code`: both see it).
 */
const JSON_TYPE = 'application/json;charset=utf-8';

export function sendSuccess(reply: FastifyReply, requestId: string, body: Record<string, unknown>): FastifyReply {
  return reply.code(200).header('content-type', JSON_TYPE).send(JSON.stringify({ RequestId: requestId, ...body }));
}

export function errorBody(err: RpcError, requestId: string, hostId: string): Record<string, unknown> {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: err.code,
    Message: err.message,
    Recommend: `https://github.com/open-cloudsso/open-cloudsso/blob/main/docs/errors.md#${anchor(err.code)}`,
    ...err.extra,
  };
}

export function sendError(reply: FastifyReply, err: RpcError, requestId: string, hostId: string): FastifyReply {
  for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
  return reply.code(err.status).header('content-type', JSON_TYPE).send(JSON.stringify(errorBody(err, requestId, hostId)));
}

/** The GitHub-style heading anchor of a code in docs/errors.md (`InvalidParameter.<Name>` shares one). */
function anchor(code: string): string {
  const family = /^(InvalidParameter|MissingParameter)\./.exec(code)?.[1] ?? code;
  return family.toLowerCase().replace(/[^a-z0-9]+/g, '');
}
