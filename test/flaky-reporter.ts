import type { Reporter, TestCase } from 'vitest/node';

// CI retries a failed test (see vitest.config.ts) because one timing miss on a loaded 2-core
// runner used to throw away a whole run. A retry must never hide a race, so every test that
// passed only on a retry is listed at the end of the run, to be fixed rather than forgotten.
export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const diagnostic = testCase.diagnostic();
    if (diagnostic?.flaky) this.flaky.push(`${testCase.module.moduleId} > ${testCase.fullName} (passed after ${diagnostic.retryCount} retr${diagnostic.retryCount === 1 ? 'y' : 'ies'})`);
  }

  onTestRunEnd(): void {
    if (!this.flaky.length) return;
    process.stdout.write(`\n${this.flaky.length} test(s) passed only after a retry — fix these races:\n${this.flaky.map((f) => `  ~ ${f}`).join('\n')}\n`);
  }
}
