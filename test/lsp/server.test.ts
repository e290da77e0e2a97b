import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspClient } from '../helpers/lsp-client';

const CFG_URI = 'file:///work/deploy/haproxy.cfg';
const PROPS_URI = 'file:///work/deploy/bitbucket.properties';

const CFG = [
  'global',
  '    log stdout local0',
  'defaults',
  '    mode http',
  '    timeout connect 5s',
  '    timeout client 50x',
  '    timeout server 30s',
  'frontend fe',
  '    bind *:80',
  '    default_backend bitbucket',
  'backend bitbucket',
  '    option httpchk GET /status',
  '    server bb1 127.0.0.1:7990 check',
  '',
].join('\n');

const PROPS = ['server.context-path=/', 'server.secure=true', 'websudo.allowlist.patterns=10.0.0.0/8, 192.168.1.*', ''].join('\n');

let client: LspClient;

before(async () => {
  client = new LspClient();
  client.configuration = { validation: { debounceMs: 0 } };
  const init = await client.initialize();
  assert.ok(init.capabilities.hoverProvider);
});

after(async () => {
  const code = await client.shutdown();
  assert.equal(code, 0);
});

test('publishes diagnostics with code, source and docs link on open', async () => {
  await client.open(CFG_URI, 'haproxy', CFG, 1);
  const published = await client.diagnostics(CFG_URI, 1);
  const timeUnit = published.diagnostics.find((d) => d.code === 'time-unit' && d.severity === 1);
  assert.ok(timeUnit, JSON.stringify(published.diagnostics));
  assert.deepEqual(timeUnit.range, { start: { line: 5, character: 21 }, end: { line: 5, character: 22 } });
  assert.equal(timeUnit.source, 'haproxy-bitbucket');
  assert.match(timeUnit.codeDescription!.href, /docs\/rules\/time-unit\.md$/);
  for (const d of published.diagnostics) assert.match(d.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('re-validates the latest version after a change', async () => {
  client.forget(CFG_URI);
  await client.change(CFG_URI, 2, [
    { range: { start: { line: 5, character: 19 }, end: { line: 5, character: 22 } }, text: '50s' },
  ]);
  const published = await client.diagnostics(CFG_URI, 2);
  assert.equal(published.diagnostics.filter((d) => d.code === 'time-unit' && d.severity === 1).length, 0);
});

test('hover on a keyword and on a duration', async () => {
  const kw = await client.request('textDocument/hover', { textDocument: { uri: CFG_URI }, position: { line: 5, character: 6 } });
  assert.ok(kw && /timeout client/.test(kw.contents.value), JSON.stringify(kw));
  const dur = await client.request('textDocument/hover', { textDocument: { uri: CFG_URI }, position: { line: 6, character: 21 } });
  assert.ok(dur && /30 seconds/.test(dur.contents.value), JSON.stringify(dur));
});

test('completion offers backend keywords inside a backend and backend names after default_backend', async () => {
  const items = await client.request<any[]>('textDocument/completion', {
    textDocument: { uri: CFG_URI },
    position: { line: 13, character: 0 },
  });
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('server') && labels.includes('balance'), labels.slice(0, 30).join(' '));
  assert.ok(!labels.includes('bind'), 'bind is not allowed in a backend');
  client.forget(CFG_URI);
  await client.change(CFG_URI, 3, [{ range: { start: { line: 9, character: 20 }, end: { line: 9, character: 29 } }, text: 'bit' }]);
  const refs = await client.request<any[]>('textDocument/completion', { textDocument: { uri: CFG_URI }, position: { line: 9, character: 23 } });
  assert.deepEqual(refs.map((i) => i.label), ['bitbucket']);
});

test('code actions: a quick fix keyed on the diagnostic and an ignore comment', async () => {
  await client.open(PROPS_URI, 'bitbucket-properties', PROPS, 1);
  const published = await client.diagnostics(PROPS_URI, 1);
  const root = published.diagnostics.find((d) => d.code === 'root-context-path');
  assert.ok(root, JSON.stringify(published.diagnostics));
  const actions = await client.request<any[]>('textDocument/codeAction', {
    textDocument: { uri: PROPS_URI },
    range: root.range,
    context: { diagnostics: [root] },
  });
  const fix = actions.find((a) => a.diagnostics[0].code === 'root-context-path' && !a.title.startsWith('Ignore'));
  assert.ok(fix, JSON.stringify(actions));
  assert.deepEqual(fix.edit.changes[PROPS_URI], [
    { range: { start: { line: 0, character: 20 }, end: { line: 0, character: 21 } }, newText: '' },
  ]);
  const ignore = actions.find((a) => a.title.startsWith('Ignore'));
  assert.equal(ignore.edit.changes[PROPS_URI][0].newText, '# haproxy-bitbucket-lint ignore=root-context-path\n');
});

test('hover on a CIDR item in websudo.allowlist.patterns', async () => {
  const h = await client.request('textDocument/hover', { textDocument: { uri: PROPS_URI }, position: { line: 2, character: 30 } });
  assert.ok(h && /10\.0\.0\.0 - 10\.255\.255\.255, 16,777,216 addresses/.test(h.contents.value), JSON.stringify(h));
});

test('per-rule severity from settings; off removes the diagnostic', async () => {
  client.configuration = { validation: { debounceMs: 0 }, rules: { 'root-context-path': 'warning' } };
  client.forget(PROPS_URI);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  let published = await client.diagnostics(PROPS_URI);
  assert.equal(published.diagnostics.find((d) => d.code === 'root-context-path')?.severity, 2);
  client.configuration = { validation: { debounceMs: 0 }, rules: { 'root-context-path': 'off' } };
  client.forget(PROPS_URI);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  published = await client.diagnostics(PROPS_URI);
  assert.equal(published.diagnostics.find((d) => d.code === 'root-context-path'), undefined);
});

test('document symbols and folding ranges', async () => {
  const symbols = await client.request<any[]>('textDocument/documentSymbol', { textDocument: { uri: CFG_URI } });
  assert.deepEqual(symbols.map((s) => s.name), ['global', 'defaults', 'fe', 'bitbucket']);
  assert.deepEqual(symbols[3].children.map((c: any) => c.name), ['bb1']);
  const folds = await client.request<any[]>('textDocument/foldingRange', { textDocument: { uri: CFG_URI } });
  assert.ok(folds.some((f) => f.startLine === 10 && f.endLine === 12), JSON.stringify(folds));
});

test('works with no settings at all (client without workspace/configuration)', async () => {
  const bare = new LspClient();
  try {
    await bare.initialize({ pullConfiguration: false });
    await bare.open('file:///x/haproxy.cfg', 'haproxy', 'defaults\n  timeout client 5 0s\n', 1);
    const published = await bare.diagnostics('file:///x/haproxy.cfg', 1);
    assert.ok(published.diagnostics.some((d) => d.code === 'time-unit'));
  } finally {
    await bare.shutdown();
  }
});
