/**
 * The one exception the lexer and parser throw. It carries an offset and says which part of the
 * grammar failed; each entry point (parseFilter, parsePatchPath, parseAttributeList) turns it into
 * the ScimError its endpoint owes (RFC 7644 §3.12), so no other exception leaves this folder.
 */
export type Region = 'filter' | 'path';

export class SyntaxFault extends Error {
  override readonly name = 'SyntaxFault';
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly region: Region = 'filter',
  ) {
    super(reason);
  }

  /** "at position 14: expected ..." with a 1-based position, for the ScimError detail. */
  describe(): string {
    return `at position ${this.offset + 1}: ${this.reason}`;
  }
}
