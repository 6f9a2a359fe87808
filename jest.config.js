// @ts-check
const { compilerOptions } = require('./tsconfig.base.json');

// Maps each `@switchyard/<lib>` alias to its source, from the one list in tsconfig.base.json.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const shared = {
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  moduleNameMapper,
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/bench', '<rootDir>/tools'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.spec.ts'], testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int.spec.ts'],
      globalSetup: '<rootDir>/tools/jest/integration-setup.ts',
      globalTeardown: '<rootDir>/tools/jest/integration-teardown.ts',
      setupFiles: ['<rootDir>/tools/jest/integration-env.ts'],
    },
  ],
  // One test file at a time: integration tests share one broker, one Redis and two cores.
  maxWorkers: 1,
  // A kafkajs client left by a failed integration test can keep a socket open; a finished run must still end.
  forceExit: true,
};
