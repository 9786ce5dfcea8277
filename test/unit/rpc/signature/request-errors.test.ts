import { describe, expect, it } from 'vitest';
import { CAPTURES } from './fixtures/captures.js';
import { parseHttpText } from './fixtures/http-text.js';
import { editBody, editHeader, pipe, rehash, setBody, setHeader, setQuery, type Mutation } from './fixtures/mutate.js';
import { parseSignedRequest, SignatureFormatError, type SignatureFormatCode } from '../../../../src/rpc/signature/index.js';

const capture = (name: string) => parseHttpText(CAPTURES.find((c) => c.name === name)!.text);
const auth = (edit: (a: string) => string) => editHeader('authorization', edit);
const signedHeaders = (edit: (list: string) => string) =>
  auth((a) => a.replace(/SignedHeaders=([^,]+)/, (_m, list: string) => `SignedHeaders=${edit(list)}`));
const dropSigned = (name: string) =>
  signedHeaders((list) => list.split(';').filter((h) => h !== name).join(';'));

/** One row per failure path of parseSignedRequest; codes are documented in errors.ts. */
const CASES: [string, string, SignatureFormatCode, Mutation][] = [
  // ACS3: the Authorization header must be exactly the §5.3 form
  ['A1', 'space after a comma', 'IncompleteSignature', auth((a) => a.replace(',SignedHeaders', ', SignedHeaders'))],
  ['A1', 'two spaces after the algorithm', 'IncompleteSignature', auth((a) => a.replace(' ', '  '))],
  ['A1', 'lower-case field name', 'IncompleteSignature', auth((a) => a.replace('Credential=', 'credential='))],
  ['A1', 'fields reordered', 'IncompleteSignature', auth((a) => a.replace(/Credential=testid,(SignedHeaders=[^,]+),/, '$1,Credential=testid,'))],
  ['A1', 'no Signature field', 'IncompleteSignature', auth((a) => a.replace(/,Signature=.*/, ''))],
  ['A1', 'signature one hex short', 'IncompleteSignature', auth((a) => a.slice(0, -1))],
  ['A1', 'signature upper-case hex', 'IncompleteSignature', auth((a) => a.replace(/Signature=(\w+)$/, (_m, s: string) => `Signature=${s.toUpperCase()}`))],
  ['A1', 'empty Credential', 'IncompleteSignature', auth((a) => a.replace('Credential=testid', 'Credential='))],
  ['A1', 'algorithm only', 'UnsupportedSignatureMethod', setHeader('authorization', 'ACS3-')],
  ['A1', 'ACS3-RSA-SHA256', 'UnsupportedSignatureMethod', auth((a) => a.replace('ACS3-HMAC-SHA256', 'ACS3-RSA-SHA256'))],
  ['A1', 'ACS3-HMAC-SHA1', 'UnsupportedSignatureMethod', auth((a) => a.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SHA1'))],
  // ACS3: SignedHeaders must be well formed and cover what the server acts on
  ['A1', 'x-acs-action not signed', 'IncompleteSignature', dropSigned('x-acs-action')],
  ['A1', 'x-acs-version not signed', 'IncompleteSignature', dropSigned('x-acs-version')],
  ['A1', 'host not signed', 'IncompleteSignature', dropSigned('host')],
  ['A1', 'x-acs-date not signed', 'IncompleteSignature', dropSigned('x-acs-date')],
  ['A1', 'x-acs-signature-nonce not signed', 'IncompleteSignature', dropSigned('x-acs-signature-nonce')],
  ['A1', 'x-acs-content-sha256 not signed', 'IncompleteSignature', dropSigned('x-acs-content-sha256')],
  ['A3', 'content-type not signed with a body', 'IncompleteSignature', dropSigned('content-type')],
  ['A4', 'security token sent but not signed', 'IncompleteSignature', dropSigned('x-acs-security-token')],
  ['A1', 'upper-case name', 'IncompleteSignature', signedHeaders((l) => l.replace('host', 'Host'))],
  ['A1', 'repeated name', 'IncompleteSignature', signedHeaders((l) => `host;${l}`)],
  ['A1', 'empty name', 'IncompleteSignature', signedHeaders((l) => l.replace(';', ';;'))],
  ['A4', 'x-acs-accesskey-id names another key', 'IncompleteSignature', setHeader('x-acs-accesskey-id', 'otherid')],
  // ACS3: headers it needs must be present
  ['A1', 'no x-acs-date', 'MissingTimestamp', setHeader('x-acs-date', undefined)],
  ['A1', 'empty x-acs-date', 'MissingTimestamp', setHeader('x-acs-date', '')],
  ['A1', 'no x-acs-signature-nonce', 'MissingSignatureNonce', setHeader('x-acs-signature-nonce', undefined)],
  ['A1', 'signed header absent', 'MissingParameter', setHeader('x-acs-credentials-provider', undefined)],
  ['A1', 'no x-acs-content-sha256', 'MissingParameter', setHeader('x-acs-content-sha256', undefined)],
  ['A1', 'no host', 'MissingParameter', setHeader('host', undefined)],
  // ACS3: body hash over the raw bytes
  ['A3', 'body changed', 'ContentSha256Mismatch', editBody((b) => `${b} `)],
  ['A3', 'body dropped', 'ContentSha256Mismatch', setBody('')],
  ['A3', 'hash header upper-cased', 'ContentSha256Mismatch', editHeader('x-acs-content-sha256', (h) => h.toUpperCase())],
  ['A1', 'query with a bad escape', 'MalformedEncoding', setQuery('DirectoryId', 'd-%ZZ')],
  ['A3', 'form body with a bad escape (hash fixed up)', 'MalformedEncoding', pipe(setBody('UserName=%E4%B8'), rehash())],
  // V1: §5.2 requirements
  ['B1', 'no Signature', 'MissingSignature', setQuery('Signature', undefined)],
  ['B1', 'empty Signature', 'MissingSignature', setQuery('Signature', '')],
  ['D1', 'no Signature in the body', 'MissingSignature', editBody((b) => b.replace(/&Signature=.*$/, ''))],
  ['B1', 'SignatureMethod HMAC-SHA256', 'UnsupportedSignatureMethod', setQuery('SignatureMethod', 'HMAC-SHA256')],
  ['B1', 'no SignatureMethod', 'UnsupportedSignatureMethod', setQuery('SignatureMethod', undefined)],
  ['B1', 'SignatureVersion 2.0', 'UnsupportedSignatureVersion', setQuery('SignatureVersion', '2.0')],
  ['B1', 'no SignatureVersion', 'UnsupportedSignatureVersion', setQuery('SignatureVersion', undefined)],
  ['B1', 'no AccessKeyId', 'MissingAccessKeyId', setQuery('AccessKeyId', undefined)],
  ['B1', 'empty AccessKeyId', 'MissingAccessKeyId', setQuery('AccessKeyId', '')],
  ['B1', 'no Timestamp', 'MissingTimestamp', setQuery('Timestamp', undefined)],
  ['B1', 'no SignatureNonce', 'MissingSignatureNonce', setQuery('SignatureNonce', undefined)],
  ['B1', 'query with a lone %', 'MalformedEncoding', setQuery('DirectoryId', '%')],
  ['B1', 'query with invalid UTF-8', 'MalformedEncoding', setQuery('DirectoryId', '%FF')],
  ['D1', 'body with a truncated escape', 'MalformedEncoding', editBody((b) => `${b}&X=%4`)],
  ['D1', 'body not UTF-8', 'MalformedEncoding', setBody(Buffer.from([0x41, 0x3d, 0xc3, 0x28]))],
  ['B1', 'nothing signed at all', 'MissingSignature', (r) => ({ ...r, rawQuery: '' })],
];

describe('parseSignedRequest format errors', () => {
  it.each(CASES)('%s, %s -> %s', (name, _what, code, mutate) => {
    let error: unknown;
    try {
      parseSignedRequest(mutate(capture(name)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SignatureFormatError);
    const e = error as SignatureFormatError;
    expect(e.code).toBe(code);
    // Never the signature, the string to sign or a hash (the messages only name fields).
    expect(e.message).not.toMatch(/[0-9a-f]{40}|[A-Za-z0-9+/]{27}=|%2F&|\n/);
  });
});
