import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../server/src/cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'haproxy-bitbucket-lint.js');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

function fixture(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

const CLEAN = 'global\n  ssl-default-bind-options ssl-min-ver TLSv1.2\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\nfrontend fe\n  bind :80\n  default_backend be\nbackend be\n  server s1 127.0.0.1:7990\n';

test('text output: file:line:col: severity: message [rule]; exit 1 on errors', async () => {
  const dir = fixture({ 'haproxy.cfg': 'defaults\n  timeout client 50x\n' });
  const r = await run(['--no-color', path.join(dir, 'haproxy.cfg')]);
  assert.equal(r.code, 1);
  assert.match(r.out, /haproxy\.cfg:2:20: error: .* \[time-unit\]/);
});

test('json output has LSP positions and fixes', async () => {
  const dir = fixture({ 'bitbucket.properties': 'server.context-path=/\n' });
  const r = await run(['--format', 'json', dir]);
  const json = JSON.parse(r.out);
  assert.equal(json.files.length, 1);
  assert.equal(json.files[0].language, 'bitbucket-properties');
  const d = json.files[0].diagnostics.find((x: any) => x.rule === 'root-context-path');
  assert.deepEqual(d.range, { start: { line: 0, character: 20 }, end: { line: 0, character: 21 } });
  assert.equal(d.severity, 'error');
  assert.equal(d.fixes[0].edits[0].newText, '');
  assert.equal(r.code, 1);
});

test('clean file exits 0', async () => {
  const dir = fixture({ 'haproxy.cfg': CLEAN });
  const r = await run(['--format', 'json', path.join(dir, 'haproxy.cfg')]);
  const json = JSON.parse(r.out);
  assert.deepEqual(json.files[0].diagnostics.filter((d: any) => d.severity === 'error'), []);
  assert.equal(r.code, 0);
});

test('directories are walked; node_modules and .git skipped; languages by name', async () => {
  const dir = fixture({
    'etc/haproxy/haproxy.cfg': CLEAN,
    'shared/bitbucket.properties': 'server.port=7990\n',
    'node_modules/x/haproxy.cfg': 'broken "\n',
    '.git/haproxy.cfg': 'broken "\n',
    'notes.txt': 'hello',
  });
  const r = await run(['--format', 'json', dir]);
  const json = JSON.parse(r.out);
  assert.deepEqual(
    json.files.map((f: any) => [path.relative(dir, f.path), f.language]),
    [
      [path.join('etc', 'haproxy', 'haproxy.cfg'), 'haproxy'],
      [path.join('shared', 'bitbucket.properties'), 'bitbucket-properties'],
    ],
  );
});

test('--rule overrides severity and off removes findings', async () => {
  const dir = fixture({ 'haproxy.cfg': 'defaults\n  timeout client 50x\n' });
  let r = await run(['--rule', 'time-unit=warning', '--format', 'json', dir]);
  assert.ok(JSON.parse(r.out).files[0].diagnostics.every((d: any) => d.rule !== 'time-unit' || d.severity === 'warning'));
  r = await run(['--rule', 'time-unit=off', '--format', 'json', dir]);
  assert.ok(JSON.parse(r.out).files[0].diagnostics.every((d: any) => d.rule !== 'time-unit'));
});

test('ignore comments are honoured', async () => {
  const dir = fixture({ 'haproxy.cfg': 'defaults\n  # haproxy-bitbucket-lint ignore=time-unit\n  timeout client 50x\n  timeout server 5x # haproxy-bitbucket-lint ignore=time-unit\n' });
  const r = await run(['--format', 'json', dir]);
  assert.deepEqual(JSON.parse(r.out).files[0].diagnostics.filter((d: any) => d.rule === 'time-unit'), []);
  const g = fixture({ 'haproxy.cfg': '# haproxy-bitbucket-lint global ignore=time-unit\ndefaults\n  timeout client 50x\n' });
  const r2 = await run(['--format', 'json', g]);
  assert.deepEqual(JSON.parse(r2.out).files[0].diagnostics.filter((d: any) => d.rule === 'time-unit'), []);
});

test('usage errors exit 2 with a clear message', async () => {
  for (const args of [[], ['--format', 'xml', 'x'], ['--bogus'], ['--rule', 'nope=error', 'x'], ['--haproxy-version', '1.5', 'x']]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /^haproxy-bitbucket-lint: /);
  }
});

test('missing and unreadable files: exit 2, others still linted', async () => {
  const dir = fixture({ 'haproxy.cfg': 'defaults\n  timeout client 50x\n' });
  const r = await run(['--format', 'json', path.join(dir, 'nope.cfg'), path.join(dir, 'haproxy.cfg')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read .*nope\.cfg.*no such file/);
  assert.equal(JSON.parse(r.out).files.length, 1);
  if (process.getuid && process.getuid() !== 0) {
    const locked = path.join(dir, 'locked.cfg');
    writeFileSync(locked, 'global\n');
    chmodSync(locked, 0o000);
    const r2 = await run([locked]);
    assert.equal(r2.code, 2);
  }
});

test('binary and invalid UTF-8 files get a clear diagnostic, not a crash', async () => {
  const dir = fixture({
    'bin.cfg': Buffer.from([0, 1, 2, 0, 0, 0, 255, 0, 0, 0, 0, 0]),
    'latin1.cfg': Buffer.from('global\n  description caf\xe9\n', 'latin1'),
  });
  const r = await run(['--format', 'json', dir]);
  const files = JSON.parse(r.out).files;
  assert.match(files[0].diagnostics[0].message, /binary/);
  assert.match(files[1].diagnostics[0].message, /not valid UTF-8/);
});

test('the installed bin runs and reports exit codes', () => {
  const dir = fixture({ 'haproxy.cfg': CLEAN, 'bad.cfg': 'defaults\n  timeout client 50x\n' });
  const ok = spawnSync(process.execPath, [BIN, path.join(dir, 'haproxy.cfg')], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr + ok.stdout);
  const bad = spawnSync(process.execPath, [BIN, path.join(dir, 'bad.cfg')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  const usage = spawnSync(process.execPath, [BIN], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.doesNotMatch(usage.stderr, /at .*\.js:\d+/, 'no stack trace');
});
