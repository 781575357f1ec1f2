/**
 * The redlined copy of one document, made by the fixer (src/fixer): Word
 * files get tracked changes and comments, text files a corrected copy,
 * read-only formats a list of suggested changes. Made in a temporary folder
 * per request and removed after reading; the original is never changed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fixPaths } from '../../fixer/fix-files.js';
import type { KnowledgeBase } from '../../kb/model.js';
import { notFound } from '../errors.js';

/** The redline of `file` by `author`. */
export interface Redline {
  bytes: Buffer;
  filename: string;
  contentType: string;
  changes: number;
}

const TYPES: Record<string, string> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
};

/** Redline one file; 404 when there is nothing to change. */
export async function redline(file: string, author: string, kb: KnowledgeBase): Promise<Redline> {
  const out = await mkdtemp(join(tmpdir(), 'qmsr-redline-'));
  try {
    const result = await fixPaths([file], { out, author, kb });
    const fixed = result.files[0];
    if (!fixed || fixed.status === 'error') throw notFound(`${basename(file)} could not be redlined: ${fixed?.error ?? 'not a supported document'}.`);
    const output = fixed.outputs.find((o) => !o.endsWith('.diff'));
    if (fixed.status === 'unchanged' || !output) throw notFound(`${basename(file)} has nothing to change for the QMSR.`);
    const name = basename(output);
    const ext = name.endsWith('.suggestions.md') ? '.md' : name.slice(name.lastIndexOf('.')).toLowerCase();
    return {
      bytes: await readFile(join(out, ...output.split('/'))),
      filename: name,
      contentType: TYPES[ext] ?? 'application/octet-stream',
      changes: result.changes.length,
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
