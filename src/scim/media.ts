import type { FastifyReply } from 'fastify';

/** RFC 7644 §3.1: responses are `application/scim+json`. */
export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';

export function sendScim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', SCIM_MEDIA_TYPE).send(JSON.stringify(body));
}
