import { validatePolicyDocument, type AttachedPolicy, type PolicyDocument } from '../../policy/index.js';
import type { CoreContext } from '../context.js';

/**
 * The policies that govern a RAM user's request: those attached to the user and to each of its
 * groups, read from the store on every request so that an attach, a detach or a membership change
 * takes effect on the next call, on every node. Only the parsing is cached, keyed by the document
 * text itself: a changed policy is a different key, so the cache can never serve a stale rule.
 */
const PARSED_LIMIT = 1000;
const parsed = new Map<string, PolicyDocument>();

function parse(text: string): PolicyDocument {
  const hit = parsed.get(text);
  if (hit) {
    // Refresh its place: the map's insertion order is the eviction order.
    parsed.delete(text);
    parsed.set(text, hit);
    return hit;
  }
  // Documents were validated on create; one that no longer validates throws (a 500), failing
  // closed rather than dropping what might be a Deny.
  const doc = validatePolicyDocument(text);
  parsed.set(text, doc);
  if (parsed.size > PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
  return doc;
}

export async function policiesForRamUser(ctx: CoreContext, userId: string): Promise<AttachedPolicy[]> {
  const seen = new Set<string>();
  const out: AttachedPolicy[] = [];
  for (const { policy } of await ctx.store.ram.effectivePolicies(userId)) {
    // Attached both directly and through a group: evaluating it twice changes nothing.
    if (seen.has(policy.name)) continue;
    seen.add(policy.name);
    out.push({ name: policy.name, type: 'Custom', document: parse(policy.document) });
  }
  return out;
}
