/**
 * Dependencies point one way: knowledge base and document model at the bottom,
 * CLI and server at the top. This test reads every import in src/ and fails on
 * one that points up or sideways where it should not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

/** Which folders each folder of src/ may import from (besides itself). */
const allowed: Record<string, string[]> = {
  util: [],
  citations: [],
  'doc-model': [],
  kb: ['citations', 'util'],
  readers: ['doc-model', 'util'],
  scanner: ['kb', 'citations', 'doc-model', 'readers', 'util'],
  reporters: ['scanner', 'kb', 'doc-model', 'util'],
  fixer: ['scanner', 'readers', 'doc-model', 'kb', 'citations', 'reporters', 'util'],
  store: ['util'],
  assessment: ['kb', 'citations', 'scanner', 'store', 'doc-model', 'readers', 'util'],
  reports: ['assessment', 'kb', 'scanner', 'store', 'reporters', 'util'],
  server: ['assessment', 'reports', 'kb', 'citations', 'scanner', 'readers', 'reporters', 'fixer', 'store', 'doc-model', 'util'],
  cli: ['server', 'assessment', 'reports', 'kb', 'citations', 'scanner', 'readers', 'reporters', 'fixer', 'store', 'doc-model', 'util'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('architecture', () => {
  it('every folder in src/ has a declared layer', () => {
    const folders = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory());
    expect(folders.filter((f) => !(f in allowed))).toEqual([]);
  });

  it('imports only point down the layers', () => {
    const violations: string[] = [];
    for (const file of files(src)) {
      const from = relative(src, file).split('/')[0]!;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        const target = relative(src, resolve(dirname(file), spec)).split('/')[0]!;
        if (target === from || target.startsWith('..')) continue;
        if (!allowed[from]?.includes(target)) violations.push(`${relative(root, file)} imports ${spec} (${from} → ${target})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
