/**
 * A redlined review copy carries qmsr's own comments, which quote the old
 * citations they explain. Scanning the review copy must report the text of the
 * document, not those quotes; a person's comment that cites the old rule is
 * still reported.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixPaths } from '../../src/fixer/fix-files.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { readDocument } from '../../src/readers/index.js';
import { defaultConfig } from '../../src/scanner/config.js';
import { prepareScan, scanDocument } from '../../src/scanner/engine.js';
import { buildDocx } from '../support/builders/docx-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'qmsr-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scanFile(path: string) {
  const doc = await readDocument(path);
  return scanDocument(prepareScan(getKnowledgeBase(), defaultConfig), doc, 'x.docx');
}

describe('scanning a review copy', () => {
  it('does not report citations quoted in qmsr review comments, but does report a person\u2019s comment', async () => {
    const input = join(dir, 'in', 'SOP.docx');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'in'), { recursive: true });
    writeFileSync(
      input,
      await buildDocx({
        body: [
          'Design validation follows 21 CFR 820.30(g).',
          { runs: 'Records are retained per company policy.', comment: { text: 'Should this cite 21 CFR 820.180(b)?', author: 'Jane Reviewer' } },
        ],
      }),
    );
    const before = await scanFile(input);
    expect(before.map((f) => f.citation)).toEqual(['820.30(g)', '820.180(b)']);

    await fixPaths([join(dir, 'in')], { out: join(dir, 'out'), cwd: dir, date: '2026-11-25T00:00:00Z' });
    const doc = await readDocument(join(dir, 'out', 'SOP.docx'));
    // The review copy really holds qmsr's comment quoting 820.30(g)…
    expect(doc.blocks.some((b) => b.kind === 'comment' && b.text.includes('820.30(g)'))).toBe(true);
    // …but only the person's comment is reported (the body citation is now a tracked deletion, not current text).
    const after = await scanFile(join(dir, 'out', 'SOP.docx'));
    expect(after.map((f) => f.citation)).toEqual(['820.180(b)']);
  });
});
