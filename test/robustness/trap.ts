/**
 * Preloaded with `node --require` by the security test: turns every way a Node process can
 * reach outside into a recorded failure. DNS lookups, outgoing connections (net, tls, http,
 * https, fetch), child processes, and file reads outside the directories listed in
 * HB_TRAP_ALLOW (path-delimiter separated) are refused with EACCES and written, one per
 * line, to the file named by HB_TRAP_LOG. Looking for `.haproxy-bitbucket-lint.json` in
 * parent folders is the one documented exception.
 */
// `import x = require()` gives the modules themselves, whose functions can be replaced
// (an `import * as` namespace is a frozen copy).
import childProcess = require('node:child_process');
import dns = require('node:dns');
import fs = require('node:fs');
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import path = require('node:path');
import tls = require('node:tls');
import url = require('node:url');

const { fileURLToPath } = url;

const allowed = (process.env.HB_TRAP_ALLOW ?? '')
  .split(path.delimiter)
  .filter(Boolean)
  .map((p) => path.resolve(p));
const logFile = process.env.HB_TRAP_LOG;
const appendFileSync = fs.appendFileSync;
const CONFIG_FILE = '.haproxy-bitbucket-lint.json';

function refuse(what: string): Error {
  if (logFile) appendFileSync(logFile, `${what}\n`);
  const error = new Error(`refused by the security test: ${what}`) as NodeJS.ErrnoException;
  error.code = 'EACCES';
  return error;
}

function pathOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return path.resolve(arg);
  if (Buffer.isBuffer(arg)) return path.resolve(arg.toString());
  if (arg instanceof URL) return fileURLToPath(arg);
  return undefined; // a file descriptor: already open
}

function insideAllowed(p: string): boolean {
  if (path.basename(p) === CONFIG_FILE) return true;
  return allowed.some((root) => p === root || p.startsWith(root + path.sep));
}

type AnyFunction = (...args: unknown[]) => unknown;

function wrap<T extends object>(target: T, name: string, label: string, check: (args: unknown[]) => string | undefined): void {
  const original = (target as Record<string, unknown>)[name];
  if (typeof original !== 'function') return;
  const replacement = function (this: unknown, ...args: unknown[]) {
    const problem = check(args);
    if (problem !== undefined) {
      const error = refuse(`${label}.${name} ${problem}`);
      const callback = args[args.length - 1];
      if (typeof callback === 'function' && !name.endsWith('Sync')) {
        process.nextTick(() => (callback as AnyFunction)(error));
        return undefined;
      }
      throw error;
    }
    return (original as AnyFunction).apply(this, args);
  };
  Object.defineProperty(target, name, { value: replacement, writable: true, configurable: true });
}

const always = (args: unknown[]) => JSON.stringify(args.filter((a) => typeof a !== 'function')).slice(0, 300);
const outsidePath = (args: unknown[]) => {
  const p = pathOf(args[0]);
  return p !== undefined && !insideAllowed(p) ? p : undefined;
};

const fsReads = [
  'readFile', 'readFileSync', 'open', 'openSync', 'createReadStream', 'readdir', 'readdirSync', 'opendir', 'opendirSync',
  'stat', 'statSync', 'lstat', 'lstatSync', 'access', 'accessSync', 'exists', 'existsSync', 'realpath', 'realpathSync', 'readlink', 'readlinkSync',
];
for (const name of fsReads) wrap(fs, name, 'fs', outsidePath);
for (const name of ['readFile', 'open', 'readdir', 'opendir', 'stat', 'lstat', 'access', 'realpath', 'readlink']) {
  const promises = fs.promises as unknown as Record<string, AnyFunction>;
  const original = promises[name];
  promises[name] = function (this: unknown, ...args: unknown[]) {
    const problem = outsidePath(args);
    if (problem !== undefined) return Promise.reject(refuse(`fs.promises.${name} ${problem}`));
    return original.apply(this, args);
  };
}

for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse']) {
  wrap(dns, name, 'dns', always);
  wrap(dns.promises, name, 'dns.promises', always);
}
wrap(dns.Resolver.prototype, 'resolve', 'dns.Resolver', always);
for (const name of ['connect', 'createConnection']) {
  wrap(net, name, 'net', always);
  wrap(tls, name, 'tls', always);
}
wrap(net.Socket.prototype, 'connect', 'net.Socket', always);
for (const name of ['request', 'get']) {
  wrap(http, name, 'http', always);
  wrap(https, name, 'https', always);
}
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(childProcess, name, 'child_process', always);
if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = (async (input: unknown) => {
    throw refuse(`fetch ${String(input)}`);
  }) as typeof fetch;
}
