// Runs the integration suite (test/e2e, compiled to out/test/e2e) in desktop VS Code with
// @vscode/test-electron, the conventional way to test an extension. It downloads VS Code
// (stable unless VSCODE_VERSION is set) into the cache outside the repository, so it needs
// internet access; VSCODE_EXECUTABLE=/path/to/code uses a VS Code you already have instead.
// CI, which has no internet, runs the same suite in code-server: npm run test:code-server.
//
// On Linux without a display it re-runs itself under xvfb-run (apt-get install -y xvfb).
// Every run gets a fresh user-data and extensions folder and a copy of the fixture
// workspace in a temporary directory, all removed afterwards.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { BASE_USER_SETTINGS, cacheRoot, REPO_ROOT } from './code-server.mjs';

const FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace');
const TESTS = join(REPO_ROOT, 'out', 'test', 'e2e', 'index.js');

function onPath(name) {
  return (process.env.PATH || '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
}

function skipOrFail(message) {
  if (process.env.CI === 'true') {
    console.error(`test:vscode: ${message} (CI=true: a skipped suite is a failure)`);
    return 1;
  }
  console.log(`test:vscode: skipped, ${message}`);
  return 0;
}

async function main() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !process.env.HB_UNDER_XVFB) {
    if (!onPath('xvfb-run')) return skipOrFail('no display and no xvfb-run (apt-get install -y xvfb)');
    const r = spawnSync('xvfb-run', ['-a', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, HB_UNDER_XVFB: '1' },
    });
    return r.status ?? 1;
  }
  for (const [file, how] of [
    [join(REPO_ROOT, 'dist', 'client.js'), 'npm run build'],
    [TESTS, 'npx tsc -p test/e2e/tsconfig.json'],
  ]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run ${how} first`);
  }

  const temp = mkdtempSync(join(tmpdir(), 'hb-vscode-'));
  try {
    const workspace = join(temp, 'workspace');
    cpSync(FIXTURE, workspace, { recursive: true });
    const userData = join(temp, 'user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(BASE_USER_SETTINGS, null, 2));
    const started = performance.now();
    const code = await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: TESTS,
      ...(process.env.VSCODE_EXECUTABLE
        ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE }
        : { version: process.env.VSCODE_VERSION || 'stable', cachePath: join(cacheRoot(), 'vscode-test') }),
      launchArgs: [
        workspace,
        `--user-data-dir=${userData}`,
        `--extensions-dir=${join(temp, 'extensions')}`,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
      ],
      extensionTestsEnv: {
        XDG_CONFIG_HOME: join(temp, 'config'),
        XDG_CACHE_HOME: join(temp, 'cache'),
        XDG_DATA_HOME: join(temp, 'data'),
      },
    });
    console.log(`test:vscode: suite ${code === 0 ? 'passed' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return code === 0 ? 0 : 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|update\.code\.visualstudio\.com/.test(message)) {
      console.error(
        `test:vscode: could not download VS Code (${message.split('\n')[0]}). This suite needs internet access, ` +
          'or VSCODE_EXECUTABLE=/path/to/code; without either, run npm run test:code-server.',
      );
    } else {
      console.error(`test:vscode: ${error instanceof Error ? error.stack : error}`);
    }
    process.exit(1);
  },
);
