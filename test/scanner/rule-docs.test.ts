import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRuleDocs } from '../../src/scanner/rule-docs.js';
import { ruleMetas } from '../../src/scanner/rules/index.js';

describe('rule documentation', () => {
  it('is generated from rule metadata and committed (run npm run docs:rules)', () => {
    for (const [name, text] of renderRuleDocs(ruleMetas)) {
      const file = join(import.meta.dirname, '..', '..', 'docs', 'rules', name);
      expect(existsSync(file), `${name} missing: run npm run docs:rules`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${name} is stale: run npm run docs:rules`).toBe(text);
    }
  });

  it('has unique, sorted rule ids', () => {
    const ids = ruleMetas.map((m) => m.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });
});
