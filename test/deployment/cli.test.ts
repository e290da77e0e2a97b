/** The CLI runs the cross-file checks over directories and over the files it is given. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hb-cli-deploy-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const CFG = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend fe\n    bind *:443 ssl crt /etc/haproxy/site.pem\n    default_backend bitbucket\nbackend bitbucket\n    option forwardfor\n    option httpchk GET /status\n    server n1 10.0.0.5:7990 check\n';

test('a directory is one deployment: JSON reports cross-file findings per file, edits name their file', async () => {
  const root = tree({ 'haproxy.cfg': CFG, 'bitbucket.properties': 'server.proxy-port=8443\nserver.scheme=https\nserver.secure=true\n' });
  const r = await run(['--format', 'json', root]);
  assert.equal(r.code, 1, r.err);
  const json = JSON.parse(r.out);
  const byFile = Object.fromEntries(json.files.map((f: any) => [path.basename(f.path), f.diagnostics.filter((d: any) => d.rule === 'proxy-port-mismatch')]));
  assert.equal(byFile['haproxy.cfg'].length, 1);
  assert.equal(byFile['bitbucket.properties'].length, 1);
  const fromCfg = byFile['haproxy.cfg'][0];
  assert.equal(fromCfg.related[0].uri, path.join(root, 'bitbucket.properties'));
  assert.equal(fromCfg.fixes[0].edits[0].uri, path.join(root, 'bitbucket.properties'));
  assert.equal(byFile['bitbucket.properties'][0].fixes[0].edits[0].uri, path.join(root, 'bitbucket.properties'));
});

test('files named together form a deployment; server.xml can be named too', async () => {
  const root = tree({
    'lb/haproxy.cfg': CFG.replace('/status', '/stash/status'),
    'bb/conf/server.xml': '<Server><Service><Connector port="7990"/><Engine><Host><Context path="/bitbucket"/></Host></Engine></Service></Server>\n',
  });
  const r = await run(['--no-color', path.join(root, 'lb/haproxy.cfg'), path.join(root, 'bb/conf/server.xml')]);
  assert.match(r.out, /lb\/haproxy\.cfg:11:\d+: error: The health check of backend 'bitbucket' assumes Bitbucket is served under '\/stash', but the Context path of server\.xml \(bb\/conf\/server\.xml:1\)/);
  assert.match(r.out, /server\.xml:1:\d+: error: HAProxy expects Bitbucket under '\/stash'/);
  assert.match(r.out, /2 files checked/);
  assert.equal(r.err, '');
});

test('a file alone gets no cross-file findings; ambiguous folders get a note on stderr', async () => {
  const root = tree({ 'haproxy.cfg': CFG, 'a/bitbucket.properties': 'server.proxy-port=1\n', 'b/bitbucket.properties': 'server.proxy-port=2\n' });
  const alone = await run(['--format', 'json', path.join(root, 'haproxy.cfg')]);
  assert.deepEqual(JSON.parse(alone.out).files[0].diagnostics.filter((d: any) => d.rule === 'proxy-port-mismatch'), []);
  const r = await run(['--format', 'json', root]);
  assert.equal(JSON.parse(r.out).files.flatMap((f: any) => f.diagnostics).filter((d: any) => d.rule === 'proxy-port-mismatch').length, 0);
  assert.match(r.err, /note: This folder holds several bitbucket\.properties files/);
  assert.equal(r.err.match(/note:/g)?.length, 1);
});

test('.haproxy-bitbucket-lint.json deployments decide which files belong together', async () => {
  const root = tree({
    '.haproxy-bitbucket-lint.json': JSON.stringify({ deployments: [{ haproxy: ['lb/haproxy.cfg'], bitbucket: 'b/bitbucket.properties' }] }),
    'lb/haproxy.cfg': CFG,
    'a/bitbucket.properties': 'server.proxy-port=1\n',
    'b/bitbucket.properties': 'server.proxy-port=2\n',
  });
  const r = await run(['--format', 'json', root]);
  const findings = JSON.parse(r.out).files.flatMap((f: any) => f.diagnostics.map((d: any) => ({ ...d, file: path.relative(root, f.path) }))).filter((d: any) => d.rule === 'proxy-port-mismatch');
  assert.deepEqual(findings.map((d: any) => d.file).sort(), ['b/bitbucket.properties', 'lb/haproxy.cfg']);
  assert.doesNotMatch(r.err, /note:/);
});
