import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages from their TypeScript sources (package.json `source` condition), never a stale build.
const sources = {
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] } },
};

export default defineConfig({
  test: {
    // Two files at a time, browser files among them: most of a test's time is spent waiting (for PostgreSQL,
    // sockets, timers, Chromium), so one file at a time (vitest's default on two cores) left a core idle.
    // Every file has its own databases, ports and browser, so files do not see each other.
    maxWorkers: 2,
    projects: [
      {
        ...sources,
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'protocol/src/**/*.test.ts'],
          globalSetup: ['server/src/testing/global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        ...sources,
        test: {
          name: 'web',
          // The bench's own helpers (what it reads from the server's frames) are checked here too: plain functions.
          include: ['web/src/**/*.test.ts', 'widget/src/**/*.test.ts', 'bench/src/**/*.test.ts'],
        },
      },
      {
        ...sources,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['server/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // With two files at a time a browser can be slower to get there than expect.poll's default second;
          // a poll that passes still returns at once.
          expect: { poll: { timeout: 5_000 } },
        },
      },
    ],
  },
});
