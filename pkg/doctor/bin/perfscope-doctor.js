#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx.
require('tsx/cjs');
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    process.stderr.write(`perfscope-doctor: ${error.message}\n`);
    process.exit(1);
  });
