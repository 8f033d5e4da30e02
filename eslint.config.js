import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import architecture from './eslint/architecture.js';
import queries from './eslint/queries.js';

export default [
  { ignores: ['dist/', 'node_modules/', '.astro/', 'data/', 'bench/results/', '.vitest/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: {
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The walls between rooms (ARCHITECTURE.md): see eslint/architecture.js.
    files: ['src/**/*.ts', 'src/**/*.astro'],
    plugins: { architecture },
    rules: { 'architecture/walls': 'error' },
  },
  {
    // SQL only in repository files: see eslint/queries.js.
    files: ['src/**/*.ts', 'src/**/*.astro'],
    plugins: { queries },
    rules: { 'queries/queries-in-repos': 'error' },
  },
];
