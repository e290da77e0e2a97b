// Runs the integration suite (test/e2e, compiled to out/test/e2e) inside real VS Code:
// code-server 4.100.3 in headless Chromium. The workbench loads the extension from this
// checkout and the Mocha suite through the `payload` URL parameter (the web form of
// --extensionDevelopmentPath / --extensionTestsPath) and reports the result through
// window.codeAutomationExit. Exits non-zero when a test fails.
//
//   node scripts/test-code-server.mjs               the suite against the checkout
//   node scripts/test-code-server.mjs --vsix FILE   packaging smoke test: install FILE with
//                                                   --install-extension, open the fixture
//                                                   files and read the Problems panel
//
// Environment: HB_E2E_GREP=<text> runs only matching tests; HB_VERBOSE=1 shows the browser
// console and code-server's log; CI=true turns a missing tool into a failure.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { format } from 'node:util';
import { checkToolsOrSkip, launchBrowser, REPO_ROOT, startCodeServer, waitFor, workbenchUrl } from './code-server.mjs';

const FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace');
const TESTS = join(REPO_ROOT, 'out', 'test', 'e2e', 'index.js');
const verbose = process.env.HB_VERBOSE === '1';
/** The first line test/e2e/index.ts prints. */
const SUITE_BANNER = 'integration suite:';
const timeoutMs = Number(process.env.HB_E2E_TIMEOUT_MS) || 5 * 60_000;

function parseArgs(argv) {
  const args = { vsix: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--vsix') args.vsix = resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

/** A throwaway copy of the fixture workspace: the tests edit, save and create files in it. */
function copyWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'hb-e2e-workspace-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

async function runSuite() {
  for (const [file, how] of [
    [join(REPO_ROOT, 'dist', 'client.js'), 'npm run build'],
    [TESTS, 'npx tsc -p test/e2e/tsconfig.json'],
  ]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run ${how} first`);
  }
  const workspace = copyWorkspace();
  let server;
  let browser;
  try {
    server = await startCodeServer({ folder: workspace, log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined });
    browser = await launchBrowser();
    const { page } = browser;
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    // The workbench forwards its own log and the extension host's console here. Until the
    // suite announces itself, and for the offline gallery lookup, keep it for failures only.
    let suiteStarted = false;
    const held = [];
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith(SUITE_BANNER)) suiteStarted = true;
      const noise = !suiteStarted || /ENOTFOUND|open-vsx\.org|marketplace/.test(text);
      if (noise && !verbose) held.push(text);
      else (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    if (verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
    const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: TESTS });
    const started = performance.now();
    await page.goto(url);
    const code = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r('timeout'), timeoutMs).unref()),
    ]);
    if (code !== 0 && !suiteStarted) console.error(held.join('\n'));
    if (code === 'timeout') {
      console.error(`test:code-server: the suite did not finish within ${timeoutMs / 1000} s`);
      if (!verbose) console.error(server.output.join('').split('\n').slice(-40).join('\n'));
      return 1;
    }
    console.log(`test:code-server: suite ${code === 0 ? 'passed' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(1)} s (code-server ${server.port})`);
    return code === 0 ? 0 : 1;
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Opens `name` with Quick Open, the way a user would. */
export async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(name);
  // Wait for the list to show this file (not a row left from the previous search).
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
}

// What the Problems panel must show for the fixture workspace (a message fragment per file).
const SMOKE_EXPECTED = [
  { file: 'haproxy.cfg', text: "Unknown keyword 'optoin'" },
  { file: 'haproxy.cfg', text: "'bitbucket_htp'" },
  { file: 'bitbucket.properties', text: "'server.proxy-nmae'" },
];

async function runPackageSmoke(vsix) {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
  const workspace = copyWorkspace();
  let server;
  let browser;
  try {
    const started = performance.now();
    server = await startCodeServer({
      folder: workspace,
      vsix,
      log: (l) => (verbose || /install/i.test(l) ? console.log(`[code-server] ${l}`) : undefined),
    });
    browser = await launchBrowser();
    const { page } = browser;
    if (verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    await page.goto(workbenchUrl(server, { folder: workspace }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 }).catch(() => undefined);
    await quickOpen(page, 'haproxy.cfg');
    await quickOpen(page, 'bitbucket.properties');
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ timeout: 30_000 });
    let text = '';
    await waitFor(
      async () => {
        text = await panel.innerText().catch(() => '');
        return SMOKE_EXPECTED.every((e) => text.includes(e.text));
      },
      60_000,
      `the Problems panel to list ${SMOKE_EXPECTED.map((e) => e.text).join(', ')}`,
    ).catch((error) => {
      throw new Error(`${error.message}\nProblems panel:\n${text}`);
    });
    for (const file of new Set(SMOKE_EXPECTED.map((e) => e.file))) {
      if (!text.includes(file)) throw new Error(`the Problems panel has no group for ${file}:\n${text}`);
    }
    const rows = (await panel.locator('.monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    console.log(rows.map((r) => `  ${r}`).join('\n'));
    console.log(`test:package: the installed .vsix published diagnostics (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const suite = args.vsix ? 'test:package' : 'test:code-server';
  if (!checkToolsOrSkip(suite)) return 0;
  return args.vsix ? runPackageSmoke(args.vsix) : runSuite();
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`test-code-server: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
