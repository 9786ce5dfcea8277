/** Public surface of the signature module; everything else in this folder is internal. */
export { parseSignedRequest } from './request.js';
export { checkTimestamp } from './timestamp.js';
export { SignatureFormatError, type SignatureFormatCode } from './errors.js';
export type { RawRequest, SignatureScheme, SignedRequest } from './types.js';
