/**
 * Reads files of the shared real-world corpus (/work/shared/corpus) for the
 * citation tests. Paths are relative to the corpus root.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';

const root = new URL('../../../shared/corpus/', import.meta.url);

/** Absolute path of a corpus file. */
export function corpusPath(rel: string): string {
  return fileURLToPath(new URL(rel, root));
}

const cache = new Map<string, string>();

/** Text of a corpus file (UTF-8). */
export function readCorpus(rel: string): string {
  let text = cache.get(rel);
  if (text === undefined) {
    text = readFileSync(new URL(rel, root), 'utf8');
    cache.set(rel, text);
  }
  return text;
}

export const REGS = 'henry-1981+Cowork-RA/aria/knowledge/fda/02-regulation/21cfr-subchapter-h';
const GUIDANCE = 'henry-1981+Cowork-RA/aria/knowledge/fda/03-guidance';
export const PART_820 = `${REGS}/part-820.md`;
export const INNOLITICS = 'innolitics+rdm@13485_checklist';
export const JOSH = 'joshtvill+quality-compliance-starter-kit';

/** The FDA guidance file whose name starts with `number` ("224" → 224_current_good_manufacturing_practice_…md). */
export function guidance(number: string): string {
  const name = readdirSync(new URL(`${GUIDANCE}/`, root)).find((n) => n.startsWith(`${number}_`));
  if (!name) throw new Error(`no guidance file ${number}_* in the corpus`);
  return `${GUIDANCE}/${name}`;
}

/** Every cell string of an .xlsx workbook in the corpus (its shared strings table). */
export async function xlsxStrings(rel: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(new URL(rel, root)));
  const xml = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** All .md and .txt files of the corpus, relative paths. */
export function corpusTextFiles(dir = ''): string[] {
  return readdirSync(new URL(dir || '.', root), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) return corpusTextFiles(rel);
    return /\.(md|txt)$/.test(e.name) ? [rel] : [];
  });
}
