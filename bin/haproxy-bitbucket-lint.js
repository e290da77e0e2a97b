#!/usr/bin/env node
'use strict';
require('../dist/cli.js').main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`haproxy-bitbucket-lint: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 2;
  },
);
