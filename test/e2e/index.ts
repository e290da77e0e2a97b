/**
 * Entry point of the integration suite (`extensionTestsPath`). VS Code loads this module in
 * the extension host, next to the extension under test, and calls run(); a rejected promise
 * makes the host exit with a non-zero code. Both hosts use it: desktop VS Code through
 * @vscode/test-electron (scripts/test-vscode.mjs) and code-server in Chromium
 * (scripts/test-code-server.mjs).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // Output goes through the extension host's console, which is not a terminal.
    color: false,
    timeout: 60_000,
    slow: 5_000,
    // Tests in a file share the editor state they build up, so stop at the first failure
    // only when asked to.
    bail: process.env.HB_E2E_BAIL === '1',
    grep: process.env.HB_E2E_GREP || undefined,
  });
  const dir = join(__dirname, 'suite');
  // Files run in name order: 00-activation.test.js must be first, it measures the cold start.
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of files) mocha.addFile(join(dir, name));
  // scripts/test-code-server.mjs shows the host's output from this line on.
  console.log(`integration suite: ${files.length} files, VS Code ${vscode.version}, Node ${process.version}`);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
}
