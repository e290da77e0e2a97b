#!/usr/bin/env node
'use strict';
const path = require('node:path');
const { loadBundle } = require('./load-bundle.js');

// Speaks LSP over --stdio (default), --node-ipc or --socket=<port>, as vscode-languageserver does.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
// The heap setting the server applies when it starts (HEAP_GROWING_PERCENT in
// server/src/server.ts), made before the bundle loads: V8 accepts a code cache only under
// the flags it was made with, and the build makes the server's cache after a run of it.
// test/cli/code-cache.test.ts fails if the two values differ.
if (!process.execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a))) {
  require('node:v8').setFlagsFromString('--heap-growing-percent=50');
}
loadBundle(path.resolve(__dirname, '..', 'dist', 'server.js'));
