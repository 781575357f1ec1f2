/**
 * PDF text through poppler's `pdftotext -bbox` when it is installed: the
 * words of each page with their boxes, turned into the same positioned text
 * items the pdf.js path produces, so both go through one layout
 * (pdf-layout.ts) and one paragraph builder (pdf-paragraphs.ts). pdftotext
 * does in a few milliseconds of C what pdf.js does in ~50 ms of JavaScript.
 *
 * Nothing here decides an error: when pdftotext is missing, fails, finds no
 * text at all, or the page limit is reached, the caller reads the file with
 * pdf.js instead, which gives the same messages as before (encrypted, damaged,
 * no text layer, too many pages). pdftotext reads a copy of the bytes the
 * caller has (pdftotext-launcher.ts), never the user's file by its path.
 */
import type { PdfItem } from './pdf-layout.js';
import { runPdftotext } from './pdftotext-launcher.js';

/** What pdftotext gave: each page's words as items, and the document title. */
export interface PopplerText {
  pages: PdfItem[][];
  title?: string;
}

/** Options of one extraction. */
export interface PopplerOptions {
  /** Read at most this many pages; more than that gives undefined (pdf.js then reports the page count). */
  maxPages: number;
  signal?: AbortSignal;
  /** Give up (undefined) after this long. Default 60 s. */
  timeoutMs?: number;
}

/** Largest -bbox output accepted (about 150 bytes a word); beyond it pdf.js reads the file. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** The program last found missing (pdf.js reads every PDF while it stays so). */
let missing: string | undefined;

/** The pdftotext program (`QMSR_PDFTOTEXT` names another one; `QMSR_PDFTOTEXT=off` turns this path off). */
function program(): string | undefined {
  const configured = process.env.QMSR_PDFTOTEXT;
  if (configured === 'off') return undefined;
  const cmd = configured || 'pdftotext';
  return cmd === missing ? undefined : cmd;
}

/**
 * Where PDF text will come from, for cache keys: the pdftotext program, or
 * pdf.js when it is switched off or was found missing.
 */
export function pdfTextSource(): string {
  return program() ?? 'pdf.js';
}

/**
 * Words of each page by pdftotext, or undefined when pdf.js should read the
 * file instead (pdftotext missing or switched off, a non-zero exit, no word
 * on any page, more than `maxPages` pages, a time-out).
 */
export async function popplerText(data: Buffer, options: PopplerOptions): Promise<PopplerText | undefined> {
  const cmd = program();
  if (!cmd) return undefined;
  const result = await runPdftotext({
    program: cmd,
    args: ['-bbox', '-enc', 'UTF-8', '-q', '-l', String(options.maxPages + 1)],
    input: data,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.outcome === 'missing') missing = cmd;
  if (result.outcome !== 'done' || result.output === undefined) return undefined;
  const parsed = parseBbox(result.output);
  parsed.pages = parsed.pages.map(joinWords);
  if (parsed.pages.length > options.maxPages || !parsed.pages.some((p) => p.length > 0)) return undefined;
  return parsed;
}

const PAGE = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)<\/word>/g;

/**
 * Pages and words of pdftotext's -bbox XHTML. Boxes are in points from the
 * top-left corner; items are in points from the bottom-left with `y` on the
 * baseline, as pdf.js gives them. A word's box spans its font's descent to
 * ascent, so the box height stands for the font size and the baseline sits a
 * fifth of it above the bottom (the extent pdf-layout.ts assumes for a line).
 */
export function parseBbox(xml: string): PopplerText {
  const pages: PdfItem[][] = [];
  let items: PdfItem[] | undefined;
  let height = 0;
  PAGE.lastIndex = 0;
  for (let m = PAGE.exec(xml); m; m = PAGE.exec(xml)) {
    if (m[1] !== undefined) {
      items = [];
      pages.push(items);
      height = Number(m[2]);
      continue;
    }
    if (!items) continue;
    const x0 = Number(m[3]);
    const y0 = Number(m[4]);
    const x1 = Number(m[5]);
    const y1 = Number(m[6]);
    const size = y1 - y0;
    const str = unescapeXml(m[7]!);
    if (str === '' || !(size > 0)) continue;
    items.push({ str, x: x0, y: height - y1 + 0.2 * size, width: x1 - x0, size });
  }
  const title = /<title>([^<]*)<\/title>/.exec(xml.slice(0, 4096))?.[1];
  const text = title === undefined ? '' : unescapeXml(title).trim();
  return text ? { pages, title: text } : { pages };
}

/**
 * pdftotext gives single words; pdf.js gives the strings the PDF shows, which
 * are usually whole lines or line pieces. The layout finds column gutters as x
 * ranges that almost no item crosses, and spaces between single words line up
 * often enough to look like one, so words that follow each other on a line,
 * less than WORD_JOIN_GAP of their size apart, are joined back into one item
 * (a space between them where the gap is wider than pdf-layout's word gap).
 */
export function joinWords(words: readonly PdfItem[]): PdfItem[] {
  const out: PdfItem[] = [];
  let cur: PdfItem | undefined;
  for (const w of words) {
    if (cur) {
      const gap = w.x - (cur.x + cur.width);
      const size = Math.min(cur.size, w.size);
      if (Math.abs(w.y - cur.y) < 0.2 * size && Math.abs(w.size - cur.size) < 0.1 * size && gap > -0.1 * size && gap < WORD_JOIN_GAP * size) {
        cur.str += gap > WORD_GAP * size ? ` ${w.str}` : w.str;
        cur.width = w.x + w.width - cur.x;
        continue;
      }
      out.push(cur);
    }
    cur = { ...w };
  }
  if (cur) out.push(cur);
  return out;
}

/** Widest gap, in font sizes, between two words joined into one item: below the narrowest column gutter pdf-layout accepts. */
const WORD_JOIN_GAP = 0.6;

/** Gap above which pdf-layout puts a space between two items (its `lineOf`). */
const WORD_GAP = 0.15;

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, name: string) => {
    if (name[0] !== '#') return NAMED[name]!;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
}
