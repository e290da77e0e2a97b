'use strict';
/**
 * Loads a bundle of dist/ (cli.js, server.js) with the V8 code cache the build made for it
 * (dist/<name>.js.cache, see scripts/code-cache.mjs). With the cache V8 neither compiles the
 * two megabytes of the bundle nor the functions a typical run calls, which is most of what
 * a fresh process spends before it gets to work.
 *
 * A cache belongs to one exact bundle and to one Node.js build and set of V8 flags. The
 * build ends each bundle with a key line (the SHA-256 of the bundle above it) and starts the
 * cache with the same key, so a bundle built again without a new cache is never paired with
 * the old one; V8 checks its version and flags itself and rejects a cache that does not fit.
 * When the cache is missing, belongs to another bundle or is rejected, the bundle is
 * compiled as `require` would compile it; nothing is written at run time. With
 * --enable-source-maps the bundle is loaded by `require` alone, so that Node maps stack
 * traces through its source map.
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const KEY_PREFIX = '//# code-cache-key=';
const KEY_LENGTH = 64;
/** The key line as the build appends it: prefix, 64 hex digits, newline. */
const KEY_LINE_LENGTH = KEY_PREFIX.length + KEY_LENGTH + 1;

function cacheFileOf(file) {
  return `${file}.cache`;
}

/** The key at the end of a bundle's bytes, or undefined when it has none. */
function keyOf(bytes) {
  if (bytes.length < KEY_LINE_LENGTH) return undefined;
  const line = bytes.toString('latin1', bytes.length - KEY_LINE_LENGTH);
  if (!line.startsWith(KEY_PREFIX) || !line.endsWith('\n')) return undefined;
  const key = line.slice(KEY_PREFIX.length, -1);
  return /^[0-9a-f]{64}$/.test(key) ? key : undefined;
}

function sourceMapsEnabled() {
  if (process.sourceMapsEnabled) return true;
  const options = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS || ''}`;
  return options.includes('--enable-source-maps');
}

/**
 * Compiles `file` as a CommonJS module, with `cachedData` when given, and runs its top
 * level. Returns the module's exports and the compiled script (for making a cache).
 */
function compile(file, bytes, cachedData) {
  const source = bytes.toString('utf8');
  // The wrapper Node itself puts around a CommonJS module; it must stay the same for the
  // cache to fit, and it keeps line numbers as they are in the file.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const dir = path.dirname(file);
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dir);
  // Registered first, as require does, so that a later require of the same file gets this module.
  require.cache[file] = mod;
  try {
    script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, dir);
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  return { exports: mod.exports, script, rejected: cachedData ? script.cachedDataRejected === true : undefined };
}

/** The exports of the bundle `file` (an absolute path), loaded with its code cache when it fits. */
function loadBundle(file) {
  if (require.cache[file] || sourceMapsEnabled()) return require(file);
  let bytes;
  let cachedData;
  try {
    bytes = fs.readFileSync(file);
    const key = keyOf(bytes);
    if (key) {
      const cache = fs.readFileSync(cacheFileOf(file));
      if (cache.length > KEY_LENGTH && cache.toString('latin1', 0, KEY_LENGTH) === key) cachedData = cache.subarray(KEY_LENGTH);
    }
  } catch {
    // No cache (or no bundle, which require reports properly).
  }
  if (!cachedData) return require(file);
  return compile(file, bytes, cachedData).exports;
}

/** Writes the code cache of a script `compile` made from `bytes`, after it has run: V8 then
 * includes the functions compiled so far. Written next to the bundle, replaced atomically. */
function writeCache(file, bytes, script) {
  const key = keyOf(bytes);
  if (!key) throw new Error(`${file} has no code cache key`);
  const data = Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]);
  const target = cacheFileOf(file);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, target);
  return data.length;
}

module.exports = { loadBundle, compile, writeCache, cacheFileOf, keyOf, KEY_PREFIX };
