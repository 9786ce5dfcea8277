/**
 * RAM wildcards: `*` matches any sequence of characters (including none and including `/`), `?`
 * matches exactly one character. There is no escape: RAM has no way to write a literal `*`.
 * Characters are Unicode code points, so `?` matches one emoji, not half of one.
 *
 * Greedy match with backtracking to the last `*` only: O(pattern x text) in the worst case, never
 * exponential, whatever the pattern (`*a*a*a*a*b` against a long run of `a`s stays cheap).
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  if (pattern === '*') return true;
  if (!hasWildcard(pattern)) return pattern === text;
  // Strings index by UTF-16 unit; only split into code points when a surrogate pair is present.
  const astral = SURROGATE.test(pattern) || SURROGATE.test(text);
  return astral ? matchFrom(Array.from(pattern), Array.from(text)) : matchFrom(pattern, text);
}

const SURROGATE = /[\uD800-\uDFFF]/;

function matchFrom(p: ArrayLike<string>, t: ArrayLike<string>): boolean {
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = 0;
  while (ti < t.length) {
    const pc = p[pi];
    if (pc === '*') {
      starP = pi++;
      starT = ti;
    } else if (pc !== undefined && (pc === '?' || pc === t[ti])) {
      pi++;
      ti++;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
