/**
 * ETags (RFC 7644 §3.14): every resource's `meta.version` is `W/"<version>"`, sent as `ETag`.
 * `If-Match` with a version that is no longer current fails with 412 before anything changes.
 */
import type { FastifyRequest } from 'fastify';
import { ScimError } from './scim-error.js';

/** The version `If-Match` requires, `undefined` without the header or with `*`. */
export function ifMatchVersion(request: FastifyRequest): number[] | undefined {
  const h = request.headers['if-match'];
  if (h === undefined) return undefined;
  const text = Array.isArray(h) ? h.join(',') : h;
  if (text.trim() === '*') return undefined;
  const versions = [...text.matchAll(/(?:W\/)?"(\d+)"/g)].map((m) => Number(m[1]));
  if (versions.length === 0) throw new ScimError({ status: 412 }, `If-Match ${JSON.stringify(text)} names no version of this server (expected W/"<n>").`);
  return versions;
}

/** Throws 412 unless `current` is one of the versions If-Match names. */
export function checkIfMatch(request: FastifyRequest, current: number): number | undefined {
  const wanted = ifMatchVersion(request);
  if (wanted === undefined) return undefined;
  if (!wanted.includes(current)) {
    throw new ScimError({ status: 412 }, `The resource is at version W/"${current}", not ${wanted.map((v) => `W/"${v}"`).join(' or ')} (If-Match).`);
  }
  return current;
}

/** `If-None-Match` on a GET: true when the client's copy is current (answer 304). */
export function notModified(request: FastifyRequest, current: number): boolean {
  const h = request.headers['if-none-match'];
  if (h === undefined) return false;
  const text = Array.isArray(h) ? h.join(',') : h;
  if (text.trim() === '*') return true;
  return [...text.matchAll(/(?:W\/)?"(\d+)"/g)].some((m) => Number(m[1]) === current);
}
