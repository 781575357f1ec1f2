/**
 * Excel reader (.xlsx, .xlsm) on exceljs's streaming reader: one block of
 * kind 'cell' per non-empty cell, located by sheet name and A1 address.
 * Shared strings and rich text are joined; formulas give their cached result;
 * URLs written inside formulas (`HYPERLINK("https://…?fr=820.30", …)`) give
 * 'link' blocks at the same cell. The package is first unpacked once under
 * the zip-bomb limits and handed to exceljs stored, so exceljs never sees a
 * file that would blow up.
 * The streaming reader skips styles, data validations and comments (it is
 * fast, and notes are rarely where citations live).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { TextBlock, TextDocument } from '../doc-model/types.js';
import { ReadError } from './errors.js';
import { checkAborted, type ReadContext } from './options.js';
import { openZip, type SafeZip } from './zip.js';

/** Reads an Excel workbook. */
export async function readXlsx(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  const zip = await openZip(data, ctx, { app: 'Excel', extension: '.xlsx' });
  if (!zip.has('xl/workbook.xml')) {
    throw new ReadError('damaged-file', 'This zip package is not an Excel workbook (it may be a Word or PowerPoint file with the wrong extension, or a damaged .xlsx).');
  }
  const blocks: TextBlock[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([await repack(zip)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? 'Sheet';
      for await (const row of sheet) {
        checkAborted(ctx);
        row.eachCell((cell) => {
          const location = { sheet: name, cell: cell.address };
          const text = textOf(cell.value);
          if (/\S/.test(text)) blocks.push({ kind: 'cell', text, location });
          for (const url of urlsIn(cell.value, text)) blocks.push({ kind: 'link', text: url, location: { ...location } });
        });
      }
    }
  } catch (err) {
    if (err instanceof ReadError || (err instanceof Error && err.name === 'AbortError')) throw err;
    throw new ReadError('damaged-file', 'The workbook is damaged and cannot be read.', { cause: err });
  }
  return { path: ctx.path, format: 'xlsx', blocks, warnings: [] };
}

/**
 * The package again, unpacked under the zip-bomb limits and stored without
 * compression, workbook and shared strings first: exceljs's streaming reader
 * then never meets a part bigger than the limits allow, and never parks a
 * sheet in a temporary file while waiting for the shared strings.
 */
async function repack(zip: SafeZip): Promise<Buffer> {
  const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml'];
  const names = zip.names().filter((n) => !n.endsWith('/') && !/^xl\/(media|embeddings|printerSettings)\//i.test(n));
  const lower = new Set(first.map((n) => n.toLowerCase()));
  const ordered = [...first.filter((n) => zip.has(n)), ...names.filter((n) => !lower.has(n.toLowerCase()))];
  const out = new JSZip();
  for (const name of ordered) out.file(name, await zip.bytes(name), { date: new Date(0), createFolders: false });
  return out.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

/** The text a cell shows: strings, rich text, numbers, booleans, a formula's cached result, a hyperlink's text. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return '';
  const v = value as { richText?: { text?: string }[]; result?: unknown; text?: unknown; error?: unknown };
  if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
  if ('result' in v) return textOf(v.result);
  if ('text' in v) return textOf(v.text);
  return '';
}

function urlsIn(value: unknown, shown: string): string[] {
  if (!value || typeof value !== 'object') return [];
  const v = value as { formula?: unknown; sharedFormula?: unknown; hyperlink?: unknown };
  const urls: string[] = [];
  if (typeof v.hyperlink === 'string') urls.push(v.hyperlink);
  const formula = typeof v.formula === 'string' ? v.formula : '';
  for (const m of formula.matchAll(/"((?:https?|ftp):\/\/[^"]+)"/gi)) urls.push(m[1]!);
  return [...new Set(urls)].filter((u) => !shown.includes(u));
}
