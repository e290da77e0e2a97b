#!/usr/bin/env node
'use strict';
const path = require('node:path');
const { loadBundle } = require('./load-bundle.js');

// Speaks LSP over --stdio (default), --node-ipc or --socket=<port>, as vscode-languageserver does.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
loadBundle(path.resolve(__dirname, '..', 'dist', 'server.js'));
