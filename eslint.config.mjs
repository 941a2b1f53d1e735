import nx from '@nx/eslint-plugin';

/** Which projects may depend on which. Tests may also use the test harness (`type:testing`). */
function boundaries({ inTests }) {
  const testing = inTests ? ['type:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: ['^.*/tools/stack$'],
      depConstraints: [
        // The contract depends on nothing of ours.
        { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract', ...testing] },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contract', ...testing] },
        // Transport to Dataverse: knows the error vocabulary, not the services.
        { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contract', ...testing] },
        { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: [] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:contract', 'type:sdk'] },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:data-access', ...testing] },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:sdk', 'type:testing', 'type:contract'] },
        { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contract', 'type:testing', 'type:sdk'] },
        // The Dataverse client reports failures in its own terms: it knows nothing of our API's contract (its tests
        // may still start the product through the test harness, which does).
        ...(inTests ? [] : [{ sourceTag: 'scope:dataverse', notDependOnLibsWithTags: ['type:contract'] }]),
        // The gateway is HTTP only: it never talks to Dataverse itself.
        { sourceTag: 'scope:gateway', notDependOnLibsWithTags: ['scope:dataverse'] },
        // The emulator plays Microsoft's cloud and shares no code with the product.
        { sourceTag: 'scope:emulator', onlyDependOnLibsWithTags: [] },
      ],
    },
  ];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'libs/sdk/src/generated/**', 'tmp/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ inTests: false }),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@nx/enforce-module-boundaries': boundaries({ inTests: true }) },
  },
  {
    files: ['tools/**/*.js', '**/jest.config.js', 'jest.preset.js', '**/webpack.config.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@nx/enforce-module-boundaries': 'off' },
  },
];
