/**
 * Hostile input: binary files, NUL bytes, a 10 MB line, invalid UTF-8, a byte order mark,
 * CR-only and mixed line endings, 10,000 nested `.if`, 200 words on a line and a
 * bitbucket.properties with 100,000 keys. Each gets a sensible result in bounded time, in
 * process, from the CLI and over LSP, where the server keeps serving other documents.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, LanguageId } from '../../server/src/common/types';
import { parseDocument, validate } from '../../server/src/service';
import { INTERNAL_ERROR_RULE } from '../../server/src/rules';
import { formatDocument } from '../../server/src/features/formatting';
import { ROOT } from './support';
import { ServerProcess } from './lsp-process';

/** Generous: a slow CI machine must pass, a hang or a quadratic blow-up must not. */
const BOUND_MS = 20000;

interface Case {
  name: string;
  language: LanguageId;
  text: string;
  /** What a sensible result holds. */
  expect: (findings: Finding[]) => void;
}

const has = (rule: string, fragment: string) => (findings: Finding[]) =>
  assert.ok(
    findings.some((f) => f.rule === rule && f.message.includes(fragment)),
    `expected ${rule} '${fragment}', got:\n${findings.slice(0, 10).map((f) => `${f.rule}: ${f.message}`).join('\n')}`,
  );
const none = (findings: Finding[]) => assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => f.message), []);

const HEALTHY = 'global\n    maxconn 100\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n';

const CASES: Case[] = [
  { name: 'NUL bytes in a line', language: 'haproxy', text: 'global\n    maxconn 1\0 00\n', expect: has('syntax-error', 'NUL byte') },
  {
    name: 'a 10 MB line of words',
    language: 'haproxy',
    text: `global\n    ${'ab '.repeat(3_400_000)}\n`,
    expect: has('syntax-error', 'Too many words'),
  },
  { name: 'a 10 MB word', language: 'haproxy', text: `global\n    ${'a'.repeat(10_000_000)}\n`, expect: has('unknown-keyword', 'Unknown keyword') },
  {
    name: 'a 10 MB unclosed quote',
    language: 'haproxy',
    text: `global\n    log "${'a'.repeat(10_000_000)}\n`,
    expect: has('syntax-error', 'Unmatched double quote'),
  },
  { name: 'a byte order mark', language: 'haproxy', text: `\ufeff${HEALTHY}`, expect: none },
  { name: 'CR-only line breaks', language: 'haproxy', text: HEALTHY.replace(/\n/g, '\r'), expect: none },
  {
    name: 'mixed line breaks',
    language: 'haproxy',
    text: HEALTHY.split('\n').map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join(''),
    expect: none,
  },
  {
    name: '10,000 nested .if blocks',
    language: 'haproxy',
    text: `${'.if defined(A)\n'.repeat(10_000)}${HEALTHY}${'.endif\n'.repeat(10_000)}`,
    expect: none,
  },
  {
    name: '10,000 .if blocks never closed',
    language: 'haproxy',
    text: `${'.if defined(A)\n'.repeat(10_000)}${HEALTHY}`,
    expect: has('syntax-error', 'never closed'),
  },
  {
    name: '200 words on one line',
    language: 'haproxy',
    text: `${HEALTHY}frontend fe\n    bind 127.0.0.1:80\n    http-request set-header X-A ${'w '.repeat(200)}\n`,
    expect: has('syntax-error', 'Too many words'),
  },
  {
    name: 'binary content read as text',
    language: 'haproxy',
    text: Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + (i >> 3)) & 0xff)).toString('latin1'),
    expect: (findings) => assert.ok(findings.length > 0, 'binary garbage should not look like a clean config'),
  },
  {
    name: 'a bitbucket.properties with 100,000 keys',
    language: 'bitbucket-properties',
    text: Array.from({ length: 100_000 }, (_, i) => `custom.key.${i}=value ${i}`).join('\n') + '\n',
    expect: (findings) => assert.equal(findings.filter((f) => f.rule === 'unknown-property').length, 100_000),
  },
  {
    name: 'a bitbucket.properties with a byte order mark',
    language: 'bitbucket-properties',
    text: '\ufeffserver.context-path=/bitbucket\n',
    expect: has('syntax-error', 'byte order mark'),
  },
  {
    name: 'a bitbucket.properties with a 10 MB value',
    language: 'bitbucket-properties',
    text: `server.proxy-name=${'a'.repeat(10_000_000)}\n`,
    expect: (findings) => assert.ok(findings.every((f) => f.rule !== INTERNAL_ERROR_RULE)),
  },
];

for (const c of CASES) {
  test(`hostile input in process: ${c.name}`, () => {
    const started = Date.now();
    const doc = parseDocument(c.text, c.language);
    const findings = validate(doc, { rules: {} });
    if (c.language === 'haproxy') formatDocument(doc, {});
    const elapsed = Date.now() - started;
    assert.ok(elapsed < BOUND_MS, `took ${elapsed} ms`);
    assert.deepEqual(findings.filter((f) => f.rule === INTERNAL_ERROR_RULE).map((f) => f.message), []);
    c.expect(findings);
  });
}

function runCli(file: string, extra: string[] = []) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'haproxy-bitbucket-lint.js'), '--format', 'json', ...extra, file], {
    encoding: 'utf8',
    timeout: BOUND_MS * 2,
    maxBuffer: 1 << 30,
  });
  return { ...r, elapsed: Date.now() - started, json: r.stdout ? JSON.parse(r.stdout) : undefined };
}

test('hostile files on the command line: binary, invalid UTF-8, BOM, NUL, a 10 MB line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-hostile-'));
  const write = (name: string, bytes: Buffer | string) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const binary = runCli(write('haproxy.cfg', Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 31) & 0x0f))));
  assert.equal(binary.status, 1, binary.stderr);
  assert.match(binary.json.files[0].diagnostics[0].message, /binary/);

  const invalid = runCli(write('haproxy-latin1.cfg', Buffer.concat([Buffer.from(HEALTHY), Buffer.from('# caf\xe9\n', 'latin1')])));
  assert.equal(invalid.status, 1, invalid.stderr);
  assert.ok(invalid.json.files[0].diagnostics.some((d: Finding) => /not valid UTF-8/.test(d.message)));

  const bom = runCli(write('haproxy-bom.cfg', `\ufeff${HEALTHY}`));
  assert.equal(bom.status, 0, bom.stdout);

  const nul = runCli(write('haproxy-nul.cfg', 'global\n    maxconn 1\0 00\n'));
  assert.equal(nul.status, 1);
  assert.ok(nul.json.files[0].diagnostics.some((d: Finding) => /NUL byte/.test(d.message)));

  const long = runCli(write('haproxy-long.cfg', `global\n    ${'ab '.repeat(3_400_000)}\n`));
  assert.equal(long.status, 1, long.stderr);
  assert.ok(long.elapsed < BOUND_MS * 2, `took ${long.elapsed} ms`);

  const many = runCli(write('bitbucket.properties', Array.from({ length: 100_000 }, (_, i) => `custom.key.${i}=v`).join('\n') + '\n'), ['--quiet']);
  assert.equal(many.status, 0, many.stderr);
  assert.ok(many.elapsed < BOUND_MS * 2, `took ${many.elapsed} ms`);
});

test('over LSP: every hostile document gets diagnostics and the server keeps serving the others', async () => {
  const server = new ServerProcess();
  try {
    await server.initialize();
    const dir = pathToFileURL(mkdtempSync(path.join(tmpdir(), 'hb-hostile-lsp-'))).href;
    const healthy = `${dir}/haproxy.cfg`;
    let n = 0;
    for (const c of CASES) {
      const uri = `${dir}/hostile-${n++}.${c.language === 'haproxy' ? 'cfg' : 'properties'}`;
      const started = Date.now();
      await server.open(uri, c.language, c.text);
      const published = await server.diagnostics(uri, 1, BOUND_MS * 3);
      assert.ok(Date.now() - started < BOUND_MS * 3, `${c.name}: took ${Date.now() - started} ms`);
      assert.ok(!published.diagnostics.some((d) => d.code === INTERNAL_ERROR_RULE), `${c.name}: a rule failed`);
      // Between hostile documents, an ordinary one is still answered at once.
      await server.open(healthy, 'haproxy', `${HEALTHY}    timeout check 5x\n`, n);
      const ordinary = await server.diagnostics(healthy, n, BOUND_MS);
      assert.ok(ordinary.diagnostics.some((d) => d.code === 'time-unit'), `${c.name}: the ordinary document lost its diagnostics`);
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: healthy } });
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await server.open(healthy, 'haproxy', HEALTHY, 100);
    await server.diagnostics(healthy, 100);
    const hover = await server.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: healthy },
      position: { line: 1, character: 6 },
    });
    assert.match(hover?.contents.value ?? '', /maxconn/);
    assert.ok(server.alive, 'the server died');
  } finally {
    await server.stop();
  }
});
