import { defineConfig } from 'vitest/config';

// Two projects, one `npm test`: unit + API tests, then the browser tests (e2e/**/*.e2e.test.ts), which
// run after them so the two never compete for this machine's cores. Run the browser tests alone with
// `npx vitest run --project e2e` (or one file: `npx vitest run e2e/sign-in.e2e.test.ts`).
export default defineConfig({
  root: '.',
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          pool: 'forks',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['test/global-setup.ts'],
          // Every answer of the app is checked against the OpenAPI document (test/contract-check.ts).
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          pool: 'forks',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Builds dist/web when it is missing or older than src/web.
          globalSetup: ['e2e/global-setup.ts'],
          // A failing spec leaves a screenshot and the page's state on the console.
          setupFiles: ['e2e/setup.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
