/**
 * A synthetic but realistic document set for the scanner benchmark: SOPs,
 * work instructions and requirement matrices in every format the scanner reads,
 * each with a few old Part 820 citations, a few current references and a few
 * obsolete terms, padded with ordinary procedure text to realistic sizes.
 *
 * Deterministic: the same seed gives the same text in the same files (the
 * .docx and .pdf builders are byte-stable; .xlsx files carry exceljs's own zip
 * dates, so only their content is stable). All text is our own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { buildDocx, type DocxBlockSpec } from '../test/support/builders/docx-builder.js';
import { buildPdf, type PdfBlockSpec, type PdfPageSpec } from '../test/support/builders/pdf-builder.js';

export type BenchFormat = 'docx' | 'pdf' | 'md' | 'txt' | 'html' | 'xlsx';

/** How many files of each format; 1,200 in all by default. */
export const DEFAULT_MIX: Readonly<Record<BenchFormat, number>> = { docx: 300, pdf: 300, md: 200, txt: 150, html: 150, xlsx: 100 };

/** A small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NEUTRAL = [
  'The process owner reviews this procedure at least once a year and after any significant change to the process.',
  'Records are completed at the time the activity is performed, in the validated electronic system or in permanent ink.',
  'Training on this procedure is documented before a person performs the activity without supervision.',
  'Planned deviations from this procedure are approved in advance by Quality Assurance and documented with their justification.',
  'The department manager makes sure that enough trained staff, equipment and time are available for the activity.',
  'Forms referenced in this procedure are controlled documents and are issued from the master list only.',
  'Where this procedure conflicts with a work instruction, this procedure applies until the conflict is resolved.',
  'Metrics from this process are reported every month to the quality council together with the open actions.',
  'Each step is signed and dated by the person who performs it and checked by a second person where the form asks for it.',
  'Electronic records are backed up every night and a restore from backup is tested every quarter.',
  'Suppliers of critical components are told in writing about any change to the requirements that affects them.',
  'Measuring equipment used in this process carries a calibration label showing the date of the next calibration.',
  'Product that fails an inspection is labelled, moved to the quarantine area and recorded in the rejection log.',
  'The responsible engineer assesses every proposed change for its effect on safety, performance and existing risk controls.',
  'Sampling plans used in this process are written down and based on a documented statistical rationale.',
  'The team lead confirms that the latest revision of each drawing is in use before work starts on a new lot.',
  'Customer-supplied property is identified, verified on receipt and protected while it is in our care.',
  'Software used to automate part of this process is validated for its intended use before it is released.',
  'Cleaning of the work area is performed at the start of every shift and recorded on the area log.',
  'Open items from the previous review are closed or re-planned with a new owner and due date.',
  'Reviewers have access to the complete history of the item before they approve it.',
  'The retention period of each record type is listed in the record retention schedule.',
  'Labels are printed from approved templates only; manual edits to a template are not permitted.',
  'The manufacturing engineer updates the routing when a process step is added, removed or moved.',
];

/** Old Part 820 citations written the many ways people write them. */
const OLD_CITATIONS = [
  '21 CFR 820.30(g)', '21 CFR 820.40', '§ 820.198(e)', '21 CFR 820.100(a)(4)', 'QSR 820.50', '21 CFR 820.184', '21 CFR 820.75(a)',
  '§ 820.90(b)', '21 CFR 820.180', '21CFR820.70(i)', '21 CFR 820.22', '21 CFR 820.120(b)', 'Sec. 820.65', '21 C.F.R. § 820.30(e)',
  '21 CFR 820.181', '21 CFR 820.200(a)', '§§ 820.80(b) and 820.86', '21 CFR 820.30(f), (g) and (h)', '21 CFR 820.250(b)', 'Subpart M of 21 CFR Part 820',
];

/** References that are still correct; the scanner must leave them alone. */
const CURRENT_REFERENCES = [
  '21 CFR 820.35(a)', '21 CFR 820.45', '21 CFR 803.50', 'ISO 13485:2016 clause 8.2.2', '21 CFR Part 806', '21 CFR 820.10(c)', 'ISO 13485:2016 clause 7.5.6',
];

const CITATION_SENTENCES = [
  'This activity is performed as required by {c}.',
  'Records of the activity are kept in accordance with {c}.',
  'The acceptance criteria are documented ({c}) and approved before use.',
  'Results are reviewed by Quality Assurance per {c}.',
  'See {c} for the requirement this step implements.',
];

const TERM_SENTENCES = [
  'The completed form is filed in the Device History Record of the lot.',
  'Changes to the specification are reflected in the Device Master Record (DMR) before release.',
  'The verification report is stored in the design history file.',
  'Management with executive responsibility approves the annual quality objectives.',
  'Trends are reviewed at the quality system meeting.',
  'Repeated failures are escalated to the CAPA board.',
  'Each nonconformance is recorded with its disposition.',
  'This procedure was written to meet the Quality System Regulation.',
  'The DHR is reviewed before the lot is released.',
];

const HEADINGS = ['Purpose', 'Scope', 'Responsibilities', 'Definitions', 'Procedure', 'Records', 'References', 'Training', 'Change history'];
const TOPICS = ['Document Control', 'Design Controls', 'CAPA', 'Complaint Handling', 'Management Review', 'Labeling', 'Purchasing', 'Receiving Inspection', 'Process Validation', 'Servicing', 'Training', 'Internal Audit'];

interface Section {
  heading: string;
  paragraphs: string[];
}

/** One document's content, before it is rendered in a format. */
export interface BenchDocument {
  title: string;
  sections: Section[];
  /** A table of references: requirement, reference, owner. */
  table: string[][];
  /** How many old citations and obsolete-term sentences were put in (for the record, not for asserting). */
  planted: { citations: number; terms: number };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function int(r: () => number, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

/** Content of document `index`: `paragraphs` paragraphs of 2–4 sentences, 2–8 old citations, 1–4 term sentences. */
export function makeDocument(r: () => number, index: number, paragraphs: number): BenchDocument {
  const topic = pick(r, TOPICS);
  const title = `SOP-${String(100 + index).padStart(4, '0')} ${topic}`;
  const citations = int(r, 2, 8);
  const terms = int(r, 1, 4);
  const special: string[] = [];
  for (let i = 0; i < citations; i++) special.push(pick(r, CITATION_SENTENCES).replace('{c}', pick(r, OLD_CITATIONS)));
  for (let i = 0; i < terms; i++) special.push(pick(r, TERM_SENTENCES));
  special.push(pick(r, CITATION_SENTENCES).replace('{c}', pick(r, CURRENT_REFERENCES)));
  const paras: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const n = int(r, 2, 4);
    const sentences: string[] = [];
    for (let s = 0; s < n; s++) sentences.push(pick(r, NEUTRAL));
    paras.push(sentences.join(' '));
  }
  // Spread the citations and terms over the document.
  for (const s of special) {
    const at = Math.floor(r() * paras.length);
    paras[at] = `${paras[at]} ${s}`;
  }
  const perSection = Math.max(1, Math.ceil(paras.length / HEADINGS.length));
  const sections: Section[] = [];
  for (let i = 0; i < paras.length; i += perSection) sections.push({ heading: `${sections.length + 1}. ${HEADINGS[sections.length % HEADINGS.length]}`, paragraphs: paras.slice(i, i + perSection) });
  const table = [['Requirement', 'Reference', 'Owner']];
  for (let i = 0; i < int(r, 3, 8); i++) table.push([pick(r, TOPICS), r() < 0.5 ? pick(r, OLD_CITATIONS) : pick(r, CURRENT_REFERENCES), pick(r, ['QA', 'RA', 'Engineering', 'Operations'])]);
  return { title, sections, table, planted: { citations, terms } };
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Wrap text at `width` columns, as plain-text exports do (so some citations break across lines). */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

export function renderMarkdown(d: BenchDocument): string {
  const out = [`# ${d.title}`, ''];
  for (const s of d.sections) out.push(`## ${s.heading}`, '', ...s.paragraphs.flatMap((p) => [p, '']));
  out.push(`| ${d.table[0]!.join(' | ')} |`, `|${d.table[0]!.map(() => '---').join('|')}|`, ...d.table.slice(1).map((row) => `| ${row.join(' | ')} |`), '');
  return out.join('\n');
}

export function renderText(d: BenchDocument): string {
  const out = [d.title.toUpperCase(), ''];
  for (const s of d.sections) out.push(s.heading, '', ...s.paragraphs.flatMap((p) => [wrap(p, 90), '']));
  out.push(...d.table.map((row) => row.join('\t')), '');
  return out.join('\n');
}

export function renderHtml(d: BenchDocument): string {
  const body = d.sections.map((s) => `<h2>${escapeHtml(s.heading)}</h2>\n${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}`).join('\n');
  const table = `<table>\n${d.table.map((row, i) => `<tr>${row.map((c) => (i === 0 ? `<th>${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n')}\n</table>`;
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(d.title)}</title></head>\n<body>\n<h1>${escapeHtml(d.title)}</h1>\n${body}\n${table}\n</body></html>\n`;
}

export function renderDocx(d: BenchDocument): Promise<Buffer> {
  const body: DocxBlockSpec[] = [{ runs: d.title, title: true }];
  for (const s of d.sections) body.push({ runs: s.heading, heading: 1 }, ...s.paragraphs);
  body.push({ table: d.table });
  return buildDocx({ title: d.title, header: [`Northwind Medical · ${d.title}`], footer: ['Controlled copy'], body });
}

export function renderPdf(d: BenchDocument): Promise<Buffer> {
  const pages: PdfPageSpec[] = [];
  let blocks: PdfBlockSpec[] = [{ text: d.title, size: 16, bold: true }];
  let used = 0;
  const flush = (): void => {
    pages.push({ blocks, header: `Northwind Medical · ${d.title}`, footer: 'Page {page}' });
    blocks = [];
    used = 0;
  };
  for (const s of d.sections) {
    blocks.push({ text: s.heading, bold: true });
    for (const p of s.paragraphs) {
      // About 90 characters a line at 11 pt; keep well inside one US Letter page.
      const lines = Math.ceil(p.length / 90) + 1;
      if (used + lines > 40) flush();
      blocks.push({ text: p });
      used += lines;
    }
  }
  blocks.push({ lines: d.table.map((row) => row.join('    ')) });
  flush();
  return buildPdf({ title: d.title, pages });
}

export async function renderXlsx(d: BenchDocument, r: () => number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date('2025-01-01T00:00:00Z');
  const ws = wb.addWorksheet('Requirements');
  ws.addRow(['ID', 'Requirement', 'Reference', 'Owner', 'Status']);
  const paragraphs = d.sections.flatMap((s) => s.paragraphs);
  let n = 0;
  for (const p of paragraphs) {
    for (const sentence of p.split(/(?<=\.)\s+/)) {
      n++;
      ws.addRow([`REQ-${String(n).padStart(4, '0')}`, sentence, r() < 0.15 ? pick(r, OLD_CITATIONS) : '', pick(r, ['QA', 'RA', 'Engineering', 'Operations']), pick(r, ['Open', 'Closed', 'In review'])]);
    }
  }
  const refs = wb.addWorksheet('References');
  for (const row of d.table) refs.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Paragraphs per document by format, for realistic sizes (a 4–10 page SOP; shorter text files). */
const PARAGRAPHS: Readonly<Record<BenchFormat, [number, number]>> = {
  docx: [40, 110],
  pdf: [30, 90],
  md: [25, 80],
  txt: [25, 80],
  html: [25, 80],
  xlsx: [30, 90],
};

export interface GeneratedSet {
  dir: string;
  files: { path: string; format: BenchFormat; bytes: number }[];
  planted: { citations: number; terms: number };
}

/** Write the whole set into `dir` (one sub-folder per format). */
export async function generate(dir: string, seed: number, mix: Readonly<Record<BenchFormat, number>> = DEFAULT_MIX): Promise<GeneratedSet> {
  const r = rng(seed);
  const files: GeneratedSet['files'] = [];
  const planted = { citations: 0, terms: 0 };
  let index = 0;
  for (const format of Object.keys(mix) as BenchFormat[]) {
    const sub = join(dir, format);
    mkdirSync(sub, { recursive: true });
    for (let i = 0; i < mix[format]; i++) {
      const [min, max] = PARAGRAPHS[format];
      const d = makeDocument(r, index++, int(r, min, max));
      planted.citations += d.planted.citations;
      planted.terms += d.planted.terms;
      const name = `${d.title}.${format}`;
      let data: string | Buffer;
      if (format === 'docx') data = await renderDocx(d);
      else if (format === 'pdf') data = await renderPdf(d);
      else if (format === 'md') data = renderMarkdown(d);
      else if (format === 'txt') data = renderText(d);
      else if (format === 'html') data = renderHtml(d);
      else data = await renderXlsx(d, r);
      const path = join(sub, name);
      writeFileSync(path, data);
      files.push({ path, format, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length });
    }
  }
  return { dir, files, planted };
}
