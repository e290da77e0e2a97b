// Makes the V8 code caches of dist/cli.js and dist/server.js (dist/<name>.js.cache), which
// bin/load-bundle.js hands to V8 so that a fresh process does not compile the bundle again.
// Each bundle first gets a last line with its key, which its cache repeats (load-bundle.js
// uses a cache only for the bundle with that key). Then each is loaded in a child process
// the way the bin scripts load it and given a short typical run: the CLI on the haproxy.cfg
// and bitbucket.properties of examples/ in each output format and with --fix-dry-run, the
// server through an LSP session on copies of the same files. The cache is written after
// that run, so it holds the functions such a run compiles too, not only the top level.
// server.xml is left out on purpose: few setups have one, and the XML parser's code would
// make every start read a cache half as big again.
//
//   node scripts/code-cache.mjs          # both caches; scripts/bundle.mjs runs it
//
// A cache fits only the Node.js build that made it (V8 rejects it elsewhere and the bundle
// is then compiled as usual), so the child runs with no extra Node or V8 options.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = path.join(ROOT, 'examples', 'deployment');
const FILES = ['haproxy.cfg', 'bitbucket.properties'];
const { compile, writeCache, cacheFileOf, keyOf, KEY_PREFIX } = require('../bin/load-bundle.js');

function childEnv() {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

// ---------------------------------------------------------------------------------------
// In the child: load a bundle, run it, write its cache
// ---------------------------------------------------------------------------------------

async function cliChild(file) {
  const bytes = readFileSync(file);
  const { exports: cli, script } = compile(file, bytes, undefined);
  const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false };
  const files = FILES.map((f) => path.relative(process.cwd(), path.join(EXAMPLES, f)));
  for (const args of [[], ['--format', 'json'], ['--format', 'sarif'], ['--fix-dry-run']]) await cli.main([...args, ...files], io);
  const haproxy = readFileSync(path.join(EXAMPLES, 'haproxy.cfg'));
  await cli.main(['--stdin', '--language', 'haproxy'], { ...io, readStdin: async () => haproxy });
  writeCache(file, bytes, script);
}

function serverChild(file) {
  const bytes = readFileSync(file);
  // The server starts on load (the child's arguments include --stdio) and leaves through
  // process.exit when the client sends `exit`; by then the session has run.
  const { script } = compile(file, bytes, undefined);
  process.on('exit', (code) => {
    if (code === 0) writeCache(file, bytes, script);
  });
}

// ---------------------------------------------------------------------------------------
// In the parent
// ---------------------------------------------------------------------------------------

async function serverSession(file) {
  const folder = mkdtempSync(path.join(tmpdir(), 'hb-code-cache-'));
  try {
    for (const f of FILES) copyFileSync(path.join(EXAMPLES, f), path.join(folder, f));
    await serverSessionIn(file, folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function serverSessionIn(file, folder) {
  const rpc = require('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', 'server', file, '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: childEnv(),
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const died = exited.then((code) => {
    throw new Error(`the server exited with ${code} during the session`);
  });
  died.catch(() => undefined);
  /** Waits for `promise`, or fails as soon as the server is gone. */
  const alive = (promise) => Promise.race([promise, died]);
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = new Map();
  const waiting = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    published.set(p.uri, p);
    waiting.get(p.uri)?.();
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({ validation: { debounceMs: 0 } })));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const timer = setTimeout(() => child.kill(), 60000);
  try {
    await alive(connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'deployment' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, rename: { prepareSupport: true } },
      },
    }));
    await connection.sendNotification('initialized', {});
    const docs = FILES.map((name) => ({
      uri: pathToFileURL(path.join(folder, name)).href,
      languageId: name.endsWith('.cfg') ? 'haproxy' : 'bitbucket-properties',
      text: readFileSync(path.join(folder, name), 'utf8'),
    }));
    for (const d of docs) {
      const seen = new Promise((resolve) => waiting.set(d.uri, resolve));
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: d.languageId, version: 1, text: d.text } });
      await alive(seen);
    }
    for (const d of docs) {
      const lines = d.text.split('\n');
      const line = lines.findIndex((l) => /^\s+(server|timeout|bind)\s/.test(l) || /^server\./.test(l));
      const position = { line: Math.max(0, line), character: Math.min(6, lines[Math.max(0, line)].length) };
      const textDocument = { uri: d.uri };
      const diagnostics = published.get(d.uri)?.diagnostics ?? [];
      await alive(connection.sendRequest('textDocument/hover', { textDocument, position }));
      await alive(connection.sendRequest('textDocument/completion', { textDocument, position }));
      await alive(connection.sendRequest('textDocument/documentSymbol', { textDocument }));
      await alive(connection.sendRequest('textDocument/foldingRange', { textDocument }));
      const range = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      await alive(connection.sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics } }));
      // An edit, checked again incrementally.
      const seen = new Promise((resolve) => waiting.set(d.uri, resolve));
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: d.uri, version: 2 },
        contentChanges: [{ range: { start: position, end: position }, text: ' ' }],
      });
      await alive(seen);
    }
    await alive(connection.sendRequest('shutdown'));
    await connection.sendNotification('exit');
  } catch (e) {
    child.kill();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const code = await exited;
  connection.dispose();
  if (code !== 0) throw new Error(`the server exited with ${code}`);
}

/** Ends the bundle with its key line (the SHA-256 of the bundle without it), which the cache
 * is then made for; a key line already there is replaced. */
export function stampBundle(file) {
  let bytes = readFileSync(file);
  if (keyOf(bytes)) bytes = bytes.subarray(0, bytes.lastIndexOf(KEY_PREFIX));
  const text = bytes.toString('utf8');
  const body = text.endsWith('\n') ? text : `${text}\n`;
  // Replaced in one rename, so that a launcher starting meanwhile never reads half a bundle.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${body}${KEY_PREFIX}${createHash('sha256').update(body).digest('hex')}\n`);
  renameSync(temp, file);
}

/**
 * Stamps dist/cli.js and dist/server.js and makes their caches. A cache that cannot be made
 * is left out with a warning: the bin scripts then compile the bundle as usual.
 */
export async function makeCodeCaches(dist = path.join(ROOT, 'dist')) {
  const made = [];
  const cli = path.join(dist, 'cli.js');
  const server = path.join(dist, 'server.js');
  // A cache left from an earlier bundle would never be used (its key does not match);
  // removing it first keeps dist/ honest when making the new one fails.
  for (const f of [cli, server]) {
    rmSync(cacheFileOf(f), { force: true });
    stampBundle(f);
  }
  const warn = (file, e) => process.stderr.write(`code-cache: no code cache for ${path.relative(ROOT, file)}: ${e instanceof Error ? e.message : e}\n`);
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', 'cli', cli], { stdio: 'inherit', env: childEnv(), cwd: ROOT });
  if (r.status === 0) made.push(cacheFileOf(cli));
  else warn(cli, `the run of the CLI failed (exit ${r.status})`);
  try {
    await serverSession(server);
    made.push(cacheFileOf(server));
  } catch (e) {
    warn(server, e);
  }
  return made;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  if (args[1] === 'cli') await cliChild(path.resolve(args[2]));
  else if (args[1] === 'server') serverChild(path.resolve(args[2]));
  else throw new Error(`unknown child '${args[1]}'`);
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await makeCodeCaches();
}
