import { wildcardMatch } from './wildcard.js';

/**
 * Action patterns: `*`, or `<ram-code>:<action-name>` where either part may use `*` and `?`
 * (`cloudsso:Get*`, `cloudsso:?etUser`, `*:List*`). RAM: "the value of the Action element is not
 * case-sensitive" (Policy elements, Action/NotAction), so matching folds case. The two parts are
 * matched separately: a wildcard in the RAM code never reaches past the colon.
 */

const SERVICE = /^[A-Za-z0-9_*?-]+$/;
const NAME = /^[A-Za-z0-9_.*?-]+$/;

/** Returns what is wrong with an action pattern, or undefined if it is well formed. */
export function actionPatternProblem(pattern: string): string | undefined {
  if (pattern === '*') return undefined;
  const colon = pattern.indexOf(':');
  if (colon < 0) return 'expected "*" or "<service>:<action>", e.g. "cloudsso:GetUser"';
  if (pattern.indexOf(':', colon + 1) >= 0) return 'an action has exactly one ":"';
  const service = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  if (service === '') return 'the service part before ":" is empty';
  if (name === '') return 'the action name after ":" is empty';
  if (!SERVICE.test(service)) {
    return 'the service part may contain only letters, digits, "-", "_", "*" and "?"';
  }
  if (!NAME.test(name)) {
    return 'the action name may contain only letters, digits, "-", "_", ".", "*" and "?"';
  }
  return undefined;
}

/** Does `pattern` (from a policy) match the concrete `action` of a request? */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const pc = pattern.indexOf(':');
  const ac = action.indexOf(':');
  if (pc < 0 || ac < 0) return false;
  return (
    wildcardMatch(pattern.slice(0, pc).toLowerCase(), action.slice(0, ac).toLowerCase()) &&
    wildcardMatch(pattern.slice(pc + 1).toLowerCase(), action.slice(ac + 1).toLowerCase())
  );
}
