// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Lint with the import boundaries of ARCHITECTURE.md: the core knows no HTTP and no SQL, pure
 * protocol modules (signature, SCIM filter, RAM policy) know neither the store nor Fastify.
 */
const noFrameworks = (extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['fastify', 'fastify/*', '@fastify/*'], message: 'The core and pure modules do not know HTTP.' },
        { group: ['kysely', 'kysely/*', 'better-sqlite3', 'pg'], message: 'The core and pure modules do not know SQL.' },
        ...extra,
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: noFrameworks([
      { group: ['**/store/**', '**/rpc/**', '**/scim/**', '**/cli/**', '@sinclair/*'], message: 'The core imports no edge and no store.' },
    ]),
  },
  {
    files: ['src/rpc/signature/**/*.ts', 'src/scim/filter/**/*.ts', 'src/ram/policy/**/*.ts'],
    rules: noFrameworks([{ group: ['**/store/**'], message: 'Pure modules import no store.' }]),
  },
);
