#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx.
require('tsx/cjs');
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .catch((error) => {
    process.stderr.write(`perfscope-simulator: ${error.message}\n`);
    process.exit(1);
  });
