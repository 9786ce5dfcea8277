import { wildcardMatch } from './wildcard.js';

/**
 * Resource patterns: `*`, or an ARN `acs:<ram-code>:<region>:<account-id>:<relative-id>` (RAM
 * "Policy elements", Resource) with `*` / `?` allowed in every part. Region and account may be
 * empty (RAM's own ARNs are `acs:ram::<account>:role/<name>`); the relative ID is everything after
 * the fourth colon, so it may itself contain colons.
 *
 * Matching is part by part, so a wildcard never crosses the colon between two parts; inside the
 * relative ID `*` does cross `/` (`directory/d-1/*` covers `directory/d-1/user/u-1`). The RAM code
 * is compared case-insensitively, like the RAM code of an action; region, account and relative ID
 * are case-sensitive because they carry IDs (see docs/decisions/0006-ram-policy-semantics.md).
 */

export interface Arn {
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly relativeId: string;
}

const SERVICE = /^[A-Za-z0-9_*?-]+$/;
const REGION_OR_ACCOUNT = /^[A-Za-z0-9_*?-]*$/;
// No whitespace or control characters anywhere in a relative ID.
const RELATIVE_ID = /^[^\s\u0000-\u001f\u007f]+$/;

export type ArnParse = { readonly arn: Arn } | { readonly problem: string };

export function parseArn(text: string): ArnParse {
  if (!text.startsWith('acs:')) return { problem: 'an ARN starts with "acs:"' };
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) {
      return {
        problem: `expected 5 parts acs:<service>:<region>:<account-id>:<relative-id>, found ${i + 1}`,
      };
    }
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  const [, service = '', region = '', account = ''] = parts;
  const relativeId = text.slice(start);
  if (service === '') return { problem: 'the service part is empty' };
  if (!SERVICE.test(service)) {
    return { problem: 'the service part may contain only letters, digits, "-", "_", "*" and "?"' };
  }
  if (!REGION_OR_ACCOUNT.test(region)) {
    return { problem: 'the region may contain only letters, digits, "-", "_", "*" and "?"' };
  }
  if (!REGION_OR_ACCOUNT.test(account)) {
    return { problem: 'the account ID may contain only letters, digits, "-", "_", "*" and "?"' };
  }
  if (relativeId === '') return { problem: 'the relative ID after the fourth ":" is empty' };
  if (!RELATIVE_ID.test(relativeId)) {
    return { problem: 'the relative ID contains whitespace or a control character' };
  }
  return { arn: { service, region, account, relativeId } };
}

/** Returns what is wrong with a resource pattern, or undefined if it is well formed. */
export function resourcePatternProblem(pattern: string): string | undefined {
  if (pattern === '*') return undefined;
  const parsed = parseArn(pattern);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/**
 * Does `pattern` (from a policy) match the concrete `resource` of a request? A request resource
 * that is not an ARN (operations RAM documents as "All resources: *" pass `*`) is matched only by
 * the pattern `*`.
 */
export function resourceMatches(pattern: string, resource: string): boolean {
  return arnPatternMatches(toResourcePattern(pattern), toRequestResource(resource));
}

/** A policy's resource pattern, parsed once: `*`, an ARN with lower-cased service, or unusable. */
export type ResourcePattern = '*' | Arn | undefined;

export function toResourcePattern(pattern: string): ResourcePattern {
  if (pattern === '*') return '*';
  return toRequestResource(pattern);
}

/** A request's resource, parsed once; undefined when it is not an ARN (e.g. `*`). */
export function toRequestResource(resource: string): Arn | undefined {
  const parsed = parseArn(resource);
  if ('problem' in parsed) return undefined;
  return { ...parsed.arn, service: parsed.arn.service.toLowerCase() };
}

export function arnPatternMatches(pattern: ResourcePattern, resource: Arn | undefined): boolean {
  if (pattern === '*') return true;
  if (pattern === undefined || resource === undefined) return false;
  return (
    wildcardMatch(pattern.service, resource.service) &&
    wildcardMatch(pattern.region, resource.region) &&
    wildcardMatch(pattern.account, resource.account) &&
    wildcardMatch(pattern.relativeId, resource.relativeId)
  );
}
