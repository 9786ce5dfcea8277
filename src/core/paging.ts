import { timingSafeEqual } from 'node:crypto';
import type { CoreContext } from './context.js';
import { DomainError } from './errors.js';

/**
 * Management API pagination: `MaxResults` 1-100 and an opaque `NextToken`. The token is a keyset
 * cursor (the last ID returned), so paging is stable under concurrent inserts and deletes: no
 * duplicates, no gaps among rows that existed throughout. It is bound to the query that produced
 * it and MACed, so a token from another query, or a forged one, is rejected.
 */
export interface PageRequest {
  readonly maxResults: number;
  readonly nextToken?: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly maxResults: number;
  /** Present only when more results follow. */
  readonly nextToken?: string;
}

const PURPOSE = 'next-token';

export function encodeNextToken(ctx: CoreContext, query: string, after: string): string {
  const body = Buffer.from(JSON.stringify({ a: after }), 'utf8').toString('base64url');
  return `${body}.${ctx.secretBox.mac(PURPOSE, `${query}\n${body}`).slice(0, 32)}`;
}

export function decodeNextToken(ctx: CoreContext, query: string, token: string): string {
  const invalid = () =>
    new DomainError('InvalidNextToken', 'The NextToken is not valid for this query: send the token returned by the previous call with the same parameters.', {
      field: 'NextToken',
    });
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 1024) throw invalid();
  const body = token.slice(0, dot);
  const mac = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(ctx.secretBox.mac(PURPOSE, `${query}\n${body}`).slice(0, 32));
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw invalid();
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { a?: unknown };
    if (typeof parsed.a !== 'string') throw invalid();
    return parsed.a;
  } catch {
    throw invalid();
  }
}

/**
 * Runs a keyset page: fetches one row more than asked to know whether more follow, and counts
 * the matching total in the database.
 */
export async function keysetPage<T>(
  ctx: CoreContext,
  query: string,
  page: PageRequest,
  fetch: (after: string | undefined, limit: number) => Promise<T[]>,
  count: () => Promise<number>,
  keyOf: (item: T) => string,
): Promise<Page<T>> {
  const after = page.nextToken ? decodeNextToken(ctx, query, page.nextToken) : undefined;
  const rows = await fetch(after, page.maxResults + 1);
  const items = rows.slice(0, page.maxResults);
  const total = await count();
  const more = rows.length > page.maxResults;
  const last = items.at(-1);
  return {
    items,
    total,
    maxResults: page.maxResults,
    ...(more && last !== undefined ? { nextToken: encodeNextToken(ctx, query, keyOf(last)) } : {}),
  };
}

/**
 * An offset page of the (at most one) row a unique lookup found: the SCIM `userName eq` and
 * `displayName eq` lookups, whichever statement read the row.
 */
export function lookupPage<T>(rows: readonly T[], page: { readonly offset: number; readonly limit: number }): { items: T[]; total: number } {
  return { items: rows.slice(page.offset, page.offset + page.limit), total: rows.length };
}
