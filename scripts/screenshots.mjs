// Takes the README pictures in real VS Code (code-server 4.100.3 in headless Chromium), on a
// copy of examples/deployment:
//
//   problems-panel.png   the Problems panel for haproxy.cfg and bitbucket.properties
//   hover-duration.png   the hover on a timeout (2h = 2 hours)
//   quick-fix.png        the quick-fix menu on a misspelt keyword
//   completion-backend.png  completion on a new line inside a backend
//   snippet.png          the "Bitbucket behind HAProxy (HTTPS)" snippet just expanded
//
//   node scripts/screenshots.mjs [--out DIR] [--vsix FILE]
//
// DIR defaults to docs/images. With --vsix the packaged extension is installed (what
// `npm run screenshots` does, so the pictures show the product and a plain window title);
// without it the checkout is loaded as a development extension (needs npm run build).
//   HB_FAILURE_SCREENSHOT=/tmp/x.png saves the screen when a step times out.
//
// Each step waits for what the picture must show before taking it. Look at every picture
// before committing it.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, missingTools, REPO_ROOT, startCodeServer, workbenchUrl } from './code-server.mjs';

const EXAMPLE = join(REPO_ROOT, 'examples', 'deployment');
const STEP_TIMEOUT_MS = 30_000;

function parseArgs(argv) {
  let out = join(REPO_ROOT, 'docs', 'images');
  let vsix;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = resolve(argv[++i] ?? '');
    else if (argv[i] === '--vsix') vsix = resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return { out, vsix };
}

/** 1-based line and column of `word` on the one line of `text` that contains `line`. */
function position(text, line, word = line) {
  const lines = text.split('\n');
  const found = lines.map((l, i) => (l.includes(line) ? i : -1)).filter((i) => i >= 0);
  if (found.length !== 1) throw new Error(`expected one line containing ${JSON.stringify(line)}, found ${found.length}`);
  const column = lines[found[0]].indexOf(word, lines[found[0]].indexOf(line));
  return { line: found[0] + 1, column: column + 1 };
}

/** Runs a command from the palette; `picker` when the command opens a list of its own. */
async function runCommand(page, title, { picker = false } = {}) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: STEP_TIMEOUT_MS });
  await row.click();
  if (!picker) await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: STEP_TIMEOUT_MS });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.locator('.monaco-editor.focused').waitFor({ timeout: STEP_TIMEOUT_MS });
}

async function goTo(page, { line, column }) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
}

async function closeOverlays(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
}

async function shoot(page, out, name, caption) {
  const file = join(out, name);
  await page.screenshot({ path: file });
  console.log(`${file}: ${caption}`);
}

async function main() {
  const { out, vsix } = parseArgs(process.argv.slice(2));
  const missing = missingTools();
  if (missing.length) throw new Error(`missing ${missing.join(' and ')}`);
  if (vsix && !existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
  if (!vsix && !existsSync(join(REPO_ROOT, 'dist', 'client.js'))) throw new Error('dist/client.js is missing: run npm run build first');
  mkdirSync(out, { recursive: true });

  const temp = mkdtempSync(join(tmpdir(), 'hb-screenshots-'));
  const workspace = join(temp, 'deployment');
  cpSync(EXAMPLE, workspace, { recursive: true });
  // An empty file for the snippet picture; its name makes it a HAProxy file. The config file
  // names the deployment's files, so this one stands alone and gets no cross-file findings.
  writeFileSync(join(workspace, 'haproxy-new.cfg'), '');
  writeFileSync(
    join(workspace, '.haproxy-bitbucket-lint.json'),
    JSON.stringify({ deployments: [{ haproxy: ['haproxy.cfg'], bitbucket: 'bitbucket.properties', serverXml: 'conf/server.xml' }] }, null, 2) + '\n',
  );
  const haproxy = readFileSync(join(workspace, 'haproxy.cfg'), 'utf8');

  let server;
  let browser;
  try {
    server = await startCodeServer({
      folder: workspace,
      vsix,
      userSettings: {
        'workbench.colorTheme': 'Default Light Modern',
        'editor.fontSize': 14,
        'editor.minimap.enabled': false,
        'breadcrumbs.enabled': false,
        'editor.stickyScroll.enabled': false,
        'workbench.editor.enablePreview': false,
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.hover.delay': 100,
        'window.title': '${rootName}',
      },
    });
    browser = await launchBrowser({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    const { page } = browser;
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: vsix ? undefined : REPO_ROOT }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'haproxy.cfg' }).first().waitFor({ timeout: 60_000 });
    // The pictures are about the editor: give it the side bar's room.
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');

    // 1. Problems panel.
    await openFile(page, 'bitbucket.properties');
    await openFile(page, 'haproxy.cfg');
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ timeout: STEP_TIMEOUT_MS });
    // All the findings at once: the panel takes the editor's room.
    await runCommand(page, 'View: Toggle Maximized Panel');
    await page.waitForFunction(
      () => {
        const text = document.querySelector('.markers-panel')?.textContent ?? '';
        return text.includes('haproxy.cfg') && text.includes('bitbucket.properties') && text.includes('proxy-port-mismatch');
      },
      undefined,
      { timeout: STEP_TIMEOUT_MS },
    );
    await shoot(page, out, 'problems-panel.png', 'Problems panel for the example deployment');
    await runCommand(page, 'View: Toggle Maximized Panel');
    await runCommand(page, 'View: Hide Panel');

    // 2. Hover on a duration (a line with no finding, so the hover shows only the explanation).
    await goTo(page, position(haproxy, 'timeout client 2h', '2h'));
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.locator('.monaco-hover:visible', { hasText: '2 hours' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await shoot(page, out, 'hover-duration.png', 'hover on timeout client 2h');
    await closeOverlays(page);

    // 3. Quick-fix menu on a misspelt keyword.
    await goTo(page, position(haproxy, 'optoin forwardfor', 'optoin'));
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget', { hasText: "'option'" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await shoot(page, out, 'quick-fix.png', "quick fixes for 'optoin'");
    await closeOverlays(page);

    // 4. Completion on a new line inside a backend.
    const afterLine = position(haproxy, 'option http-server-close');
    await goTo(page, { line: afterLine.line, column: 1 });
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('http-');
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'http-check' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await shoot(page, out, 'completion-backend.png', 'completion inside backend bitbucket_http');
    await closeOverlays(page);
    await runCommand(page, 'File: Revert File');

    // 5. A snippet, expanded in an empty HAProxy file. Inserting it from the command palette
    // (rather than typing its prefix) means the only diagnostics the file ever gets are the
    // ones for the expanded text, so their arrival tells when the picture is ready.
    await openFile(page, 'haproxy-new.cfg');
    await runCommand(page, 'Snippets: Insert Snippet', { picker: true });
    // The picker lists snippets by prefix.
    await page.locator('.quick-input-widget input').fill('bitbucket-https');
    const snippetRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'bitbucket-https' }).first();
    await snippetRow.waitFor({ timeout: STEP_TIMEOUT_MS });
    await snippetRow.click();
    await page.locator('.monaco-editor .view-line', { hasText: 'backend bitbucket_http' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.waitForFunction(
      () => {
        const editor = document.querySelector('.editor-group-container.active .monaco-editor');
        return !!editor && editor.querySelectorAll('.squiggly-warning').length > 0 && editor.querySelectorAll('.squiggly-error').length === 0;
      },
      undefined,
      { timeout: STEP_TIMEOUT_MS },
    );
    await shoot(page, out, 'snippet.png', 'the "Bitbucket behind HAProxy (HTTPS)" snippet expanded');
    return 0;
  } catch (error) {
    if (browser && process.env.HB_FAILURE_SCREENSHOT) {
      await browser.page.screenshot({ path: process.env.HB_FAILURE_SCREENSHOT }).catch(() => undefined);
      console.error(`screen at the failure: ${process.env.HB_FAILURE_SCREENSHOT}`);
    }
    throw error;
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`screenshots: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
