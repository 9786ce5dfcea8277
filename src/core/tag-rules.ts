import { DomainError } from './errors.js';
import type { Tag } from './model.js';

/**
 * Tag limits. CloudSSO publishes none for user tags (cloudsso-api.md §3.3 "Limits: not found"),
 * so these are Alibaba Cloud's usual tag rules (docs/decisions/0020-management-users-groups.md):
 * at most 20 tags per resource, keys of 1 to 128 characters that do not start with `acs:` or
 * `aliyun`, values of 0 to 128 characters, and neither containing `http://` or `https://`.
 */
export const TAG_LIMITS = {
  perResource: 20,
  keyMax: 128,
  valueMax: 128,
  /** Resources and tags one TagResources call may name. */
  resourcesPerCall: 50,
  tagsPerCall: 20,
} as const;

const RESERVED_PREFIXES = ['acs:', 'aliyun'];
const URL_MARKERS = ['http://', 'https://'];

function invalid(field: string, message: string): DomainError {
  return new DomainError('InvalidParameter', message, { field });
}

export function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'a tag key must not be empty';
  if (key.length > TAG_LIMITS.keyMax) return `a tag key must be at most ${TAG_LIMITS.keyMax} characters`;
  const lower = key.toLowerCase();
  if (RESERVED_PREFIXES.some((p) => lower.startsWith(p))) return 'a tag key must not start with "acs:" or "aliyun" (reserved)';
  if (URL_MARKERS.some((m) => lower.includes(m))) return 'a tag key must not contain "http://" or "https://"';
  return undefined;
}

export function tagValueProblem(value: string): string | undefined {
  if (value.length > TAG_LIMITS.valueMax) return `a tag value must be at most ${TAG_LIMITS.valueMax} characters`;
  const lower = value.toLowerCase();
  if (URL_MARKERS.some((m) => lower.includes(m))) return 'a tag value must not contain "http://" or "https://"';
  return undefined;
}

/**
 * Checks tags to be written, naming each problem by its wire parameter (`Tags.2.Key`): key and
 * value rules, no key twice in one request, at most 20.
 */
export function checkTags(tags: readonly Tag[], field: string): void {
  if (tags.length > TAG_LIMITS.tagsPerCall) throw invalid(field, `At most ${TAG_LIMITS.tagsPerCall} tags may be given at once.`);
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    const keyProblem = tagKeyProblem(t.key);
    if (keyProblem) throw invalid(`${field}.${i + 1}.Key`, `${capitalize(keyProblem)}.`);
    const valueProblem = tagValueProblem(t.value);
    if (valueProblem) throw invalid(`${field}.${i + 1}.Value`, `${capitalize(valueProblem)}.`);
    if (seen.has(t.key)) throw invalid(`${field}.${i + 1}.Key`, `The tag key ${JSON.stringify(t.key)} is given twice.`);
    seen.add(t.key);
  });
}

/** The resource's tags after setting `added`: more than 20 is refused, naming the wire parameter. */
export function checkTagCount(existingKeys: Iterable<string>, added: readonly Tag[], field: string, resourceId: string, noun = 'user'): void {
  const keys = new Set(existingKeys);
  for (const t of added) keys.add(t.key);
  if (keys.size > TAG_LIMITS.perResource) {
    throw new DomainError(
      'InvalidParameter',
      `The ${noun} ${resourceId} would have ${keys.size} tags; a resource has at most ${TAG_LIMITS.perResource}. Remove some first (UntagResources).`,
      { field, id: resourceId },
    );
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
