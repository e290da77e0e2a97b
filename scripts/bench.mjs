// Benchmark: how fast the linter and the language server are on large, realistic files.
//
//   npm run bench                         build, then every size (1k, 10k, 50k, 100k lines)
//   node scripts/bench.mjs --sizes 1000,50000 --runs 5
//   node scripts/bench.mjs --json out.json   also write the raw figures
//
// It generates deterministic haproxy.cfg files (frontends with TLS binds and ACLs, backends
// with health checks and servers, TCP listeners for SSH) and a bitbucket.properties, then
// prints one Markdown table of medians. Every LSP figure is measured from a client over
// stdio, as an editor sees it: the time from sending a notification or request to receiving
// the answer (publishDiagnostics for didOpen/didChange). `haproxy -c -f` runs on the same
// file when haproxy is installed. Needs `npm run build` first (out/ and dist/).
import { spawn, spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir, release, platform } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const SIZES = option('--sizes', '1000,10000,50000,100000').split(',').map(Number).filter((n) => n > 0);
const RUNS = Math.max(3, Number(option('--runs', '7')));
const JSON_OUT = option('--json', undefined);
// Extra Node/V8 options for the server process, to compare settings (e.g. `--server-args=--max-semi-space-size=4`).
const SERVER_ARGS = (option('--server-args', '') || '').split(' ').filter(Boolean);

// ---------------------------------------------------------------------------------------
// Deterministic generators
// ---------------------------------------------------------------------------------------

/** A small linear congruential generator: the same files on every machine. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A haproxy.cfg of exactly `lines` lines: one Bitbucket site per frontend/backend/listen trio. */
export function generateHaproxy(lines, certificate) {
  const r = random(42);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const out = [
    '# Bitbucket Data Center sites behind HAProxy with TLS (generated for benchmarks)',
    'global',
    '    log stdout format raw local0',
    '    maxconn 50000',
    '    nbthread 4',
    '    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets',
    '    ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256',
    '    ssl-default-server-options ssl-min-ver TLSv1.2',
    '    tune.ssl.default-dh-param 2048',
    '',
    'defaults',
    '    mode http',
    '    log global',
    '    option httplog',
    '    option dontlognull',
    '    timeout connect 5s',
    '    timeout client 1m',
    '    timeout server 1m',
    '    timeout http-request 10s',
    '    timeout http-keep-alive 10s',
    '    timeout queue 30s',
    '    retries 3',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const a = 1 + ((i >> 8) % 250);
    const b = i % 256;
    const app = `be_app${i}`;
    const before = out.length;
    out.push(
      `# site ${i}: git${i}.example.com`,
      `frontend fe_site${i}`,
      `    bind 10.1.${a}.${b}:443 ssl crt ${certificate} alpn h2,http/1.1`,
      `    bind 10.1.${a}.${b}:80`,
      '    http-request redirect scheme https code 301 unless { ssl_fc }',
      `    acl internal src 10.0.0.0/8 172.16.0.0/12 192.168.${b}.0/24`,
      '    acl is_admin path_beg /admin /rest/api/latest/admin',
      `    acl is_git_host hdr(host) -i git${i}.example.com`,
      '    http-request deny deny_status 403 if is_admin !internal',
      '    http-request set-header X-Forwarded-Proto https if { ssl_fc }',
      `    http-response set-header Strict-Transport-Security "max-age=${pick([31536000, 15768000])}; includeSubDomains"`,
      `    timeout client ${pick(['30s', '1m', '90s', '5m'])}`,
      `    use_backend ${app} if is_git_host`,
      `    default_backend ${app}`,
      '',
      `backend ${app}`,
      `    balance ${pick(['roundrobin', 'leastconn', 'source'])}`,
      '    option forwardfor',
      '    option httpchk GET /status',
      '    http-check expect status 200',
      '    cookie BBSESSION insert indirect nocache',
      `    timeout server ${pick(['30s', '2m', '10m'])}`,
    );
    const servers = 2 + Math.floor(r() * 3);
    for (let k = 1; k <= servers; k++) {
      out.push(`    server node${k} 10.2.${a}.${(b + k) % 256}:7990 check inter ${pick(['2s', '5s', '10s'])} fall 3 rise 2 cookie node${k}`);
    }
    out.push(
      '',
      `listen ssh_site${i}`,
      `    bind 10.1.${a}.${b}:7999`,
      '    mode tcp',
      '    option tcplog',
      '    balance roundrobin',
      '    timeout client 30m',
      '    timeout server 30m',
      `    server node1 10.2.${a}.${(b + 1) % 256}:7999 check port 7990`,
      '',
    );
    if (out.length > lines) {
      // The last site does not fit: leave it out and fill the file up with comment lines.
      out.length = before;
      while (out.length < lines) out.push(`# capacity reserved for site ${i}`);
    }
  }
  return out.join('\n') + '\n';
}

/** A bitbucket.properties with every catalogue key we know (default or typical values) and comments. */
export function generateProperties() {
  const catalogue = JSON.parse(readFileSync(path.join(ROOT, 'server/src/facts/data/bitbucket-properties.json'), 'utf8')).properties;
  const out = [
    '# Bitbucket Data Center node behind HAProxy (generated for benchmarks)',
    'setup.baseUrl=https://git.example.com/bitbucket',
    'server.context-path=/bitbucket',
    'server.proxy-name=git.example.com',
    'server.proxy-port=443',
    'server.scheme=https',
    'server.secure=true',
    '',
  ];
  const typical = { boolean: 'true', integer: '100', size: '1048576', duration: '30', port: '7990' };
  const specific = {
    'jdbc.url': 'jdbc:postgresql://10.3.0.10:5432/bitbucket',
    'jdbc.user': 'bitbucket',
    'jdbc.password': 'change-me',
    'jdbc.driver': 'org.postgresql.Driver',
    'hazelcast.network.tcpip.members': '10.2.0.11:5701,10.2.0.12:5701',
    'hazelcast.group.name': 'bitbucket-cluster',
    'websudo.allowlist.patterns': '10.0.0.0/8,192.168.1.*',
  };
  for (const row of catalogue) {
    if (row.key.includes('<n>') || out.some((l) => l.startsWith(`${row.key}=`))) continue;
    const value = specific[row.key] ?? row.default ?? row.allowed?.[0] ?? typical[row.type];
    if (value === undefined) continue;
    out.push(`# ${row.notes ?? row.key}`, `${row.key}=${value}`, '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const median = (values) => {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (v) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) : 'n/a');
const now = () => performance.now();

function wall(command, argv, runs) {
  const times = [];
  let status;
  for (let i = 0; i < runs; i++) {
    const t = now();
    const r = spawnSync(command, argv, { encoding: 'utf8', cwd: tmpdir(), maxBuffer: 1 << 28 });
    times.push(now() - t);
    status = r.status;
    if (r.error) return { ms: NaN, status: r.error.message };
  }
  return { ms: median(times), status };
}

function machine() {
  const cpu = cpus();
  const haproxy = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  let os = `${platform()} ${release()}`;
  try {
    const pretty = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) os = `${pretty[1]} (kernel ${release()})`;
  } catch {
    // not Linux
  }
  return {
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    os,
    node: process.version,
    haproxy: haproxy.status === 0 ? haproxy.stdout.split('\n')[0] : 'not installed',
  };
}

// ---------------------------------------------------------------------------------------
// In-process: parse + validate
// ---------------------------------------------------------------------------------------

function inProcess(text, language, runs) {
  const service = require(path.join(ROOT, 'out/server/src/service.js'));
  const settings = { rules: {}, haproxyVersion: '2.6' };
  const full = [];
  let findings = 0;
  for (let i = 0; i < runs + 2; i++) {
    const t = now();
    const doc = service.parseDocument(text, language);
    findings = service.validate(doc, settings).length;
    if (i >= 2) full.push(now() - t);
  }
  return { full: median(full), findings };
}

// ---------------------------------------------------------------------------------------
// Language server over stdio
// ---------------------------------------------------------------------------------------

async function startServer() {
  const rpc = require('vscode-jsonrpc/node');
  const started = now();
  const child = spawn(process.execPath, [...SERVER_ARGS, path.join(ROOT, 'bin/haproxy-bitbucket-language-server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiters = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    const key = `${p.uri}@${p.version}`;
    const w = waiters.get(key);
    if (w) {
      waiters.delete(key);
      w({ at: now(), count: p.diagnostics.length });
    }
  });
  connection.onRequest('workspace/configuration', (p) =>
    p.items.map(() => ({ validation: { debounceMs: 0 }, haproxyVersion: '2.6', rules: {} })),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { versionSupport: true } },
    },
  });
  const ready = now() - started;
  await connection.sendNotification('initialized', {});
  const published = (uri, version) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}; server stderr: ${stderr}`)), 120000);
      waiters.set(`${uri}@${version}`, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  const peakRss = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  };
  const stop = async () => {
    try {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    connection.dispose();
  };
  return { connection, ready, published, peakRss, stop };
}

/** A line in the middle of the file that holds a statement, and where its first and second words start. */
function middleStatement(text, language) {
  const lines = text.split('\n');
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    const line = lines[i];
    if (language === 'haproxy' ? /^\s+(balance|timeout|server)\s/.test(line) : /^[a-z][\w.-]*=/.test(line)) {
      const first = line.search(/\S/);
      const second = language === 'haproxy' ? line.indexOf(' ', first) + 1 : line.indexOf('=') + 1;
      return { line: i, text: line, first, second };
    }
  }
  throw new Error('no statement in the middle of the file');
}

async function overLsp(text, language, runs) {
  const server = await startServer();
  const { connection, published } = server;
  const uri = pathToFileURL(path.join(tmpdir(), language === 'haproxy' ? 'bench-haproxy.cfg' : 'bench-bitbucket.properties')).href;
  const open = [];
  let version = 1;
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const wait = published(uri, version);
    const t = now();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: language, version, text } });
    const r = await wait;
    open.push(r.at - t);
    count = r.count;
    if (i < runs - 1) {
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await published(uri, undefined).catch(() => undefined);
    }
  }

  // One-line edits in the middle: change a word's value back and forth.
  const target = middleStatement(text, language);
  const edit = [];
  for (let i = 0; i < runs * 3; i++) {
    version++;
    const replacement = i % 2 === 0 ? 'X' : target.text.slice(target.second, target.second + 1);
    const range = { start: { line: target.line, character: target.second }, end: { line: target.line, character: target.second + 1 } };
    const wait = published(uri, version);
    const t = now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text: replacement }],
    });
    const r = await wait;
    if (i >= 2) edit.push(r.at - t);
  }

  const hover = [];
  const completion = [];
  for (let i = 0; i < runs * 3; i++) {
    let t = now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: target.line, character: target.first + 1 } });
    if (i >= 2) hover.push(now() - t);
    t = now();
    await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: target.line, character: target.first } });
    if (i >= 2) completion.push(now() - t);
  }
  const rss = server.peakRss();
  await server.stop();
  return { open: median(open), edit: median(edit), hover: median(hover), completion: median(completion), rss, diagnostics: count };
}

async function serverReady(runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const server = await startServer();
    times.push(server.ready);
    await server.stop();
  }
  return median(times);
}

/** Loading dist/client.js and running activate() with a stand-in for the `vscode` module. */
function activation(runs) {
  const probe = `
    const Module = require('module');
    const stub = (name) => new Proxy(function () { return stub(name + '()'); }, {
      get(target, key) {
        if (key === 'then') return undefined;
        if (key === 'version' && name === 'vscode') return '1.95.0';
        if (key === Symbol.toPrimitive) return () => name;
        if (key === Symbol.iterator) return function* () {};
        return stub(name + '.' + String(key));
      },
      construct() { return stub('new ' + name); },
    });
    const vscode = stub('vscode');
    const load = Module._load;
    Module._load = function (request) { return request === 'vscode' ? vscode : load.apply(this, arguments); };
    const t0 = performance.now();
    const extension = require(${JSON.stringify(path.join(ROOT, 'dist/client.js'))});
    const t1 = performance.now();
    extension.activate({ subscriptions: [], asAbsolutePath: (p) => require('path').join(${JSON.stringify(ROOT)}, p), extensionPath: ${JSON.stringify(ROOT)} });
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ load: t1 - t0, activate: t2 - t1 }));
    process.exit(0);`;
  const load = [];
  const activate = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    try {
      const m = JSON.parse(r.stdout);
      load.push(m.load);
      activate.push(m.activate);
    } catch {
      return { load: NaN, activate: NaN, error: r.stderr.split('\n')[0] };
    }
  }
  return { load: median(load), activate: median(activate) };
}

// ---------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------

function certificate(dir) {
  const key = path.join(dir, 'key.pem');
  const crt = path.join(dir, 'crt.pem');
  const pem = path.join(dir, 'site.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=git.example.com', '-days', '2', '-keyout', key, '-out', crt], { encoding: 'utf8' });
  if (r.status !== 0) return '/etc/haproxy/certs/site.pem';
  writeFileSync(pem, readFileSync(crt, 'utf8') + readFileSync(key, 'utf8'));
  return pem;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-bench-'));
  const info = machine();
  const haproxyInstalled = !info.haproxy.startsWith('not');
  const crt = certificate(dir);
  process.stderr.write(`machine: ${info.cpu}, ${info.memory}, ${info.os}, node ${info.node}, ${info.haproxy}\n`);

  const cases = SIZES.map((n) => ({ name: `haproxy.cfg ${n / 1000}k lines`, language: 'haproxy', file: path.join(dir, `haproxy-${n}.cfg`), text: generateHaproxy(n, crt) }));
  const props = generateProperties();
  cases.push({ name: `bitbucket.properties ${props.split('\n').length} lines`, language: 'bitbucket-properties', file: path.join(dir, 'bitbucket.properties'), text: props });

  const rows = [];
  for (const c of cases) {
    writeFileSync(c.file, c.text);
    process.stderr.write(`${c.name}: in process...`);
    const inproc = inProcess(c.text, c.language, RUNS);
    process.stderr.write(' LSP...');
    const lsp = await overLsp(c.text, c.language, RUNS);
    process.stderr.write(' CLI...');
    const cli = wall(process.execPath, [path.join(ROOT, 'bin/haproxy-bitbucket-lint.js'), '--haproxy-version', '2.6', '--quiet', c.file], RUNS);
    let haproxy = { ms: NaN, status: 'n/a' };
    if (c.language === 'haproxy' && haproxyInstalled) {
      process.stderr.write(' haproxy -c...');
      haproxy = wall('haproxy', ['-c', '-f', c.file], RUNS);
    }
    process.stderr.write(' done\n');
    rows.push({
      name: c.name,
      bytes: Buffer.byteLength(c.text),
      findings: inproc.findings,
      inProcessMs: inproc.full,
      didOpenMs: lsp.open,
      didChangeMs: lsp.edit,
      hoverMs: lsp.hover,
      completionMs: lsp.completion,
      peakRssMb: lsp.rss,
      cliMs: cli.ms,
      cliExit: cli.status,
      haproxyMs: haproxy.ms,
      haproxyExit: haproxy.status,
    });
  }
  process.stderr.write('server start and extension activation...\n');
  const ready = await serverReady(RUNS);
  const act = activation(RUNS);
  rmSync(dir, { recursive: true, force: true });

  const header = [
    'File', 'Size', 'Findings', 'Parse + validate (in process)', 'didOpen → diagnostics', 'didChange → diagnostics',
    'Hover', 'Completion', 'Server peak RSS', 'CLI', '`haproxy -c`', 'CLI / haproxy',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const ratio = Number.isFinite(r.haproxyMs) ? (r.cliMs / r.haproxyMs).toFixed(2) : 'n/a';
    lines.push(
      `| ${r.name} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.findings} | ${ms(r.inProcessMs)} ms | ${ms(r.didOpenMs)} ms | ${ms(r.didChangeMs)} ms | ` +
        `${ms(r.hoverMs)} ms | ${ms(r.completionMs)} ms | ${r.peakRssMb.toFixed(0)} MB | ${ms(r.cliMs)} ms | ` +
        `${Number.isFinite(r.haproxyMs) ? `${ms(r.haproxyMs)} ms` : 'n/a'} | ${ratio} |`,
    );
  }
  const summary = [
    `Machine: ${info.cpu}, ${info.memory} RAM, ${info.os}, Node.js ${info.node}, ${info.haproxy}.`,
    `Medians of ${RUNS} runs (${RUNS * 3 - 2} for edits, hover and completion).`,
    '',
    ...lines,
    '',
    `Server ready (spawn → initialize result): ${ms(ready)} ms. Extension activation (load dist/client.js ${ms(act.load)} ms + activate() ${ms(act.activate)} ms, with a stand-in vscode module): ${ms(act.load + act.activate)} ms.`,
  ];
  process.stdout.write(summary.join('\n') + '\n');
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ machine: info, runs: RUNS, rows, serverReadyMs: ready, activation: act }, null, 2) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
    process.exit(1);
  });
}
