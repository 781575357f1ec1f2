/** Writes docs/rules/ from rule metadata. Run: npm run docs:rules */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../src/scanner/rule-docs.js';
import { ruleMetas } from '../src/scanner/rules/index.js';

const dir = join(import.meta.dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
for (const [name, text] of renderRuleDocs(ruleMetas)) writeFileSync(join(dir, name), text);
console.log(`wrote ${ruleMetas.length} rule pages to docs/rules/`);
