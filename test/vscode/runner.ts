/**
 * Mocha inside the VS Code extension host. Output goes to the host's console and, when the harness sets
 * QAFORGE_TEST_REPORT, to that file so test/vscode/run.js can relay it.
 */
import * as fs from 'fs';
import Mocha from 'mocha';
import * as util from 'util';

/** A mocha instance configured for the in-host suites (bdd, spec reporter, generous timeouts). */
export function createMocha(): Mocha {
  const report = process.env.QAFORGE_TEST_REPORT;
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    if (report) fs.appendFileSync(report, util.format(...args) + '\n');
    original(...args);
  };
  const grep = process.env.QAFORGE_TEST_GREP;
  return new Mocha({ ui: 'bdd', color: false, timeout: 60000, reporter: 'spec', ...(grep ? { grep: new RegExp(grep) } : {}) });
}

/** Runs the loaded suites; rejects when any test failed so VS Code reports exit code 1. */
export function runMocha(mocha: Mocha): Promise<void> {
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

/** A suite file that throws while loading: shown in the relayed report (VS Code would only say "failed"). */
export function reportLoadError(error: unknown): void {
  const report = process.env.QAFORGE_TEST_REPORT;
  const text = error instanceof Error ? error.stack ?? error.message : String(error);
  if (report) fs.appendFileSync(report, `\nloading the suites failed:\n${text}\n`);
}
