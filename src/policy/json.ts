import { PolicyDocumentError, childPath, fail, quote } from './policy-document-error.js';

/**
 * A strict RFC 8259 JSON reader for policy documents. `JSON.parse` would do the syntax, but it
 * silently keeps the last of two equal keys: `{"Effect": "Deny", ..., "Effect": "Allow"}` would
 * become an Allow that its author may never have seen. Here a repeated key is an error that names
 * where it is, and syntax errors give a line and column. Objects are `Map`s so that no key (not
 * even `__proto__`) can reach an object prototype.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

// The deepest valid policy is 6 levels (document, Statement, statement, Condition, operator, key,
// values); anything much deeper is not a policy, and the cap keeps recursion bounded.
const MAX_DEPTH = 32;

export function parseJson(text: string): JsonValue {
  const reader = new JsonReader(text);
  reader.skipWhitespace();
  const value = reader.value('document', 0);
  reader.skipWhitespace();
  if (!reader.atEnd()) reader.fail('unexpected text after the JSON value');
  return value;
}

class JsonReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(problem: string): never {
    let line = 1;
    let column = 1;
    for (let i = 0; i < this.pos && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    throw new PolicyDocumentError(
      'document',
      `invalid JSON at line ${line}, column ${column}: ${problem}`,
    );
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.pos++;
    }
  }

  private describeNext(): string {
    if (this.atEnd()) return 'end of text';
    return quote(this.text.slice(this.pos, this.pos + 1));
  }

  value(path: string, depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
    const c = this.text[this.pos];
    if (c === '{') return this.object(path, depth);
    if (c === '[') return this.array(path, depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal('true', true);
    if (this.text.startsWith('false', this.pos)) return this.literal('false', false);
    if (this.text.startsWith('null', this.pos)) return this.literal('null', null);
    return this.fail(`expected a value, found ${this.describeNext()}`);
  }

  private literal<T>(word: string, value: T): T {
    this.pos += word.length;
    return value;
  }

  private object(path: string, depth: number): JsonObject {
    const result: JsonObject = new Map();
    this.pos++; // '{'
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail(`expected a key in double quotes, found ${this.describeNext()}`);
      const keyStart = this.pos;
      const key = this.string();
      if (result.has(key)) {
        this.pos = keyStart;
        throw new PolicyDocumentError(path, `duplicate key ${quote(key)}`);
      }
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail(`expected ":" after a key, found ${this.describeNext()}`);
      this.pos++;
      this.skipWhitespace();
      result.set(key, this.value(childPath(path, key), depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === '}') {
        this.pos++;
        return result;
      }
      if (c !== ',') this.fail(`expected "," or "}", found ${this.describeNext()}`);
      this.pos++;
      this.skipWhitespace();
    }
  }

  private array(path: string, depth: number): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++; // '['
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value(childPath(path, result.length), depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ']') {
        this.pos++;
        return result;
      }
      if (c !== ',') this.fail(`expected "," or "]", found ${this.describeNext()}`);
      this.pos++;
      this.skipWhitespace();
    }
  }

  private string(): string {
    this.pos++; // opening quote
    let out = '';
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string');
      const c = this.text[this.pos] as string;
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c < ' ') this.fail('control character in a string (escape it)');
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.text[this.pos + 1];
      const simple = e === undefined || !Object.hasOwn(ESCAPES, e) ? undefined : ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
      } else if (e === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('invalid \\u escape (expected 4 hex digits)');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        this.fail(`invalid escape "\\${e ?? ''}"`);
      }
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('invalid number');
    this.pos += match[0].length;
    return Number(match[0]);
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

export function isJsonObject(value: JsonValue): value is JsonObject {
  return value instanceof Map;
}

export function describeJsonType(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isJsonObject(value)) return 'an object';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  return `${typeof value} ${String(value)}`;
}

export function expectObject(json: JsonValue, path: string, what: string): JsonObject {
  if (!isJsonObject(json)) fail(path, `must be ${what}, found ${describeJsonType(json)}`);
  return json;
}
