import { describe, expect, it } from 'vitest';
import { canonicalQuery, FormEncodingError, parseForm, parseFormBody, pct } from '../../../../src/rpc/signature/encoding.js';

describe('pct (RFC 3986, alibaba-sdk-protocol.md §5.1)', () => {
  it.each([
    ['', ''],
    ['AZaz09-_.~', 'AZaz09-_.~'],
    [' ', '%20'],
    ['*', '%2A'],
    ["!'()", '%21%27%28%29'],
    ['/', '%2F'],
    [':', '%3A'],
    ['+&=', '%2B%26%3D'],
    ['%', '%25'],
    ['é', '%C3%A9'],
    ['中文', '%E4%B8%AD%E6%96%87'],
    ['😀', '%F0%9F%98%80'],
    ['2026-11-26T22:46:01Z', '2026-11-26T22%3A46%3A01Z'],
  ])('pct(%j) = %j', (input, encoded) => {
    expect(pct(input)).toBe(encoded);
  });
});

describe('parseForm', () => {
  it.each<[string, Record<string, string>]>([
    ['', {}],
    ['a=1&b=2', { a: '1', b: '2' }],
    ['a=1&a=2', { a: '2' }], // last wins (§5.1)
    ['a=x+y&b=x%20y&c=%2B', { a: 'x y', b: 'x y', c: '+' }],
    ['a+b=1', { 'a b': '1' }],
    ['Tags.1.Key=k&&Tags.1.Value=v', { 'Tags.1.Key': 'k', 'Tags.1.Value': 'v' }], // pop-core repeatList, §7
    ['flag&x=', { flag: '', x: '' }],
    ['a=b=c', { a: 'b=c' }],
    ['=v', { '': 'v' }],
    ['d=d-00fc2p61****&e=(test)*!~', { d: 'd-00fc2p61****', e: '(test)*!~' }],
    ['n=%C3%A9%2F%E4%B8%AD%e6%96%87', { n: 'é/中文' }], // lower-case hex decodes too
    ['raw=中文%20é', { raw: '中文 é' }], // raw non-ASCII kept as its UTF-8 bytes
  ])('parseForm(%j)', (input, expected) => {
    expect(Object.fromEntries(parseForm(input))).toEqual(expected);
  });

  it.each(['%', 'a=%', 'a=%4', 'a=%G1', 'a=%%41', '%ZZ=1', 'a=%FF', 'a=%C3', 'a=%E4%B8', 'a=%ED%A0%80'])(
    'rejects malformed %j with FormEncodingError',
    (input) => {
      expect(() => parseForm(input)).toThrow(FormEncodingError);
    },
  );

  it('decodes a body as UTF-8 bytes and rejects one that is not', () => {
    expect(Object.fromEntries(parseFormBody(Buffer.from('UserName=bob%20b&x=é')))).toEqual({ UserName: 'bob b', x: 'é' });
    expect(() => parseFormBody(Buffer.from([0x61, 0x3d, 0xff]))).toThrow(FormEncodingError);
  });
});

describe('canonicalQuery', () => {
  it('sorts by code unit and re-encodes, as in §5.4 for capture A2', () => {
    const wire =
      'DirectoryId=d-00fc2p61****&UserName=Alice%20Smith&DisplayName=O%27Neil%20(test)*!~%20%C3%A9%2F%E4%B8%AD%E6%96%87%2B%26%3D&Tags.1.Key=env&Tags.1.Value=prod&Tags.2.Key=team&Tags.2.Value=a%20b&Nested.A=1&Nested.B.C=2&InlinePolicyDocument=%7B%22Version%22%3A%221%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22ecs%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D&Count=5&Flag=true';
    expect(canonicalQuery(parseForm(wire))).toBe(
      'Count=5&DirectoryId=d-00fc2p61%2A%2A%2A%2A&DisplayName=O%27Neil%20%28test%29%2A%21~%20%C3%A9%2F%E4%B8%AD%E6%96%87%2B%26%3D&Flag=true&InlinePolicyDocument=%7B%22Version%22%3A%221%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22ecs%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D&Nested.A=1&Nested.B.C=2&Tags.1.Key=env&Tags.1.Value=prod&Tags.2.Key=team&Tags.2.Value=a%20b&UserName=Alice%20Smith',
    );
  });

  it('is empty for no parameters and keeps empty values', () => {
    expect(canonicalQuery(new Map())).toBe('');
    expect(canonicalQuery(new Map([['b', ''], ['a', 'x']]))).toBe('a=x&b=');
  });
});
