/**
 * The bin scripts load dist/cli.js and dist/server.js with the V8 code cache the build made
 * (bin/load-bundle.js, scripts/code-cache.mjs). A cache that fits must be taken; one that
 * does not (missing, made for another bundle, damaged, or refused by V8) must change
 * nothing but the speed.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { ROOT, fixture } from './util';
import { HEAP_GROWING_PERCENT } from '../../server/src/server';

const LOADER = path.join(ROOT, 'bin', 'load-bundle.js');
const EXAMPLES = path.join(ROOT, 'examples');

function node(args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', ...env };
  delete clean.NODE_OPTIONS;
  return spawnSync(process.execPath, args, { encoding: 'utf8', env: clean, cwd: ROOT });
}

/** A copy of the launcher, the loader and the CLI bundle, with `cache` as the bundle's cache (none when undefined). */
function installCopy(cache: Buffer | undefined): string {
  const dir = fixture({});
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'dist'));
  for (const f of ['haproxy-bitbucket-lint.js', 'load-bundle.js']) copyFileSync(path.join(ROOT, 'bin', f), path.join(dir, 'bin', f));
  copyFileSync(path.join(ROOT, 'dist', 'cli.js'), path.join(dir, 'dist', 'cli.js'));
  if (cache) writeFileSync(path.join(dir, 'dist', 'cli.js.cache'), cache);
  return path.join(dir, 'bin', 'haproxy-bitbucket-lint.js');
}

/** The V8 options each bin script applies before it loads its bundle. */
const BIN_FLAGS: Record<string, string[]> = {
  'cli.js': [],
  'server.js': [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`],
};

test('the server launcher applies the heap setting of server.ts before loading the bundle', () => {
  const launcher = readFileSync(path.join(ROOT, 'bin', 'haproxy-bitbucket-language-server.js'), 'utf8');
  assert.ok(launcher.includes(`'--heap-growing-percent=${HEAP_GROWING_PERCENT}'`), 'bin and server.ts use the same value');
});

test('the build stamps both bundles with a key, and V8 takes their caches', () => {
  for (const name of ['cli.js', 'server.js']) {
    const file = path.join(ROOT, 'dist', name);
    assert.ok(existsSync(`${file}.cache`), `dist/${name}.cache is built (npm run build)`);
    // In a child with the V8 options its bin script sets, as the bin scripts run.
    const probe = `
      const fs = require('node:fs');
      const { keyOf, compile } = require(${JSON.stringify(LOADER)});
      const file = ${JSON.stringify(file)};
      const bytes = fs.readFileSync(file);
      const cache = fs.readFileSync(file + '.cache');
      const key = keyOf(bytes);
      const sameKey = key !== undefined && cache.toString('latin1', 0, 64) === key;
      // Loaded as a module, not run as a program: the server does not start.
      const { rejected } = compile(file, bytes, cache.subarray(64));
      process.stdout.write(JSON.stringify({ sameKey, rejected }));
    `;
    const r = node([...BIN_FLAGS[name], '-e', probe]);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.sameKey, true, `dist/${name} and its cache carry the same key`);
    assert.equal(result.rejected, false, `V8 accepts the cache of dist/${name}`);
  }
});

test('the language server starts through its launcher and answers initialize', async () => {
  const frame = (message: object) => {
    const s = JSON.stringify({ jsonrpc: '2.0', ...message });
    return `Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`;
  };
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'haproxy-bitbucket-language-server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const answered = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to initialize; got ${JSON.stringify(out)}`)), 30000);
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('"id":1')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  await answered;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.write(frame({ id: 2, method: 'shutdown' }));
  child.stdin.write(frame({ method: 'exit' }));
  await exited;
  assert.match(out, /"id":1,"result":\{"capabilities"/);
});

test('a cache that is missing, made for another bundle, damaged or refused changes nothing but the speed', () => {
  const reference = node([path.join(ROOT, 'bin', 'haproxy-bitbucket-lint.js'), '--format', 'json', EXAMPLES]);
  assert.equal(reference.status, 1, reference.stderr);
  const real = readFileSync(path.join(ROOT, 'dist', 'cli.js.cache'));
  const otherKey = Buffer.concat([Buffer.from('0'.repeat(64), 'latin1'), real.subarray(64)]);
  const damaged = Buffer.concat([real.subarray(0, 64), Buffer.from('not a V8 code cache')]);
  const truncated = real.subarray(0, Math.floor(real.length / 2));
  for (const [what, cache] of [
    ['no cache', undefined],
    ['a cache of another bundle', otherKey],
    ['a damaged cache', damaged],
    ['a truncated cache', truncated],
    ['the real cache', real],
  ] as const) {
    const bin = installCopy(cache);
    const r = node([bin, '--format', 'json', EXAMPLES]);
    assert.equal(r.status, reference.status, `${what}: ${r.stderr}`);
    assert.equal(r.stdout, reference.stdout, what);
    assert.equal(r.stderr, reference.stderr, what);
  }
  // V8 refuses a cache made under other flags; the bundle is then compiled as usual.
  const flagged = node(['--stack-size=2000', path.join(ROOT, 'bin', 'haproxy-bitbucket-lint.js'), '--format', 'json', EXAMPLES]);
  assert.equal(flagged.stdout, reference.stdout);
  // With source maps asked for, the bundle is loaded by require and traces point at the sources.
  const mapped = node(['--enable-source-maps', path.join(ROOT, 'bin', 'haproxy-bitbucket-lint.js'), '--format', 'json', EXAMPLES]);
  assert.equal(mapped.stdout, reference.stdout);
});
