import { validatePolicyDocument, type AttachedPolicy, type PolicyDocument } from '../../policy/index.js';
import type { CoreContext } from '../context.js';
import type { AttachedPolicyRef } from '../ports/ram.js';
import { systemPolicy } from './system-policies.js';

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
  const oldest = parsed.keys().next();
  if (parsed.size > PARSED_LIMIT && !oldest.done) parsed.delete(oldest.value);
  return doc;
}

/** The documents of attached policies: a Custom one from its row, a System one from the catalogue. */
function documents(refs: readonly AttachedPolicyRef[]): AttachedPolicy[] {
  const seen = new Set<string>();
  const out: AttachedPolicy[] = [];
  for (const ref of refs) {
    // Attached both directly and through a group: evaluating it twice changes nothing.
    const key = `${ref.policyType}:${ref.policyName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = ref.policyType === 'System' ? systemPolicy(ref.policyName)?.document : ref.custom?.document;
    // A System policy missing from the catalogue (renamed in a later release) grants nothing.
    if (text === undefined) continue;
    out.push({ name: ref.policyName, type: ref.policyType, document: parse(text) });
  }
  return out;
}

export async function policiesForRamUser(ctx: CoreContext, userId: string): Promise<AttachedPolicy[]> {
  return documents(await ctx.store.ram.effectivePolicies(userId));
}

/** The policies of a role, which govern every STS session of it. */
export async function policiesForRole(ctx: CoreContext, roleId: string): Promise<AttachedPolicy[]> {
  return documents(await ctx.store.ram.policiesOf('role', roleId));
}

/** A session policy (AssumeRole `Policy`), parsed through the same cache. */
export function sessionPolicy(text: string): AttachedPolicy {
  return { name: 'SessionPolicy', type: 'Custom', document: parse(text) };
}
