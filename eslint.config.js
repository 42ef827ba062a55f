// Type-aware lint for the `no-unsafe-*` family only (issue 18): an `any` that leaks out of a database
// row, a parsed body or a JSON file and is then read, called, returned or passed on unchecked.
// The tooling lives in tools/lint with its own install: typescript-eslint drives TypeScript's JS API,
// which TypeScript 7 (the portal's `tsc`) does not ship, so the linter runs on a pinned TypeScript 6.
import tseslint from './tools/lint/node_modules/typescript-eslint/dist/index.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', '.bench/**', 'tools/**'] },
  {
    files: ['core/**/*.ts', 'plugins/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Only the no-unsafe-* rules run here, so directives written for other rules are not 'unused'.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
);
