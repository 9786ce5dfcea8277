/**
 * Counting parameters without parsing them: the number of `&`-separated pieces of a query string
 * or form body, found with native `indexOf`, so a 530 KB form of 60,000 parameters costs well
 * under a millisecond to refuse (docs/decisions/0041-request-bounds.md).
 */
export function countParameters(text: string | Buffer): number {
  if (text.length === 0) return 0;
  let n = 1;
  if (typeof text === 'string') {
    for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) n++;
  } else {
    for (let i = text.indexOf(0x26); i >= 0; i = text.indexOf(0x26, i + 1)) n++;
  }
  return n;
}

/** The raw query string of a request URL ('' if none), not decoded. */
export function rawQueryOf(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
}

/** CLOUDSSO_MAX_PARAMETERS by default: TagResources, the widest action, needs about 110. */
export const DEFAULT_MAX_PARAMETERS = 1000;
