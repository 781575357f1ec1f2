/**
 * Where a finding is, written the way a reader of that document looks for it:
 * `14:3` (line:column) in text files, `p.2 ¶14` in a PDF, `Sheet1!C4` in a
 * workbook, `¶9` in a Word document, `footnotes ¶3` outside the body.
 */
import type { SourceLocation } from '../doc-model/types.js';

/**
 * How a finding's line and column relate to the file's own text:
 * - `exact`: the reader's text is the file's text (plain text, Markdown), so the
 *   match's length gives its end and a text fix can be offered;
 * - `start`: the start is a line/column of the file, but the text was decoded
 *   (HTML entities such as `&sect;`), so the end is unknown;
 * - `none`: lines, if any, are not lines of the file's bytes (Word, PDF, Excel).
 */
export type LineMapping = 'exact' | 'start' | 'none';

const MAPPING_BY_FORMAT: Record<string, LineMapping> = { txt: 'exact', md: 'exact', html: 'start' };
const MAPPING_BY_EXTENSION: [RegExp, LineMapping][] = [
  [/\.(?:md|markdown|txt|text)$/i, 'exact'],
  [/\.html?$/i, 'start'],
];

/** A short, human label for a location; `-` when nothing is known. */
export function formatLocation(loc: SourceLocation): string {
  const parts: string[] = [];
  const part = wordPartLabel(loc.part);
  if (part) parts.push(part);
  if (loc.sheet !== undefined || loc.cell !== undefined) parts.push(cellRef(loc.sheet, loc.cell));
  if (loc.page !== undefined) parts.push(`p.${loc.page}`);
  if (loc.line !== undefined) parts.push(loc.column !== undefined ? `${loc.line}:${loc.column}` : `${loc.line}`);
  else if (loc.paragraph !== undefined) parts.push(`¶${loc.paragraph}`);
  return parts.length > 0 ? parts.join(' ') : '-';
}

/** The line mapping of a file, from its format or, when unknown, its extension. */
export function lineMapping(path: string, format: string | undefined): LineMapping {
  if (format !== undefined && format !== 'unknown') return MAPPING_BY_FORMAT[format] ?? 'none';
  return MAPPING_BY_EXTENSION.find(([re]) => re.test(path))?.[1] ?? 'none';
}

/** `Sheet1!C4`, quoting the sheet name as Excel does when it has spaces or punctuation. */
function cellRef(sheet: string | undefined, cell: string | undefined): string {
  if (sheet === undefined) return cell ?? '';
  const name = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return cell === undefined ? name : `${name}!${cell}`;
}

/** `word/footnotes.xml` → `footnotes`; the main body (`word/document.xml`) needs no label. */
function wordPartLabel(part: string | undefined): string | undefined {
  const m = /^word\/([^/]+)\.xml$/.exec(part ?? '');
  return m && m[1] !== 'document' ? m[1] : undefined;
}
