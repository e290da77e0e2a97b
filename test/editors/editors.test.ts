/**
 * The language server in real editors other than VS Code: Neovim 0.7 (headless) and Emacs 28
 * with eglot (batch mode), both started on the package's bin with --stdio against copies of
 * the fixture workspace. Each editor runs in its own process group with HOME and the XDG
 * folders in a temporary directory, so nothing is written to the user's home.
 * Without the editor a test is skipped with the install command; under CI=true it fails.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER_BIN = path.join(ROOT, 'bin', 'haproxy-bitbucket-language-server.js');
const FIXTURE = path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace');
const SCRIPTS = path.join(ROOT, 'test', 'editors');
const RUN_TIMEOUT_MS = 60_000;

/** The reason to skip, or false to run. Under CI=true a missing editor is an error. The
 * probe runs with the sandbox's HOME and XDG folders: even `nvim --version` writes a log. */
function skipWithout(command: string, probe: string[], install: string, env: NodeJS.ProcessEnv): string | false {
  const r = spawnSync(command, probe, { encoding: 'utf8', env });
  if (r.status === 0) return false;
  const reason = `${command} is not installed (${install})`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI=true does not allow skipping`);
  return reason;
}

interface Sandbox {
  dir: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

function sandbox(): Sandbox {
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-editor-'));
  const workspace = path.join(dir, 'workspace');
  cpSync(FIXTURE, workspace, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: path.join(dir, 'home') };
  for (const [key, sub] of [
    ['XDG_CONFIG_HOME', 'config'],
    ['XDG_DATA_HOME', 'data'],
    ['XDG_CACHE_HOME', 'cache'],
    ['XDG_STATE_HOME', 'state'],
  ] as const) {
    env[key] = path.join(dir, sub);
  }
  for (const p of [env.HOME!, env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, env.XDG_CACHE_HOME!, env.XDG_STATE_HOME!]) mkdirSync(p, { recursive: true });
  return { dir, workspace, env };
}

/** Runs an editor in its own process group and kills the group afterwards (the editor's
 * language server child included), whatever happens. */
function runEditor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`${command} did not finish within ${RUN_TIMEOUT_MS / 1000} s:\n${output}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup();
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURE, name), 'utf8');
}

/** 0-based line and column of `word` on the one line containing `line`. */
function locate(text: string, line: string, word = line): { line: number; character: number } {
  const lines = text.split('\n');
  const found = lines.map((l, i) => (l.includes(line) ? i : -1)).filter((i) => i >= 0);
  assert.equal(found.length, 1, `one line of the fixture contains ${JSON.stringify(line)}`);
  return { line: found[0], character: lines[found[0]].indexOf(word, lines[found[0]].indexOf(line)) };
}

interface Finding {
  code: string;
  severity: 'error' | 'warning';
  line: string;
  word: string;
}

/** The known mistakes in the fixture workspace (test/e2e/suite/20-diagnostics.test.ts checks
 * the same ones in VS Code). */
const EXPECTED: Record<string, Finding[]> = {
  'haproxy.cfg': [
    { code: 'time-unit', severity: 'error', line: 'timeout client 50x', word: 'x' },
    { code: 'unknown-keyword', severity: 'error', line: 'optoin forwardfor', word: 'optoin' },
    { code: 'undefined-backend', severity: 'error', line: 'use_backend bitbucket_htp', word: 'bitbucket_htp' },
  ],
  'bitbucket.properties': [
    { code: 'boolean-value', severity: 'warning', line: 'server.secure=yes', word: 'yes' },
    { code: 'unknown-property', severity: 'warning', line: 'server.proxy-nmae=', word: 'server.proxy-nmae' },
  ],
};

/** `code severity line:col-line:col` (0-based), sorted, for exact comparison. */
function expectedSummary(file: string): string[] {
  const text = fixture(file);
  return EXPECTED[file]
    .map((f) => {
      const at = locate(text, f.line, f.word);
      return `${f.code} ${f.severity} ${at.line}:${at.character}-${at.line}:${at.character + f.word.length}`;
    })
    .sort();
}

test('Neovim 0.7: diagnostics, hover and a quick fix from the language server', async (t) => {
  const box = sandbox();
  try {
    const skip = skipWithout('nvim', ['--version'], 'apt-get install -y neovim', box.env);
    if (skip) return t.skip(skip);
    assert.ok(existsSync(path.join(ROOT, 'dist', 'server.js')), 'dist/server.js is built (npm run build)');
    const haproxy = fixture('haproxy.cfg');
    const props = fixture('bitbucket.properties');
    const duration = locate(haproxy, 'timeout server 1m', '1m');
    const cidr = locate(haproxy, 'acl admin_net src', '192.168.5.128/26');
    const key = locate(props, 'server.proxy-name=', 'server.proxy-name');
    const plan = {
      node: process.execPath,
      server: SERVER_BIN,
      root: box.workspace,
      out: path.join(box.dir, 'result.json'),
      files: [
        {
          path: 'haproxy.cfg',
          hover: [duration, { line: cidr.line, character: cidr.character + 3 }],
          action: { ...locate(haproxy, 'optoin forwardfor', 'optoin'), title: "Replace 'optoin' with 'option'" },
        },
        {
          path: 'bitbucket.properties',
          hover: [{ line: key.line, character: key.character + 3 }],
          action: { ...locate(props, 'server.secure=yes', 'yes'), title: 'Set server.secure to true' },
        },
      ],
    };
    const planFile = path.join(box.dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const run = await runEditor('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-S', path.join(SCRIPTS, 'neovim.lua')], {
      cwd: box.workspace,
      env: { ...box.env, HB_PLAN: planFile },
    });
    assert.ok(existsSync(plan.out), `Neovim wrote no result (exit ${run.code}):\n${run.output}`);
    const result = JSON.parse(readFileSync(plan.out, 'utf8'));
    assert.equal(result.error, undefined, `Neovim script failed: ${result.error}\n${run.output}`);
    assert.equal(run.code, 0, run.output);
    t.diagnostic(`Neovim run took ${run.ms} ms`);

    const severity = (n: number) => (n === 1 ? 'error' : n === 2 ? 'warning' : n === 3 ? 'information' : 'hint');
    const [cfg, properties] = result.files;
    for (const file of [cfg, properties]) {
      const got = file.diagnostics
        .map((d: { code: string; severity: number; lnum: number; col: number; end_lnum: number; end_col: number }) =>
          `${d.code} ${severity(d.severity)} ${d.lnum}:${d.col}-${d.end_lnum}:${d.end_col}`)
        .sort();
      assert.deepEqual(got, expectedSummary(file.path), `${file.path} diagnostics`);
      assert.ok(file.diagnostics.every((d: { source: string }) => d.source === 'haproxy-bitbucket'));
    }
    assert.equal(cfg.filetype, 'haproxy');

    assert.match(cfg.hovers[0].value, /\*\*1m\*\* = 1 minute/);
    assert.match(cfg.hovers[1].value, /192\.168\.5\.128 - 192\.168\.5\.191, 64 addresses/);
    assert.match(properties.hovers[0].value, /\*\*server\.proxy-name\*\*/);

    assert.equal(cfg.applied, "Replace 'optoin' with 'option'", `actions offered: ${JSON.stringify(cfg.actions)}`);
    assert.equal(cfg.text, haproxy.replace('    optoin forwardfor\n', '    option forwardfor\n'));
    assert.equal(properties.applied, 'Set server.secure to true', `actions offered: ${JSON.stringify(properties.actions)}`);
    assert.equal(properties.text, props.replace('server.secure=yes\n', 'server.secure=true\n'));
  } finally {
    rmSync(box.dir, { recursive: true, force: true });
  }
});

test('Emacs 28 + eglot: diagnostics on haproxy.cfg and bitbucket.properties', async (t) => {
  const box = sandbox();
  try {
    const skip = skipWithout(
      'emacs',
      ['--batch', '--eval', "(progn (package-initialize) (require 'eglot))"],
      'apt-get install -y emacs-nox elpa-eglot',
      box.env,
    );
    if (skip) return t.skip(skip);
    assert.ok(existsSync(path.join(ROOT, 'dist', 'server.js')), 'dist/server.js is built (npm run build)');
    const out = path.join(box.dir, 'result.json');
    const files = ['haproxy.cfg', 'bitbucket.properties'];
    const run = await runEditor('emacs', ['--batch', '-l', path.join(SCRIPTS, 'eglot.el')], {
      cwd: box.workspace,
      env: {
        ...box.env,
        HB_NODE: process.execPath,
        HB_SERVER: SERVER_BIN,
        HB_ROOT: box.workspace,
        HB_FILES: files.join(':'),
        HB_OUT: out,
      },
    });
    assert.ok(existsSync(out), `Emacs wrote no result (exit ${run.code}):\n${run.output}`);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(result.error, undefined, `Emacs script failed: ${result.error}\n${run.output}`);
    assert.equal(run.code, 0, run.output);
    t.diagnostic(`Emacs run took ${run.ms} ms`);

    assert.deepEqual(
      result.files.map((f: { path: string; mode: string }) => [f.path, f.mode]),
      [
        ['haproxy.cfg', 'haproxy-mode'],
        ['bitbucket.properties', 'bitbucket-properties-mode'],
      ],
    );
    for (const file of result.files) {
      const got = file.diagnostics
        .map((d: { text: string; type: string; line: number; col: number; end_line: number; end_col: number }) => {
          const code = /^haproxy-bitbucket \[([a-z-]+)\]: /.exec(d.text)?.[1] ?? `(no code in ${JSON.stringify(d.text)})`;
          return `${code} ${d.type.replace('eglot-', '')} ${d.line}:${d.col}-${d.end_line}:${d.end_col}`;
        })
        .sort();
      assert.deepEqual(got, expectedSummary(file.path), `${file.path} diagnostics`);
    }
  } finally {
    rmSync(box.dir, { recursive: true, force: true });
  }
});
