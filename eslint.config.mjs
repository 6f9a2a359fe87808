import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Nx tags of the lib layers, lowest first (docs/architecture.md). */
const LAYERS = ['layer:core', 'layer:logic', 'layer:adapters', 'layer:path', 'layer:runtime', 'layer:test-support'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'libs/contracts/src/generated/**', '.infra/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name your exports: export * hides what a module offers.' }],
      // The layers of docs/architecture.md, lowest first: a lib imports only its own layer or lower ones.
      // Services are wiring over libs and never import each other or test support; bench/, bin/ and
      // tools/ may use every lib, the harness included; nothing imports a service or a tool.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:core', onlyDependOnLibsWithTags: LAYERS.slice(0, 1) },
            { sourceTag: 'layer:logic', onlyDependOnLibsWithTags: LAYERS.slice(0, 2) },
            { sourceTag: 'layer:adapters', onlyDependOnLibsWithTags: LAYERS.slice(0, 3) },
            { sourceTag: 'layer:path', onlyDependOnLibsWithTags: LAYERS.slice(0, 4) },
            { sourceTag: 'layer:runtime', onlyDependOnLibsWithTags: LAYERS.slice(0, 5) },
            { sourceTag: 'layer:test-support', onlyDependOnLibsWithTags: LAYERS.slice(0, 6) },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'], notDependOnLibsWithTags: ['layer:test-support'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      'no-restricted-imports': ['error', { patterns: [{ group: ['@switchyard/*/src/*', '**/libs/*/src/*'], message: 'Import a lib by its alias, not its files.' }] }],
    },
  },
  // A .cjs file is CommonJS by choice (it must run before any loader hook): require() is its import.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
