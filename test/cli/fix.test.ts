/** --fix and --fix-dry-run: which fixes are safe, rounds and conflicts, and what happens to real files. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Finding, Fix } from '../../server/src/common/types';
import { SourceText } from '../../server/src/common/source';
import { fixText, MAX_ROUNDS, safeFix } from '../../server/src/cli/fix';
import { splitLines, unifiedDiff } from '../../server/src/cli/diff';
import { CLEAN, ERROR_CFG, asJson, fixture, run, runBin } from './util';

// --- which fix is safe -------------------------------------------------------------------

const at0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const fix = (title: string, preferred?: boolean, newText = title): Fix => ({
  title,
  edits: [{ range: at0, newText }],
  ...(preferred === undefined ? {} : { preferred }),
});
const finding = (...fixes: Fix[]): Finding => ({ rule: 'time-unit', severity: 'error', message: 'm', range: at0, fixes });

const safeCases: [string, Finding, string | undefined][] = [
  ['no fixes', finding(), undefined],
  ['the only fix, not marked', finding(fix('a')), 'a'],
  ['the only fix, marked preferred', finding(fix('a', true)), 'a'],
  ['the only fix, marked not preferred', finding(fix('a', false)), undefined],
  ['two fixes, none preferred', finding(fix('a'), fix('b')), undefined],
  ['two fixes, the second preferred', finding(fix('a'), fix('b', true)), 'b'],
  ['two preferred fixes: the first', finding(fix('a', true), fix('b', true)), 'a'],
  ['an ignore comment, even when preferred', finding(fix('ignore', true, '# haproxy-bitbucket-lint ignore=time-unit\n')), undefined],
  ['a global ignore comment', finding(fix('ignore', undefined, '# haproxy-bitbucket-lint global ignore=time-unit\n')), undefined],
  ['a fix without edits', finding({ title: 'nothing', edits: [], preferred: true }), undefined],
];
for (const [name, f, expected] of safeCases) {
  test(`safe fix: ${name}`, () => {
    assert.equal(safeFix(f)?.title, expected);
  });
}

// --- rounds and conflicts, with a stand-in linter -----------------------------------------

/** A linter that reports every occurrence of `from` with a fix replacing it by `to`. */
function replacer(pairs: [string, string][], extra: (text: string, src: SourceText) => Finding[] = () => []) {
  return (text: string): Finding[] => {
    const src = new SourceText(text);
    const out: Finding[] = [];
    for (const [from, to] of pairs) {
      for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) {
        out.push({ rule: 'r', severity: 'error', message: from, range: src.range(i, i + from.length), fixes: [{ title: to, edits: [{ range: src.range(i, i + from.length), newText: to }] }] });
      }
    }
    return [...out, ...extra(text, src)].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  };
}

test('fixText: independent fixes are applied in one round; the result is a fixed point', () => {
  const lint = replacer([['aa', 'b']]);
  const r = fixText('aa x aa\naa\n', lint);
  assert.equal(r.text, 'b x b\nb\n');
  assert.equal(r.applied, 3);
  assert.deepEqual(r.findings, []);
  assert.equal(r.initial.length, 3);
  assert.equal(fixText(r.text, lint).applied, 0);
});

test('fixText: overlapping fixes are applied one at a time, re-checking in between', () => {
  // "abc": one fix replaces "ab", another "bc". After the first, "bc" is gone and the
  // re-check offers the fix for what is there now.
  const lint = replacer([
    ['ab', 'X'],
    ['bc', 'Y'],
    ['Xc', 'Z'],
  ]);
  const r = fixText('abc', lint);
  assert.equal(r.text, 'Z');
  assert.equal(r.applied, 2);
});

test('fixText: two insertions at the same place are not applied in the same round', () => {
  const insertions = (text: string, src: SourceText): Finding[] =>
    ['1', '2']
      .filter((n) => !text.includes(n))
      .map((n) => ({ rule: 'r', severity: 'error', message: n, range: src.range(0, 0), fixes: [{ title: n, edits: [{ range: src.range(0, 0), newText: n }] }] }));
  const r = fixText('x', replacer([], insertions));
  assert.equal(r.text, '21x', 'the second insertion went in front of the first, in a later round');
  assert.equal(r.applied, 2);
});

test('fixText: identical fixes from two findings are applied once', () => {
  const twice = (text: string, src: SourceText): Finding[] =>
    text.startsWith('#')
      ? []
      : [0, 1].map(() => ({ rule: 'r', severity: 'error', message: 'm', range: src.range(0, 1), fixes: [{ title: 't', edits: [{ range: src.range(0, 0), newText: '#' }] }] }));
  const r = fixText('x', replacer([], twice));
  assert.equal(r.text, '#x');
  assert.equal(r.applied, 1);
});

test('fixText: fixes that undo each other or never settle stop', () => {
  const flip = fixText('a', replacer([['a', 'b'], ['b', 'a']]));
  assert.equal(flip.text, 'b', 'stops before going back to a text it has seen');
  // Each round doubles the text: it ends after MAX_ROUNDS rounds, not never.
  const grow = fixText('a', replacer([['a', 'aa']]));
  assert.equal(grow.text.length, 2 ** MAX_ROUNDS);
  assert.equal(grow.applied, 2 ** MAX_ROUNDS - 1);
});

test('fixText: edits of one fix that overlap each other make the fix unsafe to apply', () => {
  const bad = (_text: string, src: SourceText): Finding[] => [
    { rule: 'r', severity: 'error', message: 'm', range: src.range(0, 1), fixes: [{ title: 't', edits: [{ range: src.range(0, 2), newText: 'A' }, { range: src.range(1, 3), newText: 'B' }] }] },
  ];
  assert.equal(fixText('abc', replacer([], bad)).text, 'abc');
});

test('fixText: an edit for another file is never applied to this one', () => {
  const elsewhere = (_text: string, src: SourceText): Finding[] => [
    { rule: 'r', severity: 'error', message: 'm', range: src.range(0, 1), fixes: [{ title: 't', edits: [{ range: src.range(0, 1), newText: 'Z', uri: 'other.properties' }] }] },
  ];
  const r = fixText('abc', replacer([], elsewhere));
  assert.equal(r.text, 'abc');
  assert.equal(r.applied, 0);
});

// --- unified diffs -----------------------------------------------------------------------

/** Applies `diff` to `dir` with patch(1) and returns what it printed. */
function patch(dir: string, diff: string, strip = 1): string {
  const r = spawnSync('patch', [`-p${strip}`, '--no-backup-if-mismatch', '--batch'], { cwd: dir, input: diff, encoding: 'utf8' });
  assert.equal(r.status, 0, `patch failed: ${r.stdout}${r.stderr}\n${diff}`);
  return r.stdout;
}

test('unifiedDiff: the format diff -u prints', () => {
  const a = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n';
  const b = 'one\ntwo\nthree\nFOUR\nfive\nsix\nseven\neight\nnine\nten\neleven\n';
  const ours = unifiedDiff(a, b, 'a/f', 'b/f');
  const dir = fixture({ a, b });
  const gnu = spawnSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' }).stdout;
  const hunks = (d: string) => d.split('\n').slice(2).join('\n');
  assert.equal(hunks(ours), hunks(gnu));
  assert.equal(unifiedDiff(a, a, 'a/f', 'b/f'), '');
});

test('unifiedDiff: missing last line break, CRLF lines, empty files', () => {
  const cases: [string, string][] = [
    ['a\nb', 'a\nc'],
    ['a\nb', 'a\nb\n'],
    ['a\nb\n', 'a\nb'],
    ['a\r\nb\r\n', 'a\r\nB\r\nc\r\n'],
    ['', 'new\n'],
    ['old\n', ''],
    ['x\n'.repeat(20), 'x\n'.repeat(9) + 'y\n' + 'x\n'.repeat(10)],
  ];
  for (const [a, b] of cases) {
    const dir = fixture({ f: a });
    patch(dir, unifiedDiff(a, b, 'a/f', 'b/f'));
    assert.equal(readFileSync(path.join(dir, 'f'), 'utf8'), b, JSON.stringify([a, b]));
  }
});

test('unifiedDiff: random edits round-trip through patch(1)', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const words = ['a', 'b', 'c', 'd', 'frontend x', 'backend y', '', '  bind :80'];
  for (let round = 0; round < 25; round++) {
    const a = Array.from({ length: rand(40) }, () => words[rand(words.length)] + '\n').join('');
    const lines = splitLines(a);
    const b = lines
      .flatMap((l) => {
        const r = rand(10);
        return r === 0 ? [] : r === 1 ? [l, words[rand(words.length)] + '\n'] : r === 2 ? [words[rand(words.length)] + '\n'] : [l];
      })
      .join('');
    const dir = fixture({ f: a });
    if (a !== b) patch(dir, unifiedDiff(a, b, 'a/f', 'b/f'));
    assert.equal(readFileSync(path.join(dir, 'f'), 'utf8'), b);
  }
});

// --- --fix on real files ----------------------------------------------------------------

const before = [
  'global',
  '    ssl-default-server-options ssl-min-ver TLSv1.0',
  '',
  'defaults',
  '    mode http',
  '    timeout connect 10mins   # keep this comment',
  '    timeout client 50x',
  '',
  'frontend fe',
  '    bind :80',
  '    optoin forwardfor',
  '    use_backend bitbucket_htp if { path_beg /bitbucket }',
  '    default_backend bitbucket_http',
  '',
  'backend bitbucket_http',
  '    server s1 127.0.0.1:7990',
  '',
].join('\n');
const after = [
  'global',
  '    ssl-default-server-options ssl-min-ver TLSv1.2',
  '',
  'defaults',
  '    mode http',
  '    timeout connect 10m   # keep this comment',
  '    timeout client 50x',
  '    timeout server 30s',
  '',
  'frontend fe',
  '    bind :80',
  '    option forwardfor',
  '    use_backend bitbucket_http if { path_beg /bitbucket }',
  '    default_backend bitbucket_http',
  '',
  'backend bitbucket_http',
  '    server s1 127.0.0.1:7990',
  '',
].join('\n');

const propsBefore = 'server.context-path=/\nserver.context-path=/\nserver.secure=yes\nserver.port=7990 # http\n';
const propsAfter = 'server.context-path=\nserver.secure=true\n# http\nserver.port=7990\n';

test('--fix: applies the safe fixes in place, reports what is left, exit code from what is left', async () => {
  const dir = fixture({ 'haproxy.cfg': before, 'bitbucket.properties': propsBefore });
  const r = await run(['--fix', '--no-color', dir]);
  assert.equal(readFileSync(path.join(dir, 'haproxy.cfg'), 'utf8'), after);
  assert.equal(readFileSync(path.join(dir, 'bitbucket.properties'), 'utf8'), propsAfter);
  assert.match(r.out, /haproxy\.cfg:7:22: error: .*'x' in '50x'.*\[time-unit\]/, 'the fix-less error is still reported');
  assert.doesNotMatch(r.out, /unknown-keyword|undefined-backend|weak-tls-version|duplicate-property|root-context-path/);
  assert.match(r.out, /^Applied \d+ fixes in 2 files\.$/m);
  assert.equal(r.code, 1);
  const json = asJson(await run(['--fix', '--format', 'json', dir]));
  assert.deepEqual(json.files.map((f: any) => f.fixed), [0, 0]);
});

test('--fix: a second run changes nothing and does not even rewrite the file', async () => {
  const dir = fixture({ 'haproxy.cfg': before });
  const file = path.join(dir, 'haproxy.cfg');
  await run(['--fix', file]);
  const first = statSync(file);
  const r = await run(['--fix', '--no-color', file]);
  assert.match(r.out, /No safe fixes to apply\./);
  assert.equal(readFileSync(file, 'utf8'), after);
  const second = statSync(file);
  assert.equal(second.ino, first.ino);
  assert.equal(second.mtimeMs, first.mtimeMs);
});

test('--fix: CRLF line endings, a byte order mark and untouched lines stay exactly as they were', async () => {
  const crlf = before.replace(/\n/g, '\r\n');
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]);
  // Mixed endings: the lines no fix touches keep their own.
  const mixed = 'defaults\r\n    mode http\n    timeout connect 5s\r\n    timeout client 30s\n    timeout server 300\r\n';
  const dir = fixture({ 'crlf.cfg': crlf, 'bom.cfg': bom, 'mixed.cfg': mixed });
  await run(['--fix', dir]);
  assert.equal(readFileSync(path.join(dir, 'crlf.cfg'), 'utf8'), after.replace(/\n/g, '\r\n'));
  const fixedBom = readFileSync(path.join(dir, 'bom.cfg'));
  assert.deepEqual([...fixedBom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(fixedBom.subarray(3).toString('utf8'), after.replace(/\n/g, '\r\n'));
  assert.equal(readFileSync(path.join(dir, 'mixed.cfg'), 'utf8'), mixed.replace('timeout server 300\r\n', 'timeout server 300ms\r\n'));
});

test('--fix: keeps permissions, follows symbolic links, leaves no temporary files', async () => {
  const dir = fixture({ 'real/haproxy.cfg': before, 'exec/haproxy.cfg': before });
  chmodSync(path.join(dir, 'real', 'haproxy.cfg'), 0o640);
  chmodSync(path.join(dir, 'exec', 'haproxy.cfg'), 0o755);
  mkdirSync(path.join(dir, 'links'));
  symlinkSync(path.join(dir, 'real', 'haproxy.cfg'), path.join(dir, 'links', 'haproxy.cfg'));
  await run(['--fix', path.join(dir, 'links', 'haproxy.cfg'), path.join(dir, 'exec', 'haproxy.cfg')]);
  assert.equal(statSync(path.join(dir, 'real', 'haproxy.cfg')).mode & 0o7777, 0o640);
  assert.equal(statSync(path.join(dir, 'exec', 'haproxy.cfg')).mode & 0o7777, 0o755);
  assert.ok(lstatSync(path.join(dir, 'links', 'haproxy.cfg')).isSymbolicLink(), 'the link is still a link');
  assert.equal(readFileSync(path.join(dir, 'real', 'haproxy.cfg'), 'utf8'), after);
  for (const sub of ['real', 'exec', 'links']) assert.deepEqual(readdirSync(path.join(dir, sub)), ['haproxy.cfg']);
});

test('--fix: conflicting fixes (same place, overlapping ranges) end in one consistent result', async () => {
  // Both proxies want a line added at the end of defaults; the duplicate-property removal
  // overlaps the root-context-path fix of the same line.
  const cfg = 'defaults\n  mode http\n  timeout connect 5s\nfrontend a\n  bind :80\n  default_backend be\nbackend be\n  server s1 127.0.0.1:7990\n';
  const dir = fixture({ 'haproxy.cfg': cfg, 'bitbucket.properties': 'server.context-path=/\nserver.context-path=/\n' });
  const r = await run(['--fix', '--format', 'json', dir]);
  assert.equal(r.code, 0, r.out);
  assert.equal(
    readFileSync(path.join(dir, 'haproxy.cfg'), 'utf8'),
    'defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\nfrontend a\n  bind :80\n  default_backend be\nbackend be\n  server s1 127.0.0.1:7990\n',
  );
  assert.equal(readFileSync(path.join(dir, 'bitbucket.properties'), 'utf8'), 'server.context-path=\n');
  assert.deepEqual(asJson(r).files.map((f: any) => [f.fixed, f.diagnostics.length]), [[2, 0], [2, 0]]);
});

test('--fix: rules turned off are not fixed; ignore comments are respected and never added', async () => {
  const dir = fixture({
    'haproxy.cfg': CLEAN.replace('timeout client 30s', 'timeout client 30000').replace('  timeout server 30s', '  # haproxy-bitbucket-lint ignore=time-unit\n  timeout server 30000'),
  });
  const file = path.join(dir, 'haproxy.cfg');
  const original = readFileSync(file, 'utf8');
  await run(['--fix', '--rule', 'time-unit=off', file]);
  assert.equal(readFileSync(file, 'utf8'), original);
  await run(['--fix', file]);
  assert.equal(readFileSync(file, 'utf8'), original.replace('timeout client 30000', 'timeout client 30s'));
});

test('--fix: files that are not UTF-8 are left alone with a note', async () => {
  const latin1 = Buffer.from('defaults\n  description caf\xe9\n  timeout client 30000\n', 'latin1');
  const dir = fixture({ 'haproxy.cfg': latin1 });
  const r = await run(['--fix', dir]);
  assert.match(r.err, /not fixing '.*haproxy\.cfg': it is not UTF-8 text/);
  assert.deepEqual(readFileSync(path.join(dir, 'haproxy.cfg')), latin1);
});

test('--fix: a file that cannot be written is reported (exit 2); the others are fixed', () => {
  // The temporary file needs write access to the file's directory. Root may write anywhere,
  // so as root the CLI runs as the unprivileged user 'nobody' (uid 65534) here.
  const asRoot = process.getuid?.() === 0;
  const dir = fixture({ 'ro/haproxy.cfg': before, 'rw/haproxy.cfg': before });
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, 'ro'), 0o555);
  if (asRoot) {
    chownSync(path.join(dir, 'rw'), 65534, 65534);
    chownSync(path.join(dir, 'rw', 'haproxy.cfg'), 65534, 65534);
  }
  try {
    const r = runBin(['--fix', '.'], { cwd: dir, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /cannot write the fixes to 'ro.haproxy\.cfg': permission denied/);
    assert.equal(readFileSync(path.join(dir, 'ro', 'haproxy.cfg'), 'utf8'), before);
    assert.equal(readFileSync(path.join(dir, 'rw', 'haproxy.cfg'), 'utf8'), after);
    assert.match(r.out, /ro.haproxy\.cfg:\d+:\d+: .*\[unknown-keyword\]/, 'the unfixed file reports its findings as they are');
  } finally {
    chmodSync(path.join(dir, 'ro'), 0o755);
  }
});

// --- --fix-dry-run ----------------------------------------------------------------------

test('--fix-dry-run: prints a unified diff that patch -p1 and git apply accept; changes nothing', () => {
  const crlf = before.replace(/\n/g, '\r\n');
  const files = { 'etc/haproxy/haproxy.cfg': before, 'crlf/haproxy.cfg': crlf, 'shared/bitbucket.properties': propsBefore, 'ok/haproxy.cfg': CLEAN };
  const dir = fixture(files);
  const r = runBin(['--fix-dry-run', '.'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^--- a\/crlf\/haproxy\.cfg\n\+\+\+ b\/crlf\/haproxy\.cfg\n@@ /);
  assert.match(r.out, /^-    optoin forwardfor\r\n-    use_backend bitbucket_htp .*\r\n\+    option forwardfor\r\n/m);
  assert.doesNotMatch(r.out, /ok\/haproxy\.cfg/);
  assert.match(r.err, /'x' in '50x'/, 'what is left is reported on stderr');
  for (const [name, content] of Object.entries(files)) assert.equal(readFileSync(path.join(dir, name), 'utf8'), content, `${name} unchanged`);

  patch(dir, r.out);
  assert.equal(readFileSync(path.join(dir, 'etc/haproxy/haproxy.cfg'), 'utf8'), after);
  assert.equal(readFileSync(path.join(dir, 'crlf/haproxy.cfg'), 'utf8'), after.replace(/\n/g, '\r\n'));
  assert.equal(readFileSync(path.join(dir, 'shared/bitbucket.properties'), 'utf8'), propsAfter);

  const again = fixture(files);
  const apply = spawnSync('git', ['apply', '-'], { cwd: again, input: r.out, encoding: 'utf8' });
  assert.equal(apply.status, 0, apply.stderr);
  assert.equal(readFileSync(path.join(again, 'crlf/haproxy.cfg'), 'utf8'), after.replace(/\n/g, '\r\n'));
  assert.equal(readFileSync(path.join(again, 'shared/bitbucket.properties'), 'utf8'), propsAfter);
});

test('--fix-dry-run: the diff is what --fix writes; nothing to fix prints nothing', async () => {
  const dir = fixture({ 'a/haproxy.cfg': before, 'b/haproxy.cfg': before, 'c/haproxy.cfg': ERROR_CFG });
  const dry = runBin(['--fix-dry-run', 'a/haproxy.cfg', 'c/haproxy.cfg'], { cwd: dir });
  patch(dir, dry.out);
  await run(['--fix', path.join(dir, 'b', 'haproxy.cfg')]);
  assert.equal(readFileSync(path.join(dir, 'a', 'haproxy.cfg'), 'utf8'), readFileSync(path.join(dir, 'b', 'haproxy.cfg'), 'utf8'));
  const none = runBin(['--fix-dry-run', 'c/haproxy.cfg'], { cwd: dir });
  assert.equal(none.out, '');
  assert.equal(none.code, 1);
});

test('--fix-dry-run with --stdin: a diff against the given name', async () => {
  const r = await run(['--stdin', '--stdin-filename', 'haproxy.cfg', '--fix-dry-run'], { stdin: before });
  assert.match(r.out, /^--- a\/haproxy\.cfg\n\+\+\+ b\/haproxy\.cfg\n/);
  const dir = fixture({ 'haproxy.cfg': before });
  patch(dir, r.out);
  assert.equal(readFileSync(path.join(dir, 'haproxy.cfg'), 'utf8'), after);
});

test('--fix-dry-run outside the working directory: absolute names, applied with -p0', () => {
  const dir = fixture({ 'haproxy.cfg': before });
  const elsewhere = fixture({});
  const abs = path.join(dir, 'haproxy.cfg');
  const r = runBin(['--fix-dry-run', abs], { cwd: elsewhere });
  assert.ok(r.out.startsWith(`--- ${abs}\n+++ ${abs}\n@@ `), r.out);
  patch('/', r.out, 0);
  assert.equal(readFileSync(abs, 'utf8'), after);
});
