import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { writeFileSync, chmodSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { rules } from '../../server/src/service';
import { USAGE, VERSION } from '../../server/src/cli/args';
import { BIN, CLEAN, ERROR_CFG, INFO_CFG, ROOT, WARNING_PROPS, asJson, fixture, run, runBin } from './util';

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
  const r = await run(['--format', 'json', path.join(dir, 'bin.cfg'), path.join(dir, 'latin1.cfg')]);
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

// ---------------------------------------------------------------------------------------
// The CLI as a CI gate: options, exit codes, config files, stdin, colour, --explain.
// ---------------------------------------------------------------------------------------

const gate = fixture({
  'clean/haproxy.cfg': CLEAN,
  'error/haproxy.cfg': ERROR_CFG,
  'warning/bitbucket.properties': WARNING_PROPS,
  'two-warnings/bitbucket.properties': WARNING_PROPS + 'server.port=7992\n',
  'info/haproxy.cfg': INFO_CFG,
});
const at = (name: string) => path.join(gate, name);

test('the fixtures have exactly the findings the exit-code table relies on', async () => {
  const counts = async (name: string) => {
    const s = asJson(await run(['--format', 'json', at(name)])).summary;
    return [s.errors, s.warnings, s.information, s.hints];
  };
  assert.deepEqual(await counts('clean'), [0, 0, 0, 0]);
  assert.deepEqual(await counts('error'), [1, 0, 0, 0]);
  assert.deepEqual(await counts('warning'), [0, 1, 0, 0]);
  assert.deepEqual(await counts('two-warnings'), [0, 2, 0, 0]);
  assert.deepEqual(await counts('info'), [0, 0, 1, 0]);
});

const exitCodes: [string, string[], number][] = [
  ['clean file', ['@clean'], 0],
  ['an error fails by default', ['@error'], 1],
  ['a warning passes by default', ['@warning'], 0],
  ['info passes by default', ['@info'], 0],
  ['--fail-on warning: a warning fails', ['--fail-on', 'warning', '@warning'], 1],
  ['--fail-on warning: an error fails', ['--fail-on', 'warning', '@error'], 1],
  ['--fail-on warning: info passes', ['--fail-on', 'warning', '@info'], 0],
  ['--fail-on info: info fails', ['--fail-on=info', '@info'], 1],
  ['--fail-on info: a hint passes', ['--fail-on', 'info', '--rule', 'time-unit=hint', '@info'], 0],
  ['--fail-on error explicitly', ['--fail-on', 'error', '@warning'], 0],
  ['--rule raises a warning to an error', ['--rule', 'duplicate-property=error', '@warning'], 1],
  ['--rule turns an error off', ['--rule', 'time-unit=off', '@error'], 0],
  ['--max-warnings 0 with one warning', ['--max-warnings', '0', '@warning'], 1],
  ['--max-warnings 1 with one warning', ['--max-warnings', '1', '@warning'], 0],
  ['--max-warnings 1 with two warnings', ['--max-warnings', '1', '@two-warnings'], 1],
  ['--max-warnings does not count info', ['--max-warnings', '0', '@info'], 0],
  ['--quiet hides warnings but --fail-on still counts them', ['--quiet', '--fail-on', 'warning', '@warning'], 1],
  ['--quiet: a warning alone still passes', ['--quiet', '@warning'], 0],
  ['the worst file decides', ['@clean', '@warning', '@error'], 1],
  ['a missing file is an I/O error (2) even with findings elsewhere', ['@error', '@missing.cfg'], 2],
  ['two directories, nothing at the threshold', ['@clean', '@info'], 0],
];
for (const [name, args, code] of exitCodes) {
  test(`exit code ${code}: ${name}`, async () => {
    // '@name' stands for the fixture directory of that name.
    const resolved = args.map((a) => (a.startsWith('@') ? at(a.slice(1)) : a));
    const r = await run(['--no-color', ...resolved]);
    assert.equal(r.code, code, `${args.join(' ')}\n${r.out}${r.err}`);
  });
}

const usageErrors: [string[], RegExp][] = [
  [[], /no files given/],
  [['--format', 'xml', 'x'], /unknown format 'xml'/],
  [['--bogus', 'x'], /unknown option '--bogus'/],
  [['--rule', 'nope=error', 'x'], /unknown rule 'nope'/],
  [['--rule', 'time-unit=loud', 'x'], /unknown severity 'loud'/],
  [['--rule', 'time-unit', 'x'], /--rule expects ID=SEVERITY/],
  [['--haproxy-version', '1.5', 'x'], /unsupported HAProxy version '1\.5'/],
  [['--language', 'nginx', 'x'], /unknown language 'nginx'/],
  [['--fail-on', 'hint', 'x'], /--fail-on expects error, warning or info/],
  [['--max-warnings', '-1', 'x'], /whole number/],
  [['--max-warnings', 'many', 'x'], /whole number/],
  [['--max-warnings'], /--max-warnings needs a value/],
  [['--fix', '--fix-dry-run', 'x'], /either --fix or --fix-dry-run/],
  [['--fix-dry-run', '--format', 'sarif', 'x'], /cannot be combined with --format/],
  [['--fix=yes', 'x'], /--fix takes no value/],
  [['--stdin'], /--stdin-filename NAME or --language/],
  [['--stdin', '--stdin-filename', 'haproxy.cfg', 'x.cfg'], /give no paths/],
  [['--stdin', '--fix', '--language', 'haproxy'], /use --fix-dry-run/],
  [['--stdin-filename', 'haproxy.cfg', 'x.cfg'], /only applies with --stdin/],
  [['--explain', 'no-such-rule'], /unknown rule 'no-such-rule'/],
];
for (const [args, message] of usageErrors) {
  test(`usage error, exit 2: ${args.join(' ') || '(no arguments)'}`, async () => {
    const r = await run(args);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^haproxy-bitbucket-lint: /);
    assert.match(r.err, message);
  });
}

test('--help documents every option, exit 0; so does docs/cli.md', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  const options = [...new Set(USAGE.match(/--[a-z][a-z-]+/g))];
  for (const o of ['--format', '--fix', '--fix-dry-run', '--config', '--fail-on', '--max-warnings', '--rule', '--list-rules', '--explain', '--stdin', '--stdin-filename', '--no-color', '--quiet']) {
    assert.ok(options.includes(o), o);
  }
  const docs = readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
  for (const o of options) assert.ok(docs.includes(`\`${o}`), `docs/cli.md documents ${o}`);
  for (const code of ['0', '1', '2']) assert.match(docs, new RegExp(`\\| \`?${code}\`? \\|`), `exit code ${code} in docs/cli.md`);
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(VERSION, pkg.version);
  const r = await run(['--version']);
  assert.deepEqual([r.code, r.out], [0, `${pkg.version}\n`]);
});

test('--list-rules prints every rule with its default severity', async () => {
  const r = await run(['--list-rules']);
  assert.equal(r.code, 0);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.length, rules.length);
  for (const rule of rules) {
    const line = lines.find((l) => l.startsWith(rule.meta.id + ' '));
    assert.ok(line, rule.meta.id);
    assert.match(line!, new RegExp(`\\s${rule.meta.defaultSeverity}\\s`));
    assert.ok(line!.includes(rule.meta.description));
  }
});

test('--explain prints the rule page from docs/rules', async () => {
  for (const rule of rules) {
    const r = await run(['--explain', rule.meta.id]);
    assert.equal(r.code, 0, rule.meta.id);
    assert.equal(r.out, readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.meta.id}.md`), 'utf8'));
  }
  const bin = runBin(['--explain', 'time-unit']);
  assert.equal(bin.code, 0, bin.err);
  assert.match(bin.out, /^# time-unit\n/);
});

test('--quiet lists errors only, in text, JSON and SARIF', async () => {
  const dir = fixture({ 'haproxy.cfg': ERROR_CFG, 'bitbucket.properties': WARNING_PROPS });
  const text = await run(['--quiet', '--no-color', dir]);
  assert.match(text.out, /\[time-unit\]/);
  assert.doesNotMatch(text.out, /duplicate-property/);
  assert.match(text.out, /1 error, 1 warning/, 'the summary still counts everything');
  const json = asJson(await run(['--quiet', '--format', 'json', dir]));
  assert.deepEqual(json.files.flatMap((f: any) => f.diagnostics.map((d: any) => d.rule)), ['time-unit']);
  const sarif = asJson(await run(['--quiet', '--format', 'sarif', dir]));
  assert.deepEqual(sarif.runs[0].results.map((x: any) => x.ruleId), ['time-unit']);
});

test('colour: on for a terminal, off with --no-color or NO_COLOR, forced with --color', async () => {
  const dir = fixture({ 'haproxy.cfg': ERROR_CFG });
  const ESC = /\x1b\[/;
  assert.match((await run([dir], { tty: true })).out, ESC);
  assert.doesNotMatch((await run(['--no-color', dir], { tty: true })).out, ESC);
  assert.doesNotMatch((await run([dir], { tty: false })).out, ESC);
  assert.match((await run(['--color', dir], { tty: false })).out, ESC);
  const saved = process.env.NO_COLOR;
  process.env.NO_COLOR = '1';
  try {
    assert.doesNotMatch((await run([dir], { tty: true })).out, ESC);
  } finally {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  }
  const colored = (await run([dir], { tty: true })).out;
  assert.match(colored, /\x1b\[31merror\x1b\[0m/);
});

test('--stdin with --stdin-filename: language, reported name, config file and ignore globs come from the name', async () => {
  const dir = fixture({
    'etc/.haproxy-bitbucket-lint.json': JSON.stringify({ rules: { 'duplicate-property': 'error' }, ignore: ['generated/**'] }),
  });
  const name = path.join(dir, 'etc', 'bitbucket.properties');
  let r = await run(['--stdin', '--stdin-filename', name, '--format', 'json'], { stdin: WARNING_PROPS });
  assert.equal(r.code, 1, 'the config file raised duplicate-property to error');
  const json = asJson(r);
  assert.equal(json.files[0].path, name);
  assert.equal(json.files[0].language, 'bitbucket-properties');
  assert.equal(json.files[0].diagnostics[0].severity, 'error');

  r = await run(['--stdin', '--stdin-filename', path.join(dir, 'etc', 'generated', 'haproxy.cfg')], { stdin: ERROR_CFG });
  assert.equal(r.code, 0);
  assert.match(r.out, /0 files checked \(1 ignored by the config file\)/);

  r = await run(['--stdin', '--language', 'haproxy', '--no-color'], { stdin: ERROR_CFG });
  assert.equal(r.code, 1);
  assert.match(r.out, /^<stdin>:6:20: error: .*\[time-unit\]/m);

  r = await run(['--stdin', '--stdin-filename', 'notes.txt'], { stdin: ERROR_CFG });
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot tell the language of 'notes\.txt'/);

  const bin = runBin(['--stdin', '--stdin-filename', 'haproxy.cfg'], { input: ERROR_CFG, cwd: dir });
  assert.equal(bin.code, 1, bin.err);
  assert.match(bin.out, /^haproxy\.cfg:6:20: error:/m);
});

test('config file: found by walking up from each file; each directory gets its nearest one', async () => {
  const dir = fixture({
    '.haproxy-bitbucket-lint.json': JSON.stringify({ rules: { 'time-unit': 'warning' } }),
    'a/haproxy.cfg': ERROR_CFG,
    'b/.haproxy-bitbucket-lint.json': JSON.stringify({ rules: { 'time-unit': 'off' } }),
    'b/c/haproxy.cfg': ERROR_CFG,
  });
  const r = await run(['--format', 'json', dir]);
  assert.equal(r.code, 0, r.err);
  const byPath = Object.fromEntries(asJson(r).files.map((f: any) => [path.relative(dir, f.path), f.diagnostics.map((d: any) => `${d.rule}:${d.severity}`)]));
  assert.deepEqual(byPath, { [path.join('a', 'haproxy.cfg')]: ['time-unit:warning'], [path.join('b', 'c', 'haproxy.cfg')]: [] });
});

test('config file: --rule and --haproxy-version win over it; --config replaces the search', async () => {
  const dir = fixture({
    '.haproxy-bitbucket-lint.json': JSON.stringify({ rules: { 'time-unit': 'off' }, haproxyVersion: '2.4' }),
    'haproxy.cfg': ERROR_CFG,
    'other.json': JSON.stringify({ rules: { 'time-unit': 'info' } }),
  });
  const file = path.join(dir, 'haproxy.cfg');
  assert.equal((await run([file])).code, 0);
  assert.equal((await run(['--rule', 'time-unit=error', file])).code, 1);
  const viaConfig = asJson(await run(['--format', 'json', '--config', path.join(dir, 'other.json'), file]));
  assert.deepEqual(viaConfig.files[0].diagnostics.map((d: any) => d.severity), ['information']);
  const both = asJson(await run(['--format', 'json', '--config', path.join(dir, 'other.json'), '--rule', 'time-unit=warning', file]));
  assert.deepEqual(both.files[0].diagnostics.map((d: any) => d.severity), ['warning']);

  // haproxyVersion from the file: 2.4 does not know a keyword that 2.6 added; the option wins.
  const v = fixture({ '.haproxy-bitbucket-lint.json': JSON.stringify({ haproxyVersion: '2.4' }), 'haproxy.cfg': CLEAN.replace('global\n', 'global\n  fd-hard-limit 1000\n') });
  const old = asJson(await run(['--format', 'json', v]));
  assert.ok(old.files[0].diagnostics.some((d: any) => d.rule === 'unknown-keyword'), JSON.stringify(old));
  const cli = asJson(await run(['--format', 'json', '--haproxy-version', '2.6', v]));
  assert.ok(!cli.files[0].diagnostics.some((d: any) => d.rule === 'unknown-keyword'));
});

test('config file: ignore globs skip files, whether found in a directory or named', async () => {
  const dir = fixture({
    '.haproxy-bitbucket-lint.json': JSON.stringify({ ignore: ['vendor/**', 'old-*.cfg'] }),
    'vendor/haproxy.cfg': ERROR_CFG,
    'old-haproxy.cfg': ERROR_CFG,
    'haproxy.cfg': CLEAN,
  });
  let r = await run(['--no-color', dir]);
  assert.equal(r.code, 0);
  assert.match(r.out, /^1 file checked \(2 ignored by the config file\), no problems\.$/m);
  r = await run(['--format', 'json', path.join(dir, 'old-haproxy.cfg'), path.join(dir, 'vendor', 'haproxy.cfg')]);
  assert.equal(r.code, 0);
  assert.deepEqual(asJson(r).files, []);
  assert.equal(asJson(r).summary.ignored, 2);
});

test('config file problems: a clear message and exit 2, the files are still checked', async () => {
  const cases: [string, RegExp][] = [
    ['{ not json', /not valid JSON/],
    [JSON.stringify({ rules: { 'no-such-rule': 'error' } }), /unknown rule 'no-such-rule'/],
    [JSON.stringify({ rules: { 'time-unit': 'loud' } }), /rules\.time-unit must be one of/],
    [JSON.stringify({ haproxyVersion: '1.8' }), /unsupported haproxyVersion '1\.8'/],
    [JSON.stringify({ colour: true }), /unknown setting 'colour'/],
  ];
  for (const [text, message] of cases) {
    const dir = fixture({ '.haproxy-bitbucket-lint.json': text, 'a/haproxy.cfg': ERROR_CFG, 'b/haproxy.cfg': ERROR_CFG });
    const r = await run(['--format', 'json', dir]);
    assert.equal(r.code, 2, text);
    assert.match(r.err, message);
    assert.equal(r.err.match(message)!.length, 1, 'reported once, not per file');
    assert.equal(asJson(r).files.length, 2);
  }
  const missing = await run(['--config', path.join(gate, 'nope.json'), at('clean')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read config file .*nope\.json.*no such file/);
});

test('I/O problems: clear messages, exit 2, everything else still checked', async () => {
  const dir = fixture({ 'a/haproxy.cfg': ERROR_CFG, 'z/haproxy.cfg': ERROR_CFG, 'notes.txt': 'x' });
  const r = await run(['--format', 'json', path.join(dir, 'notes.txt'), path.join(dir, 'nope'), dir]);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot tell the language of '.*notes\.txt'/);
  assert.match(r.err, /cannot read '.*nope': no such file or directory/);
  assert.equal(asJson(r).files.length, 2);
  if (process.getuid && process.getuid() !== 0) {
    const locked = fixture({ 'ok/haproxy.cfg': CLEAN, 'locked/haproxy.cfg': CLEAN });
    chmodSync(path.join(locked, 'locked'), 0o000);
    try {
      const l = await run(['--format', 'json', locked]);
      assert.equal(l.code, 2);
      assert.match(l.err, /cannot read directory '.*locked': permission denied/);
      assert.equal(asJson(l).files.length, 1);
    } finally {
      chmodSync(path.join(locked, 'locked'), 0o755);
    }
  }
  // A symbolic link to a missing file is named as such, not as a crash.
  const dangling = fixture({});
  symlinkSync(path.join(dangling, 'gone.cfg'), path.join(dangling, 'haproxy.cfg'));
  const d = await run([path.join(dangling, 'haproxy.cfg')]);
  assert.equal(d.code, 2);
  assert.match(d.err, /cannot read '.*haproxy\.cfg': no such file or directory/);
});

test('the npm package ships the CLI bundle and every rule page; --explain works from the installed package', () => {
  const dest = fixture({});
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout);
  const packed = new Set(info.files.map((f: { path: string }) => f.path));
  for (const f of ['bin/haproxy-bitbucket-lint.js', 'dist/cli.js', 'dist/server.js', 'package.json']) assert.ok(packed.has(f), f);
  for (const rule of rules) assert.ok(packed.has(`docs/rules/${rule.meta.id}.md`), `docs/rules/${rule.meta.id}.md`);
  assert.ok(![...packed].some((f) => String(f).startsWith('server/') || String(f).startsWith('test/') || String(f).startsWith('out/')), 'sources and tests stay out');

  const untar = spawnSync('tar', ['xzf', info.filename], { cwd: dest });
  assert.equal(untar.status, 0);
  const bin = path.join(dest, 'package', 'bin', 'haproxy-bitbucket-lint.js');
  const explain = spawnSync(process.execPath, [bin, '--explain', 'missing-timeouts'], { encoding: 'utf8' });
  assert.equal(explain.status, 0, explain.stderr);
  assert.equal(explain.stdout, readFileSync(path.join(ROOT, 'docs', 'rules', 'missing-timeouts.md'), 'utf8'));
  const lint = spawnSync(process.execPath, [bin, '--stdin', '--language', 'haproxy'], { input: ERROR_CFG, encoding: 'utf8' });
  assert.equal(lint.status, 1, 'the bundle runs without node_modules');
});

test('a file named twice, or named and inside a named directory, is checked once', async () => {
  const dir = fixture({ 'haproxy.cfg': ERROR_CFG });
  const r = await run(['--format', 'json', path.join(dir, 'haproxy.cfg'), dir, path.join(dir, '.', 'haproxy.cfg')]);
  assert.equal(asJson(r).files.length, 1);
});

test('.pre-commit-hooks.yaml: each entry is an executable script of this repository that runs the linter', () => {
  const manifest = readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  const entries = [...manifest.matchAll(/^\s+entry:\s*(\S+)(.*)$/gm)].map((m) => [m[1], m[2].trim().split(/\s+/).filter(Boolean)] as const);
  assert.deepEqual(entries.map(([script, args]) => [script, args]), [
    ['scripts/pre-commit-hook.js', []],
    ['scripts/pre-commit-hook.js', ['--fix']],
  ]);
  const ids = [...manifest.matchAll(/^- id:\s*(\S+)$/gm)].map((m) => m[1]);
  assert.deepEqual(ids, ['haproxy-bitbucket-lint', 'haproxy-bitbucket-lint-fix']);
  const script = path.join(ROOT, 'scripts', 'pre-commit-hook.js');
  assert.ok(statSync(script).mode & 0o111, 'executable');
  assert.match(readFileSync(script, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  // pre-commit runs the entry in the user's repository with the staged file names.
  const dir = fixture({ 'etc/haproxy/haproxy.cfg': ERROR_CFG, 'shared/bitbucket.properties': WARNING_PROPS });
  const r = spawnSync(process.execPath, [script, 'etc/haproxy/haproxy.cfg', 'shared/bitbucket.properties'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^etc\/haproxy\/haproxy\.cfg:6:20: error: .*\[time-unit\]$/m);
  assert.match(r.stdout, /^2 files checked: 1 error, 1 warning/m);
  const fix = spawnSync(process.execPath, [script, '--fix', 'shared/bitbucket.properties'], { cwd: dir, encoding: 'utf8' });
  assert.equal(fix.status, 0, fix.stderr);
  assert.equal(readFileSync(path.join(dir, 'shared', 'bitbucket.properties'), 'utf8'), 'server.port=7991\n');
});

test('--language applies to named files and stdin; a directory is still searched by extension', async () => {
  const dir = fixture({ 'lb.conf': ERROR_CFG, 'sub/haproxy.cfg': CLEAN, 'sub/README.md': '# not a config\n' });
  const named = asJson(await run(['--format', 'json', '--language', 'haproxy', path.join(dir, 'lb.conf')]));
  assert.deepEqual(named.files.map((f: any) => [path.basename(f.path), f.language]), [['lb.conf', 'haproxy']]);
  const walked = asJson(await run(['--format', 'json', '--language', 'haproxy', path.join(dir, 'sub')]));
  assert.deepEqual(walked.files.map((f: any) => path.basename(f.path)), ['haproxy.cfg']);
  const unnamed = await run([path.join(dir, 'lb.conf')]);
  assert.equal(unnamed.code, 2);
  assert.match(unnamed.err, /cannot tell the language of '.*lb\.conf'.*--language haproxy/);
});

test('directory walks take a .cfg file only when it looks like HAProxy (name, folder or first line)', async () => {
  const dir = fixture({
    'app.cfg': '[server]\nport = 8080\n',
    'edge.cfg': '# HAProxy edge proxy\nglobal\n',
    'lb.cfg': 'frontend fe\n  bind :80\n',
    'haproxy-prod.cfg': 'x\n',
    'haproxy.d/10-web.cfg': 'y\n',
    'conf/tool.cfg': 'key=value\n',
  });
  const r = await run(['--format', 'json', dir]);
  assert.deepEqual(
    JSON.parse(r.out).files.map((f: any) => path.relative(dir, f.path)).sort(),
    ['edge.cfg', 'haproxy-prod.cfg', path.join('haproxy.d', '10-web.cfg'), 'lb.cfg'],
  );
  // Named on the command line, a .cfg file is always HAProxy.
  const named = await run(['--format', 'json', path.join(dir, 'app.cfg')]);
  assert.equal(JSON.parse(named.out).files[0].language, 'haproxy');
});
