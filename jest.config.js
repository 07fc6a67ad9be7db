// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

// The scaffold's config only looks under src/. Extend it: plugin code runs in jsdom,
// pkg/ workspace packages (pure TypeScript, Node APIs) run in node.
const transform = {
  ...base.transform,
  // d3 and other Grafana dependencies ship .mjs only
  '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'],
};

/** @type {import('jest').Config} */
module.exports = {
  randomize: true,
  projects: [
    {
      ...base,
      transform,
      displayName: 'plugin',
      resetMocks: true,
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
    },
    {
      ...base,
      transform,
      displayName: 'pkg',
      resetMocks: true,
      rootDir: __dirname,
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: ['<rootDir>/pkg/*/src/**/*.test.ts'],
    },
    {
      // Checks of the built plugin (dist/), every plugin.json and the compose stack: run after `npm run build`.
      // Also the benchmarks' own statistics (bench/), which need no build.
      ...base,
      transform,
      displayName: 'checks',
      rootDir: __dirname,
      resetMocks: true,
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: ['<rootDir>/tests/checks/**/*.test.ts', '<rootDir>/bench/**/*.test.ts'],
    },
    {
      // Integration suites against real services (Prometheus, simulators): run by npm run test:all.
      ...base,
      transform,
      displayName: 'integration',
      rootDir: __dirname,
      resetMocks: true,
      testEnvironment: 'node',
      setupFilesAfterEnv: ['<rootDir>/tests/integration/setup.ts'],
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
    {
      // The BUILT plugin (dist/) in real Chromium, against real Prometheus: run after `npm run build`.
      ...base,
      transform,
      displayName: 'browser',
      rootDir: __dirname,
      resetMocks: true,
      testEnvironment: 'node',
      setupFilesAfterEnv: ['<rootDir>/tests/browser/setup.ts'],
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
    },
  ],
};
