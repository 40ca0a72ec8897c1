#!/usr/bin/env node
'use strict';
// The CLI is compiled by `npm ci` (the `prepare` script) into dist/.
require('../dist/src/cli/main.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`musicface: ${err?.message ? err.message : err}\n`);
      process.exitCode = 1;
    },
  );
