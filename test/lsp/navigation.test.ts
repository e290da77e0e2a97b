/**
 * Navigation, rename, workspace symbols, formatting and "fix all" over the protocol: the
 * built server over stdio, as an editor sees it.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';

const root = mkdtempSync(path.join(tmpdir(), 'hb-lsp-nav-'));
const CFG_URI = pathToFileURL(path.join(root, 'haproxy.cfg')).toString();

const CFG = [
  'frontend fe',
  '    bind 127.0.0.1:80',
  '    acl api path_beg /api',
  '    acl old src 10.0.0.1',
  '    use_backend be_app if api',
  '    default_backend be_ap',
  'backend   be_app',
  '  server s1 127.0.0.1:8080',
  '',
].join('\n');

let client: LspClient;
let capabilities: any;

before(async () => {
  mkdirSync(path.join(root, 'haproxy.d'));
  writeFileSync(path.join(root, 'haproxy.d', '20-extra.cfg'), 'backend be_on_disk\n    server d1 127.0.0.1:9000\n');
  client = new LspClient();
  // Keeps "fix all" to the fixes of this test's rules.
  client.configuration = { validation: { debounceMs: 0 }, rules: { 'missing-timeouts': 'off' } };
  const init = await client.connection.sendRequest<any>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'deploy' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: {
        rename: { prepareSupport: true },
        publishDiagnostics: { tagSupport: { valueSet: [1, 2] }, versionSupport: true },
      },
    },
  });
  capabilities = init.capabilities;
  await client.connection.sendNotification('initialized', {});
  await client.open(CFG_URI, 'haproxy', CFG, 1);
  await client.diagnostics(CFG_URI, 1);
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
  rmSync(root, { recursive: true, force: true });
});

const doc = { uri: CFG_URI };

test('announces the navigation, rename, symbol, formatting and fix-all capabilities', () => {
  assert.equal(capabilities.definitionProvider, true);
  assert.equal(capabilities.referencesProvider, true);
  assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
  assert.equal(capabilities.workspaceSymbolProvider, true);
  assert.equal(capabilities.documentFormattingProvider, true);
  assert.equal(capabilities.documentRangeFormattingProvider, true);
  assert.deepEqual(capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll']);
});

test('unused ACLs are published as unnecessary hints', async () => {
  const published = await client.diagnostics(CFG_URI, 1);
  const unused = published.diagnostics.find((d) => d.code === 'unused-acl') as any;
  assert.ok(unused, JSON.stringify(published.diagnostics));
  assert.equal(unused.severity, 4);
  assert.deepEqual(unused.tags, [1]);
  assert.deepEqual(unused.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
});

test('go to definition from use_backend and from an ACL in a condition', async () => {
  const backend = await client.request('textDocument/definition', { textDocument: doc, position: { line: 4, character: 18 } });
  assert.deepEqual(backend, [{ uri: CFG_URI, range: { start: { line: 6, character: 10 }, end: { line: 6, character: 16 } } }]);
  const acl = await client.request('textDocument/definition', { textDocument: doc, position: { line: 4, character: 27 } });
  assert.deepEqual(acl, [{ uri: CFG_URI, range: { start: { line: 2, character: 8 }, end: { line: 2, character: 11 } } }]);
  assert.deepEqual(await client.request('textDocument/definition', { textDocument: doc, position: { line: 1, character: 6 } }), []);
});

test('find references with and without the declaration', async () => {
  const params = (includeDeclaration: boolean) => ({ textDocument: doc, position: { line: 6, character: 12 }, context: { includeDeclaration } });
  const without = await client.request<any[]>('textDocument/references', params(false));
  assert.deepEqual(without.map((l) => l.range.start.line), [4]);
  const withDecl = await client.request<any[]>('textDocument/references', params(true));
  assert.deepEqual(withDecl.map((l) => l.range.start.line).sort(), [4, 6]);
});

test('prepareRename gives the range and placeholder, or an error message', async () => {
  const ok = await client.request('textDocument/prepareRename', { textDocument: doc, position: { line: 7, character: 10 } });
  assert.deepEqual(ok, { range: { start: { line: 7, character: 9 }, end: { line: 7, character: 11 } }, placeholder: 's1' });
  await assert.rejects(
    client.request('textDocument/prepareRename', { textDocument: doc, position: { line: 5, character: 22 } }),
    (e: any) => /Nothing in this file defines 'be_ap'/.test(e.message),
  );
});

test('rename returns a workspace edit, and refuses an invalid name', async () => {
  const edit = await client.request<any>('textDocument/rename', { textDocument: doc, position: { line: 6, character: 12 }, newName: 'bitbucket' });
  const changes = edit.changes[CFG_URI];
  assert.deepEqual(
    changes.map((c: any) => [c.range.start.line, c.range.start.character, c.newText]).sort(),
    [
      [4, 16, 'bitbucket'],
      [6, 10, 'bitbucket'],
    ],
  );
  await assert.rejects(
    client.request('textDocument/rename', { textDocument: doc, position: { line: 6, character: 12 }, newName: 'bit bucket' }),
    (e: any) => /not a valid name/.test(e.message),
  );
});

test('workspace symbols come from open documents and from HAProxy files on disk', async () => {
  const symbols = await client.request<any[]>('workspace/symbol', { query: 'be_' });
  const found = symbols.map((s) => [s.name, path.basename(new URL(s.location.uri).pathname)]).sort();
  assert.deepEqual(found, [
    ['be_app', 'haproxy.cfg'],
    ['be_on_disk', '20-extra.cfg'],
  ]);
  const servers = await client.request<any[]>('workspace/symbol', { query: 'd1' });
  assert.deepEqual(servers.map((s) => [s.name, s.containerName]), [['d1', 'backend be_on_disk']]);
});

test('document and range formatting follow the editor options', async () => {
  const edits = await client.request<any[]>('textDocument/formatting', { textDocument: doc, options: { tabSize: 2, insertSpaces: true } });
  assert.deepEqual(
    edits.map((e) => [e.range.start.line, e.newText]),
    [
      [1, '  bind 127.0.0.1:80'],
      [2, '  acl api path_beg /api'],
      [3, '  acl old src 10.0.0.1'],
      [4, '  use_backend be_app if api'],
      [5, '  default_backend be_ap'],
      [6, 'backend be_app'],
    ],
  );
  const ranged = await client.request<any[]>('textDocument/rangeFormatting', {
    textDocument: doc,
    range: { start: { line: 6, character: 0 }, end: { line: 7, character: 5 } },
    options: { tabSize: 4, insertSpaces: true },
  });
  assert.deepEqual(ranged.map((e) => [e.range.start.line, e.newText]), [
    [6, 'backend be_app'],
    [7, '    server s1 127.0.0.1:8080'],
  ]);
});

test('source.fixAll applies the safe fixes only', async () => {
  const actions = await client.request<any[]>('textDocument/codeAction', {
    textDocument: doc,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.equal(actions.length, 1, JSON.stringify(actions));
  assert.equal(actions[0].kind, 'source.fixAll');
  assert.deepEqual(actions[0].edit.changes[CFG_URI], [
    { range: { start: { line: 5, character: 20 }, end: { line: 5, character: 25 } }, newText: 'be_app' },
  ]);
  const quick = await client.request<any[]>('textDocument/codeAction', {
    textDocument: doc,
    range: { start: { line: 3, character: 8 }, end: { line: 3, character: 8 } },
    context: { diagnostics: [], only: ['quickfix'] },
  });
  assert.ok(quick.length > 0 && quick.every((a) => a.kind === 'quickfix'), JSON.stringify(quick));
  assert.ok(quick.some((a) => a.title === "Remove this 'acl old' line" && a.isPreferred === false));
});
