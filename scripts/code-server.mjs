// code-server (VS Code 1.100.3 in the browser) for the integration suite and the screenshots.
//
//   node scripts/code-server.mjs install   install 4.100.3 into the cache (once; reruns are instant)
//   node scripts/code-server.mjs path      print the cached executable, exit 1 when it is missing
//   node scripts/code-server.mjs serve DIR serve DIR on a free loopback port until Ctrl-C
//
// The cache lives outside the repository: $HB_CACHE_DIR, else ~/.cache/haproxy-bitbucket.
// 4.100.3 is the newest code-server that runs on Node 20. Every run uses temporary
// XDG, user-data and extension folders, so nothing is written to $HOME; the server runs in
// its own process group and stop() kills the whole group (it has a file-watcher child).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const INSTALL_COMMAND = 'node scripts/code-server.mjs install';
export const BROWSER_INSTALL_COMMAND = 'apt-get install -y chromium';

// @vscode/ripgrep (a code-server dependency) downloads rg from GitHub at install time; we
// put Debian's rg where its download cache expects it instead.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function cacheRoot() {
  return process.env.HB_CACHE_DIR || join(homedir(), '.cache', 'haproxy-bitbucket');
}

function installDir() {
  return join(cacheRoot(), 'code-server', CODE_SERVER_VERSION);
}

/** The code-server executable, or undefined when it has not been installed. */
export function codeServerPath() {
  if (process.env.CODE_SERVER_BIN) return existsSync(process.env.CODE_SERVER_BIN) ? process.env.CODE_SERVER_BIN : undefined;
  const dir = installDir();
  const bin = join(dir, 'node_modules', '.bin', 'code-server');
  return existsSync(join(dir, '.complete')) && existsSync(bin) ? bin : undefined;
}

function which(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Chromium for playwright-core: $CHROMIUM_PATH, else Debian's chromium. */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  return ['chromium', 'chromium-browser', 'google-chrome'].map(which).find(Boolean);
}

/** What is missing to run code-server in Chromium, as `tool: install command` lines. */
export function missingTools() {
  const missing = [];
  if (!chromiumPath()) missing.push(`Chromium (${BROWSER_INSTALL_COMMAND})`);
  if (!codeServerPath()) missing.push(`code-server ${CODE_SERVER_VERSION} (${INSTALL_COMMAND})`);
  return missing;
}

/** Prints a one-line skip message, or fails under CI=true, when a tool is missing. Returns
 * true when the caller should go on. */
export function checkToolsOrSkip(suite) {
  const missing = missingTools();
  if (missing.length === 0) return true;
  const line = `${suite}: skipped, missing ${missing.join(' and ')}`;
  if (process.env.CI === 'true') {
    console.error(`${line} (CI=true: a skipped suite is a failure)`);
    process.exit(1);
  }
  console.log(line);
  return false;
}

export async function installCodeServer({ log = console.log } = {}) {
  const existing = codeServerPath();
  if (existing) {
    log(`code-server ${CODE_SERVER_VERSION} is cached at ${existing}`);
    return existing;
  }
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep is needed to install code-server offline: apt-get install -y ripgrep');
  const target = installDir();
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.staging-${CODE_SERVER_VERSION}-`));
  const temp = mkdtempSync(join(tmpdir(), 'hb-code-server-install-'));
  try {
    const rgCache = join(temp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
    const rgDir = join(temp, 'rg');
    mkdirSync(rgCache, { recursive: true });
    mkdirSync(rgDir);
    copyFileSync(rg, join(rgDir, 'rg'));
    run('tar', ['czf', join(rgCache, RIPGREP_ASSET), '-C', rgDir, 'rg'], {});
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));
    log(`installing code-server ${CODE_SERVER_VERSION} into ${target} (about a minute and a half)`);
    const env = {
      ...process.env,
      // The ripgrep download cache is looked up under os.tmpdir().
      TMPDIR: temp,
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
    };
    run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: staging, env });
    const bin = join(staging, 'node_modules', '.bin', 'code-server');
    const version = spawnSync(bin, ['--version', ...isolationArgs(join(temp, 'probe'))], { env: isolatedEnv(join(temp, 'probe')), encoding: 'utf8' });
    const versionLine = (version.stdout || '').split('\n').find((l) => l.startsWith(`${CODE_SERVER_VERSION} `));
    if (version.status !== 0 || !versionLine) {
      throw new Error(`code-server --version failed after install:\n${version.stdout}${version.stderr}`);
    }
    writeFileSync(join(staging, '.complete'), `${versionLine}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    log(`code-server ${versionLine} installed`);
    return join(target, 'node_modules', '.bin', 'code-server');
  } finally {
    rmSync(temp, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}

function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

function isolatedEnv(stateDir) {
  return {
    ...process.env,
    HOME: join(stateDir, 'home'),
    XDG_CONFIG_HOME: join(stateDir, 'config'),
    XDG_DATA_HOME: join(stateDir, 'data'),
    XDG_CACHE_HOME: join(stateDir, 'cache'),
    XDG_STATE_HOME: join(stateDir, 'state'),
    XDG_RUNTIME_DIR: join(stateDir, 'runtime'),
  };
}

function isolationArgs(stateDir) {
  return [
    '--config', join(stateDir, 'config.yaml'),
    '--user-data-dir', join(stateDir, 'user-data'),
    '--extensions-dir', join(stateDir, 'extensions'),
  ];
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Settings for a quiet, deterministic workbench (also used by scripts/test-vscode.mjs). */
export const BASE_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
  'window.commandCenter': false,
};

/**
 * Starts code-server for `folder` in a fresh state directory and waits until it answers.
 * Returns { url, port, stateDir, stop, log }.
 * - `vsix`: a packaged extension to install first (with --install-extension).
 * - `userSettings`: merged into the temporary user settings.json.
 */
export async function startCodeServer({ folder, vsix, userSettings = {}, log = () => {} } = {}) {
  const bin = codeServerPath();
  if (!bin) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed: ${INSTALL_COMMAND}`);
  const stateDir = mkdtempSync(join(tmpdir(), 'hb-code-server-'));
  const env = isolatedEnv(stateDir);
  for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']) {
    mkdirSync(env[key], { recursive: true, mode: 0o700 });
  }
  const args = isolationArgs(stateDir);
  writeFileSync(join(stateDir, 'config.yaml'), 'auth: none\ncert: false\n');
  const userDir = join(stateDir, 'user-data', 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ ...BASE_USER_SETTINGS, ...userSettings }, null, 2));
  if (vsix) {
    const r = spawnSync(bin, [...args, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (r.status !== 0) {
      rmSync(stateDir, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}${r.stderr}`);
    }
    log(r.stdout.trim());
  }
  const port = await freePort();
  const output = [];
  const child = spawn(
    bin,
    [
      ...args,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      folder,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const onData = (chunk) => {
    const text = chunk.toString();
    output.push(text);
    log(text.trimEnd());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.on('error', (error) => {
    output.push(`could not start ${bin}: ${error.message}\n`);
    exited = true;
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(child, () => exited);
    rmSync(stateDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`code-server exited early:\n${output.join('')}`);
      try {
        const res = await fetch(`${url}/healthz`);
        return res.ok;
      } catch {
        return false;
      }
    }, 60_000, 'code-server to answer');
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stateDir, stop, output };
}

async function killGroup(child, hasExited) {
  if (child.pid === undefined) return;
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (hasExited() && !groupAlive(child.pid)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  signal('SIGKILL');
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The workbench URL that loads the extension under development and runs a test module,
 * the web equivalent of --extensionDevelopmentPath / --extensionTestsPath. */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = [`folder=${encodeURIComponent(folder)}`];
  if (payload.length) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/?${query.join('&')}`;
}

/** Headless Chromium through playwright-core, with its profile in a temp dir. Returns
 * { context, page, close }. */
export async function launchBrowser({ viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1 } = {}) {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(`Chromium is not installed: ${BROWSER_INSTALL_COMMAND}`);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'hb-chromium-'));
  const env = isolatedEnv(profile);
  for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) mkdirSync(env[key], { recursive: true });
  let context;
  try {
    context = await chromium.launchPersistentContext(join(profile, 'profile'), {
      executablePath,
      headless: true,
      env,
      viewport,
      deviceScaleFactor,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === 'install') {
    await installCodeServer();
    return 0;
  }
  if (command === 'path') {
    const bin = codeServerPath();
    if (!bin) {
      console.error(`code-server ${CODE_SERVER_VERSION} is not installed: ${INSTALL_COMMAND}`);
      return 1;
    }
    console.log(bin);
    return 0;
  }
  if (command === 'serve') {
    const folder = resolve(rest[0] ?? join(REPO_ROOT, 'examples', 'deployment'));
    const server = await startCodeServer({ folder });
    console.log(`${workbenchUrl(server, { folder, extensionDevelopmentPath: REPO_ROOT })}`);
    console.log('Ctrl-C stops it.');
    await new Promise((r) => {
      process.once('SIGINT', r);
      process.once('SIGTERM', r);
    });
    await server.stop();
    return 0;
  }
  console.error('usage: node scripts/code-server.mjs install | path | serve [FOLDER]');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

