import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

// Layering: the pipeline core must run unchanged in Node, a worker and the page.
const coreRestrictions = {
  patterns: [
    {
      group: ['dexie', 'dexie/*'],
      message: 'Storage lives in src/db; the core talks to it through ports.',
    },
    { group: ['svelte', 'svelte/*', '*.svelte'], message: 'The core has no UI.' },
    { group: ['comlink', '@mlc-ai/*'], message: 'Workers and engines are wired outside the core.' },
    { group: ['node:*', 'fs', 'path', 'http', 'os'], message: 'The core runs in the browser too.' },
    { group: ['**/test/**'], message: 'Test doubles never reach the product.' },
    {
      group: [
        '**/db/**',
        '**/state/**',
        '**/ui/**',
        '**/services/**',
        '**/cli/**',
        '**/workers/**',
      ],
      message: 'The core may depend only on itself and on src/engine/llmEngine types.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'test/e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'vite.config.ts', 'src/cli/*.mjs', 'test/support/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreRestrictions] },
  },
  {
    // Dexie is reachable only through src/db; test doubles stay in test/.
    files: ['src/**/*.ts', 'src/**/*.svelte', 'workers/**/*.ts'],
    ignores: ['src/db/**', 'src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['dexie', 'dexie/*'], message: 'Only src/db imports dexie.' },
            { group: ['**/test/**'], message: 'Test doubles never reach the product.' },
          ],
        },
      ],
    },
  },
);
