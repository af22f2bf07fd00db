import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Only libs/chem may touch RDKit's WebAssembly; only libs/models may touch ONNX Runtime.
const restrictedNativeImports = {
  paths: [
    { name: '@rdkit/rdkit', message: 'Only libs/chem imports RDKit; use @hitscreen/chem.' },
    { name: 'onnxruntime-node', message: 'Only libs/models imports ONNX Runtime.' },
  ],
};

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'scratch/**', '**/*.js', '**/*.mjs', 'examples/**', 'models/**/*.py'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:worker', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:chem', onlyDependOnLibsWithTags: ['scope:chem'] },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform'] },
            { sourceTag: 'scope:trial', onlyDependOnLibsWithTags: ['scope:trial', 'scope:platform'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', restrictedNativeImports],
    },
  },
  {
    files: ['libs/chem/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: restrictedNativeImports.paths.filter((p) => p.name !== '@rdkit/rdkit') },
      ],
    },
  },
  {
    files: ['libs/models/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: restrictedNativeImports.paths.filter((p) => p.name !== 'onnxruntime-node') },
      ],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']", message: 'No focused tests.' }] },
  },
];
