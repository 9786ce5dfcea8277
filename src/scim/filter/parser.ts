/**
 * Recursive-descent parser for RFC 7644 §3.4.2.2 (Figure 1), shared by the three entry points.
 *
 *   FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
 *   valuePath = attrPath "[" valFilter "]"
 *   valFilter = attrExp / logExp / *1"not" "(" valFilter ")"
 *   attrExp   = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)
 *   logExp    = FILTER SP ("and" / "or") SP FILTER
 *
 * Precedence (§3.4.2.2 Table 5): "( )" and "[ ]", then "not", then "and", then "or"; so
 * `or := and *("or" and)`, `and := factor *("and" factor)`. Operators and keywords are
 * case-insensitive.
 *
 * Tolerated beyond the RFC, because identity providers send it:
 * - `emails[type eq "work"].value eq "x"` (Entra's matching-attribute filter): read as
 *   `emails[type eq "work" and value eq "x"]`.
 * - Unquoted values (`userName sw O`, `externalId eq jyoung`, `meta.created gt
 *   2015-10-10T14:38:21.8617979-07:00`, all from the Microsoft collection and Entra docs): an
 *   unquoted word is a string, except `true` / `false` / `null` and JSON numbers, which keep their
 *   JSON meaning. The store compares with the attribute's declared type.
 * - White space (not only SP) around tokens, and none required between an attribute and `[`.
 */
import type { AttributePath, CompareOperator, Filter, FilterValue } from '../../core/filter.js';
import { readAttrPath, readSubAttr } from './attr-path.js';
import { Lexer, type Token } from './lexer.js';
import { SyntaxFault, type Region } from './syntax-fault.js';

/** Parentheses, brackets and `not` nested deeper than this are refused (and the stack stays bounded). */
export const MAX_DEPTH = 32;

const COMPARE_OPERATORS: ReadonlySet<string> = new Set<CompareOperator>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, ge, lt, le or pr';
const KEYWORDS = new Set(['and', 'or', 'not']);
/** RFC 8259 §6 number. */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The value filter of a valuePath, and the sub-attribute written after its `]`, if any. */
export interface ValuePathTail {
  readonly filter: Filter;
  readonly subAttr?: string;
}

export class Parser {
  private buffered: Token | undefined;
  private depth = 0;
  private inValueFilter = false;

  constructor(
    private readonly lexer: Lexer,
    /** Which ScimError a fault becomes depends on where it happens (see syntax-fault.ts). */
    private region: Region,
  ) {}

  // ---- tokens -------------------------------------------------------------------------------

  peek(): Token {
    if (!this.buffered) {
      try {
        this.buffered = this.lexer.next();
      } catch (e) {
        if (e instanceof SyntaxFault) throw new SyntaxFault(e.offset, e.reason, this.region);
        throw e;
      }
    }
    return this.buffered;
  }

  next(): Token {
    const t = this.peek();
    this.buffered = undefined;
    return t;
  }

  fail(offset: number, reason: string): never {
    throw new SyntaxFault(offset, reason, this.region);
  }

  private isKeyword(t: Token, keyword: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === keyword;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail(t.start, `nesting deeper than ${MAX_DEPTH} levels of '(', '[' or 'not'`);
  }

  // ---- FILTER -------------------------------------------------------------------------------

  /** A whole filter: FILTER then end of input. */
  parseFilterToEnd(): Filter {
    if (this.peek().kind === 'eof') this.fail(0, 'empty filter');
    const f = this.parseOr();
    const t = this.peek();
    if (t.kind === ')') this.fail(t.start, "unmatched ')'");
    if (t.kind === ']') this.fail(t.start, "unmatched ']'");
    if (t.kind !== 'eof') this.fail(t.start, `expected 'and', 'or' or end of filter, found ${describe(t)}`);
    return f;
  }

  private parseOr(): Filter {
    const filters = [this.parseAnd()];
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      filters.push(this.parseAnd());
    }
    return filters.length === 1 && filters[0] ? filters[0] : { op: 'or', filters };
  }

  private parseAnd(): Filter {
    const filters = [this.parseFactor()];
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      filters.push(this.parseFactor());
    }
    return filters.length === 1 && filters[0] ? filters[0] : { op: 'and', filters };
  }

  private parseFactor(): Filter {
    const t = this.peek();
    if (t.kind === '(') {
      return this.parseGroup();
    }
    if (this.isKeyword(t, 'not')) {
      this.next();
      this.enter(t);
      if (this.peek().kind !== '(') this.fail(this.peek().start, `expected '(' after 'not', found ${describe(this.peek())}`);
      const filter = this.parseGroup();
      this.depth--;
      return { op: 'not', filter };
    }
    if (t.kind === 'word' && !KEYWORDS.has(t.text.toLowerCase())) {
      this.next();
      return this.parseAttrExp(t);
    }
    return this.fail(t.start, `expected an attribute path, '(' or 'not', found ${describe(t)}`);
  }

  /** "(" FILTER ")" */
  private parseGroup(): Filter {
    const open = this.next();
    this.enter(open);
    const f = this.parseOr();
    const close = this.peek();
    if (close.kind !== ')') {
      if (close.kind === 'eof') this.fail(close.start, `missing ')' to close the '(' at position ${open.start + 1}`);
      this.fail(close.start, `expected 'and', 'or' or ')', found ${describe(close)}`);
    }
    this.next();
    this.depth--;
    return f;
  }

  /** attrExp or valuePath, the attrPath word already taken. */
  private parseAttrExp(word: Token): Filter {
    const attr = readAttrPath(word.text, word.start, this.region);
    if (this.peek().kind === '[') {
      const tail = this.parseValuePathTail(attr, word);
      if (tail.subAttr === undefined) return { op: 'has', attr, filter: tail.filter };
      // Entra: `emails[type eq "work"].value eq "x"` = some email with type work and value x.
      const rest = this.parseComparison({ name: tail.subAttr }, `${word.text}[...].${tail.subAttr}`);
      const filters = tail.filter.op === 'and' ? [...tail.filter.filters, rest] : [tail.filter, rest];
      return { op: 'has', attr, filter: { op: 'and', filters } };
    }
    return this.parseComparison(attr, word.text);
  }

  /** SP compareOp SP compValue, or SP "pr". */
  private parseComparison(attr: AttributePath, written: string): Filter {
    const opTok = this.peek();
    if (opTok.kind !== 'word') {
      this.fail(opTok.start, `expected an operator (${OPERATOR_LIST}) after '${written}', found ${describe(opTok)}`);
    }
    const op = opTok.text.toLowerCase();
    this.next();
    if (op === 'pr') {
      const after = this.peek();
      if (after.kind === 'string' || (after.kind === 'word' && !KEYWORDS.has(after.text.toLowerCase()))) {
        this.fail(after.start, `'pr' takes no value, found ${describe(after)}`);
      }
      return { op: 'pr', attr };
    }
    if (!COMPARE_OPERATORS.has(op)) {
      this.fail(opTok.start, `unknown operator '${opTok.text}' after '${written}' (expected ${OPERATOR_LIST})`);
    }
    return { op: op as CompareOperator, attr, value: this.parseValue(opTok) };
  }

  /** compValue = false / null / true / number / string, or an unquoted word (see the header). */
  private parseValue(opTok: Token): FilterValue {
    const t = this.next();
    if (t.kind === 'string') return t.text;
    if (t.kind !== 'word') this.fail(t.start, `expected a value after '${opTok.text}', found ${describe(t)}`);
    const text = t.text;
    if (KEYWORDS.has(text.toLowerCase())) {
      this.fail(t.start, `expected a value after '${opTok.text}', found the keyword '${text}' (quote it if it is a value)`);
    }
    if (text === 'true') return true;
    if (text === 'false') return false;
    if (text === 'null') return null;
    if (JSON_NUMBER.test(text)) {
      const n = Number(text);
      if (!Number.isFinite(n)) this.fail(t.start, `number out of range: ${text}`);
      return n;
    }
    return text;
  }

  // ---- valuePath ----------------------------------------------------------------------------

  /**
   * "[" valFilter "]" [ "." ATTRNAME ], the attrPath already read. The bracket content is a
   * filter in every context (RFC 7644 §3.12 lists invalidFilter for "PATCH (Path Filter)"), and
   * attributes inside it are relative to `attr` (`emails[type eq "work"]` -> `{name: 'type'}`).
   */
  parseValuePathTail(attr: AttributePath, word: Token): ValuePathTail {
    const open = this.next(); // '['
    if (this.inValueFilter) this.fail(open.start, "a value filter '[...]' cannot be nested inside another one");
    if (attr.sub !== undefined) {
      this.fail(open.start, `a value filter '[...]' applies to a multi-valued attribute, not to the sub-attribute '${word.text}'`);
    }
    this.enter(open);
    const outer = this.region;
    this.region = 'filter';
    this.inValueFilter = true;
    if (this.peek().kind === ']') this.fail(this.peek().start, `empty value filter after '${word.text}['`);
    const filter = this.parseOr();
    const close = this.peek();
    if (close.kind !== ']') {
      if (close.kind === 'eof') this.fail(close.start, `missing ']' to close the '[' at position ${open.start + 1}`);
      this.fail(close.start, `expected 'and', 'or' or ']', found ${describe(close)}`);
    }
    this.inValueFilter = false;
    this.region = outer;
    this.next();
    this.depth--;
    const after = this.peek();
    if (after.kind === 'word' && after.text.startsWith('.')) {
      if (after.start !== close.end) this.fail(after.start, "no white space allowed between ']' and '.'");
      this.next();
      return { filter, subAttr: readSubAttr(after.text, after.start, this.region) };
    }
    return { filter };
  }
}

export function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `the string ${JSON.stringify(t.text.length > 40 ? `${t.text.slice(0, 40)}...` : t.text)}`;
    case 'word':
      return `'${t.text.length > 40 ? `${t.text.slice(0, 40)}...` : t.text}'`;
    default:
      return `'${t.kind}'`;
  }
}
