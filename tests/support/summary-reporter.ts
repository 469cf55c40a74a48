import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, "tests: N passed, N failed, N skipped", after Vitest's own
 * summary, so any CI can read the outcome without knowing Vitest's format.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failedHere += 1;
        else skipped += 1;
      }
      // A file that failed with no failed test failed outside one (a hook such as beforeAll, or its
      // import): its tests read as skipped, so the file itself counts as one failure.
      failed += failedHere > 0 ? failedHere : module.state() === 'failed' ? 1 : 0;
    }
    // After the default reporter's summary, which prints in the same hook.
    setImmediate(() =>
      process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`),
    );
  }
}
