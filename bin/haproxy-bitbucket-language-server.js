#!/usr/bin/env node
'use strict';
// Speaks LSP over --stdio (default), --node-ipc or --socket=<port>, as vscode-languageserver does.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
require('../dist/server.js');
