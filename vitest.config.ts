import { defineConfig } from 'vitest/config';
import SuiteSequencer from './tests/support/sequencer.ts';

// One test command for the whole workspace: pure unit tests beside the code, integration tests
// against real PostgreSQL and Redis, and browser tests in Debian's Chromium.
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // Vitest's default on a 2-core machine is one worker: files waited on PostgreSQL, Redis and
    // Chromium more than they computed, and CI took 26 minutes (two workers: 17.5). Files own
    // their database, queue prefix and ports, so three run at once; the sequencer keeps it to two
    // browser files at a time for the most part (three stretched them past their timeouts).
    maxWorkers: 3,
    sequence: { sequencer: SuiteSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          // Pure tests with no module state between files: one module graph per worker, not per
          // file (517 tests in 10 s instead of 21, half the CPU). Integration files need isolation.
          isolate: false,
          include: ['server/src/**/*.test.ts', 'shared/src/**/*.test.ts', 'web/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts', 'tests/support/build-web.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A page waits as long as a locator would (15 s): a busy machine renders slowly, and a
          // poll that gives up after 1 s fails a correct page.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
