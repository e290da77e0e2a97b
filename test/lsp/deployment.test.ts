/**
 * Cross-file checks over the protocol: the built server, a workspace folder on disk, files
 * that are open and files that are not, watched-file events, server.xml as an `xml`
 * document, code actions that edit another document, and the limits of the folder walk
 * (node_modules, large files, links out of the folder).
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type PublishedDiagnostics } from '../helpers/lsp-client';

const root = mkdtempSync(path.join(tmpdir(), 'hb-lsp-deploy-'));
const outside = mkdtempSync(path.join(tmpdir(), 'hb-lsp-outside-'));
const uri = (rel: string) => pathToFileURL(path.join(root, rel)).toString();
const CFG_URI = uri('haproxy.cfg');
const PROPS_URI = uri('bitbucket.properties');
const XML_URI = uri('conf/server.xml');

const CFG = [
  'defaults',
  '    mode http',
  '    timeout connect 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  'frontend fe',
  '    bind *:443 ssl crt /etc/haproxy/site.pem',
  '    default_backend bitbucket',
  'backend bitbucket',
  '    option forwardfor',
  '    option httpchk GET /status',
  '    server n1 10.0.0.5:7990 check',
  '',
].join('\n');
const PROPS = (port: number) => `server.proxy-port=${port}\nserver.scheme=https\nserver.secure=true\n`;

let client: LspClient;
const registrations: any[] = [];
const messages: { type: number; message: string }[] = [];

function codes(p: PublishedDiagnostics): string[] {
  return p.diagnostics.map((d) => d.code);
}

before(async () => {
  writeFileSync(path.join(root, 'haproxy.cfg'), CFG);
  writeFileSync(path.join(root, 'bitbucket.properties'), PROPS(8443));
  // Not part of the deployment: under node_modules, too large, or reached through a link out.
  mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'pkg', 'bitbucket.properties'), PROPS(1));
  mkdirSync(path.join(root, 'big'));
  writeFileSync(path.join(root, 'big', 'bitbucket-big.properties'), `# ${'x'.repeat(2 * 1024 * 1024)}\nserver.proxy-port=2\n`);
  writeFileSync(path.join(outside, 'bitbucket.properties'), PROPS(3));
  symlinkSync(outside, path.join(root, 'elsewhere'));

  client = new LspClient();
  client.configuration = { validation: { debounceMs: 50 } };
  client.connection.onRequest('client/registerCapability', (p: any) => {
    registrations.push(...p.registrations);
    return null;
  });
  client.connection.onNotification('window/showMessage', (m: any) => {
    messages.push(m);
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'deploy' }],
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
    },
  });
  await client.connection.sendNotification('initialized', {});
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('the server asks to watch the deployment files', async () => {
  const deadline = Date.now() + 5000;
  while (!registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const watch = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.ok(watch, JSON.stringify(registrations));
  const globs = watch.registerOptions.watchers.map((w: any) => w.globPattern);
  for (const g of ['**/*.cfg', '**/*.properties', '**/server.xml', '**/.haproxy-bitbucket-lint.json']) assert.ok(globs.includes(g), globs.join(' '));
});

test('an open haproxy.cfg is checked against bitbucket.properties read from disk', async () => {
  await client.open(CFG_URI, 'haproxy', CFG, 1);
  const published = await client.until(CFG_URI, (p) => codes(p).includes('proxy-port-mismatch'), 'proxy-port-mismatch from the file on disk');
  const d = published.diagnostics.find((x) => x.code === 'proxy-port-mismatch')!;
  assert.match(d.message, /server\.proxy-port=8443 \(bitbucket\.properties:1\)/);
  assert.deepEqual(d.range, { start: { line: 6, character: 11 }, end: { line: 6, character: 14 } });
  assert.deepEqual((d.relatedInformation as any[]).map((r) => r.location.uri), [PROPS_URI]);
  // node_modules, the large file and the link out of the folder were not read: no ambiguity.
  assert.deepEqual(messages.filter((m) => /not clear which files belong together/.test(m.message)), []);
});

test('a quick fix in haproxy.cfg edits bitbucket.properties', async () => {
  const published = await client.diagnostics(CFG_URI);
  const d = published.diagnostics.find((x) => x.code === 'proxy-port-mismatch')!;
  const actions = await client.request<any[]>('textDocument/codeAction', { textDocument: { uri: CFG_URI }, range: d.range, context: { diagnostics: [d] } });
  const fix = actions.find((a) => a.title.startsWith('Set server.proxy-port=443'));
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.deepEqual(Object.keys(fix.edit.changes), [PROPS_URI]);
  assert.deepEqual(fix.edit.changes[PROPS_URI], [{ range: { start: { line: 0, character: 18 }, end: { line: 0, character: 22 } }, newText: '443' }]);
});

test('hover on the backend name explains why it is taken for Bitbucket', async () => {
  const h = await client.request<any>('textDocument/hover', { textDocument: { uri: CFG_URI }, position: { line: 8, character: 10 } });
  assert.ok(h, 'no hover');
  assert.match(h.contents.value, /serves Bitbucket/);
  assert.match(h.contents.value, /server n1 points at port 7990, where Bitbucket listens/);
  assert.match(h.contents.value, /frontend \*\*fe\*\*, default_backend/);
});

test('a change on disk, announced as a watched-file event, re-checks the open file', async () => {
  writeFileSync(path.join(root, 'bitbucket.properties'), PROPS(443));
  client.forget(CFG_URI);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: PROPS_URI, type: 2 }] });
  await client.until(CFG_URI, (p) => !codes(p).includes('proxy-port-mismatch'), 'the finding goes away');
});

test('opening the partner uses its editor text, and editing it re-checks haproxy.cfg', async () => {
  client.forget(CFG_URI);
  await client.open(PROPS_URI, 'bitbucket-properties', PROPS(9443), 1);
  await client.until(CFG_URI, (p) => p.diagnostics.some((d) => d.code === 'proxy-port-mismatch' && /9443/.test(d.message)), 'the open text counts');
  const props = await client.until(PROPS_URI, (p) => codes(p).includes('proxy-port-mismatch'), 'the finding on the properties side');
  assert.ok(props.diagnostics.some((d) => d.code === 'proxy-port-mismatch' && (d.relatedInformation as any[])[0].location.uri === CFG_URI));
  client.forget(CFG_URI);
  await client.change(PROPS_URI, 2, [{ range: { start: { line: 0, character: 18 }, end: { line: 0, character: 22 } }, text: '443' }]);
  await client.until(CFG_URI, (p) => !codes(p).includes('proxy-port-mismatch'), 'edit in the partner re-checks haproxy.cfg');
});

test('server.xml is checked as an xml document named server.xml, with fixes and hover', async () => {
  const xml = [
    '<Server port="8006">',
    '  <Service name="Catalina">',
    '    <Connector port="7990" proxyPort="443"/>',
    '    <Engine name="Catalina"><Host name="localhost"><Context path="/" docBase="x"/></Host></Engine>',
    '  </Service>',
    '</Server>',
    '',
  ].join('\n');
  await client.open(XML_URI, 'xml', xml, 1);
  const published = await client.until(XML_URI, (p) => codes(p).includes('root-context-path') && codes(p).includes('legacy-server-xml'), 'server.xml findings');
  const root = published.diagnostics.find((d) => d.code === 'root-context-path')!;
  const actions = await client.request<any[]>('textDocument/codeAction', { textDocument: { uri: XML_URI }, range: root.range, context: { diagnostics: [root] } });
  const fix = actions.find((a) => /path=""/.test(a.title));
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.edit.changes[XML_URI][0].newText, '');
  const ignore = actions.find((a) => a.title.startsWith('Ignore'));
  assert.equal(ignore.edit.changes[XML_URI][0].newText, '    <!-- haproxy-bitbucket-lint ignore=root-context-path -->\n');
  const legacy = published.diagnostics.find((d) => d.code === 'legacy-server-xml' && /Connector/.test(d.message))!;
  const copy = (await client.request<any[]>('textDocument/codeAction', { textDocument: { uri: XML_URI }, range: legacy.range, context: { diagnostics: [legacy] } })).find((a) =>
    a.title.startsWith('Copy the server.xml settings'),
  );
  assert.ok(copy && copy.edit.changes[PROPS_URI], 'the legacy fix edits bitbucket.properties');
  const h = await client.request<any>('textDocument/hover', { textDocument: { uri: XML_URI }, position: { line: 2, character: 30 } });
  assert.match(h.contents.value, /proxyPort[\s\S]*server\.proxy-port/);
});

test('another xml file is left alone', async () => {
  const other = uri('conf/context.xml');
  await client.open(other, 'xml', '<Context path="/"/>\n', 1);
  // The next publication for server.xml proves the server processed the open; nothing came for context.xml.
  client.forget(XML_URI);
  await client.change(XML_URI, 2, [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: '\n' }]);
  await client.diagnostics(XML_URI, 2);
  await assert.rejects(client.diagnostics(other, undefined, 300));
});
