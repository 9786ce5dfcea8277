/**
 * ETags (RFC 7644 §3.14): every resource's `meta.version` is `W/"<version>"`, sent as `ETag`.
 * `If-Match` with a version that is no longer current fails with 412 before anything changes.
 */
import type { FastifyRequest } from 'fastify';

/**
 * `If-Match` as the core's `expectedVersion`: nothing without the header or with `*`, else the
 * versions it names. The core checks them under its row lock, in the write's own transaction, and
 * answers VersionMismatch (412) when the stored version is none of them; a header that names no
 * version of this server (not `W/"<n>"`) matches nothing, so it is a 412 too, after the 404 of a
 * resource that does not exist.
 */
export function ifMatch(request: FastifyRequest): { expectedVersion?: readonly number[] } {
  const h = request.headers['if-match'];
  if (h === undefined) return {};
  const text = Array.isArray(h) ? h.join(',') : h;
  if (text.trim() === '*') return {};
  return { expectedVersion: [...text.matchAll(/(?:W\/)?"(\d+)"/g)].map((m) => Number(m[1])) };
}

/** `If-None-Match` on a GET: true when the client's copy is current (answer 304). */
export function notModified(request: FastifyRequest, current: number): boolean {
  const h = request.headers['if-none-match'];
  if (h === undefined) return false;
  const text = Array.isArray(h) ? h.join(',') : h;
  if (text.trim() === '*') return true;
  return [...text.matchAll(/(?:W\/)?"(\d+)"/g)].some((m) => Number(m[1]) === current);
}
