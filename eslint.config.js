import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

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
    // Pages and components must reach the database through src/lib.
    files: ['src/pages/**', 'src/components/**', 'src/layouts/**', 'src/actions/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'Call a src/lib function instead of querying here.' },
            { name: 'sanitize-html', message: 'Render user text through src/lib/markdown.' },
            { name: 'pg', message: 'Use src/lib/db.ts.' },
          ],
        },
      ],
    },
  },
];
