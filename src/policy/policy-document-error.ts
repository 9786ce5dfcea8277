/**
 * Why a policy document was refused. `path` locates the problem in the document with the same
 * notation a reader would use (`Statement[1].Condition.IpAddress["acs:SourceIp"][0]`, or
 * `document` for the whole text); `reason` is `<path>: <problem>` and is safe to return to the
 * caller verbatim (it quotes only what the caller sent).
 */
export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
  readonly reason: string;

  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    const reason = `${path}: ${problem}`;
    super(reason);
    this.reason = reason;
  }
}

/** Throws the error for `path`; typed `never` so callers narrow after it. */
export function fail(path: string, problem: string): never {
  throw new PolicyDocumentError(path, problem);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends an object key or array index to a path: `Statement` + 1 -> `Statement[1]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path === 'document' ? key : `${path}.${key}`;
  const quoted = `[${JSON.stringify(key)}]`;
  return path === 'document' ? `document${quoted}` : `${path}${quoted}`;
}

/** Quotes a value the caller sent, shortened so a reason never echoes a whole document. */
export function quote(value: string, max = 80): string {
  const shown = value.length > max ? `${value.slice(0, max)}...` : value;
  return JSON.stringify(shown);
}
