#!/usr/bin/env node
// Entry point of the hooks in .pre-commit-hooks.yaml. pre-commit runs this file from its
// own clone of the repository, with the staged file names as arguments. The first run
// installs the dependencies and builds the linter's bundle in that clone (its progress
// goes to standard error); later runs start the linter at once.
'use strict';
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli.js');

if (!existsSync(bundle)) {
  const windows = process.platform === 'win32';
  const steps = [
    [windows ? 'npm.cmd' : 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']],
    [process.execPath, [path.join('scripts', 'bundle.mjs'), '--production']],
  ];
  for (const [command, args] of steps) {
    const r = spawnSync(command, args, { cwd: root, stdio: ['ignore', 2, 2], shell: windows && command.endsWith('.cmd') });
    if (r.status !== 0) {
      process.stderr.write(`haproxy-bitbucket-lint: setting up the hook failed: '${command} ${args.join(' ')}' in ${root} ${r.error ? r.error.message : `exited with ${r.status}`}\n`);
      process.exit(2);
    }
  }
}

// The launcher itself runs the linter on process.argv, through its loader (which uses the
// bundle's code cache when there is one).
require(path.join(root, 'bin', 'haproxy-bitbucket-lint.js'));
