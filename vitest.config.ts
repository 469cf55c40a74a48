import { defineConfig } from 'vitest/config';
import SuiteSequencer from './tests/support/sequencer.ts';

// One test command for the whole workspace: pure unit tests beside the code, integration tests
// against real PostgreSQL and Redis, and browser tests in Debian's Chromium.
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // Two phases, one after the other (each project's `sequence.groupOrder`). First the unit and
    // integration files, three at once: they mostly wait on PostgreSQL and Redis (about 2 minutes).
    // Then the browser files, two at once: each drives a server, PostgreSQL and Chromium and keeps
    // a core busy. Measured on 2 cores: browser files one at a time 447 s, two at a time 338 s;
    // mixed with the integration files on three workers they took four times as long as alone
    // (the organizer's pipeline 384 s against 82 s) and the suite 990 s.
    sequence: { sequencer: SuiteSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
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
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
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
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
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
