#!/usr/bin/env node
// Entry point for the installed `qmsr` command. Runs the compiled CLI when it
// exists (after `npm run build`), otherwise the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

// V8 optimises a function once it has run through a budget of bytecode. A scan runs most of its
// code for a few seconds in each of several threads, each compiling its own optimised copy; with
// four times the default budget (132 KB) it compiles far less for little slower code: a cold scan
// of the 1,200-document benchmark took ~10% less time and ~12% less CPU (docs/benchmarks.md).
// Set before anything else is compiled; worker threads started later inherit it.
setFlagsFromString('--interrupt-budget=540672');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
if (existsSync(compiled)) {
  const { main } = await import(pathToFileURL(compiled).href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
  process.exitCode = await main(process.argv.slice(2));
}
