#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx switchyard` needs no build step.
// The workspace tsconfig supplies the @switchyard/* path aliases, whatever the caller's directory.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS by necessity: tsx must hook require() before the .ts entry loads */
const path = require('node:path');

process.env.TSX_TSCONFIG_PATH ??= path.join(__dirname, '..', 'tsconfig.json');
require('tsx/cjs');
const { main } = require('./switchyard.ts');

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`switchyard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
