export { parseFilter } from './parse.js';
export { parsePatchPath, type PatchPath } from './path.js';
export { parseAttributeList } from './attribute-list.js';
export { MAX_INPUT_LENGTH } from './lexer.js';
export { MAX_DEPTH } from './parser.js';
