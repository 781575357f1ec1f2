#!/usr/bin/env node
// Part of `npm run build`: load and check the shipped knowledge base with the
// compiled code in DIST (default dist/) and store it as dist/kb/kb-snapshot.v8,
// so that every command (and every scan worker) starts without parsing and
// checking the YAML again. The snapshot records the content hash of the kb/
// files; if they change later, the files are read as usual.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
const { loadKnowledgeBase } = await import(pathToFileURL(join(dist, 'kb', 'parse.js')).href);
const { writeKbSnapshot } = await import(pathToFileURL(join(dist, 'kb', 'load.js')).href);
const { formatProblem } = await import(pathToFileURL(join(dist, 'kb', 'problems.js')).href);
const result = loadKnowledgeBase();
if (!result.ok) {
  process.stderr.write(`The knowledge base has ${result.problems.length} problem(s):\n${result.problems.map(formatProblem).join('\n')}\n`);
  process.exit(1);
}
writeKbSnapshot(result.kb, join(dist, 'kb', 'kb-snapshot.v8'));
