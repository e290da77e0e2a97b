/**
 * A HAProxy configuration split over a haproxy.d folder, over the protocol: an open file is
 * checked knowing the other files of the folder (open or on disk), and an edit in one of
 * them re-checks the others.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type PublishedDiagnostics } from '../helpers/lsp-client';

const root = mkdtempSync(path.join(tmpdir(), 'hb-lsp-split-'));
const dir = path.join(root, 'haproxy.d');
const uri = (name: string) => pathToFileURL(path.join(dir, name)).toString();
const FILES: Record<string, string> = {
  '05-defaults.cfg': 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n',
  '10-front.cfg': 'frontend fe\n    bind 127.0.0.1:8080\n    use_backend be_app if { path_beg /app }\n    default_backend be_app\n',
  '20-back.cfg': 'backend be_app\n    server s1 127.0.0.1:8081\n',
};
/** The rules whose findings depend on the other files. */
const RULES = ['undefined-backend', 'missing-timeouts'];

let client: LspClient;

const codes = (p: PublishedDiagnostics) => p.diagnostics.map((d) => String(d.code)).filter((c) => RULES.includes(c));

before(async () => {
  mkdirSync(dir);
  for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, name), text);
  client = new LspClient();
  client.configuration = { validation: { debounceMs: 0 } };
  client.connection.onRequest('client/registerCapability', () => null);
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'split' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await client.connection.sendNotification('initialized', {});
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('an open file of a haproxy.d folder sees the backend and the defaults of the files on disk', async () => {
  await client.open(uri('10-front.cfg'), 'haproxy', FILES['10-front.cfg'], 1);
  const published = await client.diagnostics(uri('10-front.cfg'), 1);
  assert.deepEqual(codes(published), []);
});

test('renaming the backend in another open file re-checks the file that names it', async () => {
  await client.open(uri('20-back.cfg'), 'haproxy', FILES['20-back.cfg'], 1);
  assert.deepEqual(codes(await client.diagnostics(uri('20-back.cfg'), 1)), []);
  client.forget(uri('10-front.cfg'));
  await client.change(uri('20-back.cfg'), 2, [{ text: FILES['20-back.cfg'].replace('be_app', 'be_apps') }]);
  const front = await client.until(uri('10-front.cfg'), (p) => codes(p).length > 0, 'undefined-backend after the rename');
  assert.deepEqual(codes(front), ['undefined-backend', 'undefined-backend']);
  assert.match(front.diagnostics.find((d) => d.code === 'undefined-backend')!.message, /Did you mean 'be_apps'\?/);
});
