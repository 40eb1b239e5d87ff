import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';
import svelteConfig from './svelte.config.js';

/**
 * The layers, bottom to top. Each may import itself and the layers listed after `allow`; nothing
 * else. The core owns its ports (src/core/ports: LlmEngine, EngineError, stores, checkers,
 * scorers); engine and db are adapters that implement them; services assemble; state and ui sit on
 * top; src/wiring (the page entry main.ts and the worker clients) and the thin workers compose
 * everything; the CLI is the Node shell over core, engine and services.
 * test/unit/build/layerBoundaries.test.ts shows every forbidden direction being rejected.
 */
export const LAYERS = [
  { type: 'core', pattern: 'src/core', allow: [] },
  { type: 'engine', pattern: 'src/engine', allow: ['core'] },
  // db implements the engine's custom-model store port; that is a type-only edge.
  { type: 'db', pattern: 'src/db', allow: ['core'], allowTypes: ['engine'] },
  { type: 'services', pattern: 'src/services', allow: ['core', 'engine', 'db'] },
  { type: 'state', pattern: 'src/state', allow: ['core', 'engine', 'db', 'services'] },
  { type: 'ui', pattern: 'src/ui', allow: ['core', 'services', 'state'] },
  { type: 'cli', pattern: 'src/cli', allow: ['core', 'engine', 'services'] },
  {
    type: 'wiring',
    pattern: 'src/wiring',
    allow: ['core', 'engine', 'db', 'services', 'state', 'ui'],
  },
  { type: 'workers', pattern: 'workers', allow: ['core', 'engine', 'db', 'services'] },
];

const layerPolicies = LAYERS.map(({ type, allow }) => ({
  from: { element: { type } },
  allow: { to: { element: { types: { anyOf: [type, ...allow] } } } },
})).concat(
  LAYERS.filter((l) => l.allowTypes).map(({ type, allowTypes }) => ({
    from: { element: { type } },
    allow: {
      to: { element: { types: { anyOf: allowTypes } } },
      dependency: { kind: 'type' },
    },
  })),
);

// What the pipeline core may not use at all, whatever the layer rule says about files.
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
    files: ['src/**/*.ts', 'src/**/*.svelte', 'src/cli/**/*.mjs', 'workers/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYERS.map(({ type, pattern }) => ({
        type,
        pattern,
        partialMatch: false,
      })),
      'boundaries/include': ['src/**/*', 'workers/**/*'],
      'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs', '.svelte'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies }],
      // Every product file belongs to a layer, and nothing imports a file outside the layers.
      'boundaries/no-unknown-files': 'error',
      'boundaries/no-unknown-dependencies': 'error',
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
