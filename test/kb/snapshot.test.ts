/**
 * The knowledge-base snapshot written by `npm run build`: the same data as
 * parsing the YAML, used only while the kb/ files have the content it was
 * made from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readKbSnapshot, writeKbSnapshot } from '../../src/kb/load.js';
import { loadKnowledgeBase } from '../../src/kb/parse.js';

const dir = mkdtempSync(join(tmpdir(), 'qmsr-kb-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('knowledge-base snapshot', () => {
  const loaded = loadKnowledgeBase();
  if (!loaded.ok) throw new Error('the shipped knowledge base does not load');
  const kb = loaded.kb;
  const file = join(dir, 'kb-snapshot.v8');
  writeKbSnapshot(kb, file);

  it('gives back exactly the parsed knowledge base, Maps and all', () => {
    const back = readKbSnapshot(file, kb.hash);
    expect(back).toEqual({ ...kb, dir: '' });
    expect(back!.crosswalk).toBeInstanceOf(Map);
    expect(back!.crosswalk.get('820.30(g)')).toEqual(kb.crosswalk.get('820.30(g)'));
  });

  it('is ignored when the kb files changed since it was made', () => {
    expect(readKbSnapshot(file, '0'.repeat(64))).toBeUndefined();
  });

  it('is ignored when missing or damaged, so the YAML is read instead', () => {
    expect(readKbSnapshot(join(dir, 'none.v8'), kb.hash)).toBeUndefined();
    const damaged = join(dir, 'damaged.v8');
    writeFileSync(damaged, 'not a snapshot');
    expect(readKbSnapshot(damaged, kb.hash)).toBeUndefined();
  });

  it('keeps the content hash of the files, so outputs name the same knowledge base either way', () => {
    expect(kb.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loadKnowledgeBase()).toMatchObject({ ok: true, kb: { hash: kb.hash } });
  });
});
