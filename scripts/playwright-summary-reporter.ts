import { writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Writes pass/fail/skip counts for scripts/test.mjs, which prints one closing line for every suite. */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, 'passed' | 'failed' | 'skipped'>();
  constructor(private readonly options: { outputFile?: string } = {}) {}

  onTestEnd(test: TestCase, result: TestResult): void {
    const outcome = result.status === 'skipped' ? 'skipped' : result.status === 'passed' ? 'passed' : 'failed';
    this.outcomes.set(test.id, outcome); // the last retry decides
  }

  onEnd(result: FullResult): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const outcome of this.outcomes.values()) totals[outcome]++;
    if (result.status !== 'passed' && totals.failed === 0) totals.failed = 1;
    if (this.options.outputFile) writeFileSync(this.options.outputFile, JSON.stringify(totals));
  }
}
