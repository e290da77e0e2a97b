#!/usr/bin/env node
'use strict';
const path = require('node:path');
const { loadBundle } = require('./load-bundle.js');

loadBundle(path.resolve(__dirname, '..', 'dist', 'cli.js'))
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`haproxy-bitbucket-lint: ${error && error.message ? error.message : error}\n`);
      process.exitCode = 2;
    },
  );
