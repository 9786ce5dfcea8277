/**
 * Checks on raw SCIM input before any handler sees it: things no resource may contain, whatever
 * its schema. A NUL character cannot be stored in PostgreSQL text or jsonb (it was a 500), and
 * no SCIM attribute has a use for one; a document nested deeper than any SCIM resource is not a
 * resource (and would make recursive code run out of stack).
 */
import { invalidSyntax, invalidValue } from './scim-error.js';

/** RFC 7643 resources nest a few levels (extension > manager > value); PATCH values one more. */
export const MAX_DEPTH = 32;

/** A percent-encoded or raw NUL anywhere in the request target (path or query). */
export function checkRequestTarget(url: string): void {
  if (/%00/i.test(url) || url.includes('\u0000')) {
    throw invalidValue('The request URL contains a NUL character (%00), which no SCIM id, filter or parameter may contain.');
  }
}

/** Walks a parsed JSON body without recursion: no NUL in any key or string; bounded depth. */
export function checkBody(body: unknown): void {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: body, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { v, depth } = top;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw invalidValue('The request body contains a NUL character (\\u0000), which no SCIM attribute may contain.');
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH) throw invalidSyntax(`The request body nests more than ${MAX_DEPTH} levels deep; no SCIM resource does.`);
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      if (k.includes('\u0000')) throw invalidValue('The request body contains a NUL character (\\u0000) in an attribute name.');
      stack.push({ v: item, depth: depth + 1 });
    }
  }
}
