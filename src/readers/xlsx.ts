/**
 * Excel reader (.xlsx, .xlsm): the sheet XML read directly from the package
 * (our zip reader with its zip-bomb limits, our XML parser that refuses
 * DOCTYPEs), one block of kind 'cell' per non-empty cell, located by sheet
 * name and A1 address. Only the parts that hold cell text are unpacked:
 * workbook, its relationships, shared strings and the worksheets.
 *
 * - Sheets in workbook order (`xl/workbook.xml`), found through the workbook's
 *   relationships; a `xl/worksheets/sheetN.xml` the workbook does not list is
 *   read after them, named "SheetN". Chart sheets and macro sheets have no cells.
 * - Shared strings: plain or rich text (runs joined); phonetic guides
 *   (`rPh`, furigana over Japanese text) are not text.
 * - Cells by type: shared (`s`) and inline (`inlineStr`, runs joined) strings,
 *   formula strings (`str`), numbers as JavaScript writes them (`820.3`; dates
 *   stay serial numbers, styles are not read), booleans as `true`/`false`, ISO
 *   dates (`d`) as written; errors (`#N/A`) give no block.
 * - A formula gives its cached result, never the formula; a formula whose
 *   result is 0, false or empty gives no block (as exceljs, the reader this
 *   replaces, did). URLs written inside a formula
 *   (`HYPERLINK("https://…?fr=820.30", …)`) give 'link' blocks at the cell.
 * - Address from the cell's `r` (column) and its row's `r`; when either is
 *   missing (allowed, and written by some generators) it is counted from the
 *   previous cell or row. Within a row, cells come in column order; of two
 *   cells at one address the later wins.
 * - Hyperlinks set on cells, comments, notes, data validations and styles are
 *   not read.
 */
import type { TextBlock, TextDocument } from '../doc-model/types.js';
import { ReadError } from './errors.js';
import { readRelationships } from './opc.js';
import { checkAborted, type ReadContext } from './options.js';
import { attr, parseXml, type XmlTag } from './xml.js';
import { openZip, type SafeZip } from './zip.js';

const WORKBOOK = 'xl/workbook.xml';
const SML_NS = new Set(['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main', '']);
/** Worksheet parts exceljs found by name; still read when the workbook does not list them. */
const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
const MAX_COLUMN = 16384;

/** Reads an Excel workbook. */
export async function readXlsx(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  const zip = await openZip(data, ctx, { app: 'Excel', extension: '.xlsx' });
  if (!zip.has(WORKBOOK)) {
    throw new ReadError('damaged-file', 'This zip package is not an Excel workbook (it may be a Word or PowerPoint file with the wrong extension, or a damaged .xlsx).');
  }
  const blocks: TextBlock[] = [];
  try {
    const rels = await readRelationships(zip, 'xl/_rels/workbook.xml.rels', 'xl/');
    const sheets = await listSheets(zip, rels);
    let sharedPart = 'xl/sharedStrings.xml';
    for (const r of rels.values()) if (!r.external && r.type.endsWith('/sharedStrings')) sharedPart = r.target;
    const shared = zip.has(sharedPart) ? await readSharedStrings(zip, sharedPart) : [];
    for (const sheet of sheets) {
      checkAborted(ctx);
      const reader = new SheetReader(sheet.name, shared, blocks, ctx);
      parseXml(sheet.part, await zip.text(sheet.part), reader);
    }
  } catch (err) {
    if (err instanceof ReadError || (err instanceof Error && err.name === 'AbortError')) throw err;
    throw new ReadError('damaged-file', 'The workbook is damaged and cannot be read.', { cause: err });
  }
  return { path: ctx.path, format: 'xlsx', blocks, warnings: [] };
}

type Relationships = Awaited<ReturnType<typeof readRelationships>>;

/** The worksheets to read, in order, with their names. */
async function listSheets(zip: SafeZip, rels: Relationships): Promise<{ name: string; part: string }[]> {
  const sheets: { name: string; part: string }[] = [];
  const seen = new Set<string>();
  const path: string[] = [];
  parseXml(WORKBOOK, await zip.text(WORKBOOK), {
    open(tag) {
      path.push(tag.local);
      if (tag.local !== 'sheet' || path[path.length - 2] !== 'sheets' || !SML_NS.has(tag.uri)) return;
      const id = attr(tag, 'id');
      const rel = id === undefined ? undefined : rels.get(id);
      if (!rel || rel.external || !(rel.type.endsWith('/worksheet') || SHEET_PART.test(rel.target))) return;
      const key = rel.target.toLowerCase();
      if (!zip.has(rel.target) || seen.has(key)) return;
      seen.add(key);
      sheets.push({ name: attr(tag, 'name') ?? 'Sheet', part: rel.target });
    },
    close() {
      path.pop();
    },
  });
  for (const name of zip.names()) {
    const m = SHEET_PART.exec(name);
    if (m && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      sheets.push({ name: `Sheet${m[1]!}`, part: name });
    }
  }
  return sheets;
}

/** The shared string table: each item's text, runs joined, phonetic guides left out. */
async function readSharedStrings(zip: SafeZip, part: string): Promise<string[]> {
  const out: string[] = [];
  let text = '';
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  parseXml(part, await zip.text(part), {
    open(tag) {
      if (!SML_NS.has(tag.uri)) return;
      switch (tag.local) {
        case 'si':
          inItem = true;
          text = '';
          return;
        case 'rPh':
          phonetic++;
          return;
        case 't':
          inText = inItem && phonetic === 0;
          return;
      }
    },
    close(tag) {
      if (!SML_NS.has(tag.uri)) return;
      switch (tag.local) {
        case 'si':
          out.push(text);
          inItem = false;
          return;
        case 'rPh':
          phonetic--;
          return;
        case 't':
          inText = false;
          return;
      }
    },
    text(t) {
      if (inText) text += t;
    },
  });
  return out;
}

interface Cell {
  column: number;
  type: string | undefined;
  /** The formula's text; undefined without a formula. */
  formula?: string;
  /** The value (`v`) or inline string text; undefined without one. */
  value?: string;
}

/** SAX handler turning one worksheet's cells into blocks. */
class SheetReader {
  private inSheetData = false;
  private rowNumber = 0;
  /** The open row's own `r`, if it has one. */
  private rowAttr: number | undefined;
  /** The row number the open row's first cell reference states. */
  private rowFromCell: number | undefined;
  private cells: Cell[] = [];
  private cell: Cell | undefined;
  /** Where text goes: the cell's formula, its value, or nowhere. */
  private capture: 'formula' | 'value' | undefined;
  private inInline = false;
  private phonetic = 0;

  constructor(
    private readonly sheet: string,
    private readonly shared: readonly string[],
    private readonly blocks: TextBlock[],
    private readonly ctx: ReadContext,
  ) {}

  open = (tag: XmlTag): void => {
    if (!SML_NS.has(tag.uri)) return;
    switch (tag.local) {
      case 'sheetData':
        this.inSheetData = true;
        return;
      case 'row':
        if (!this.inSheetData) return;
        this.rowAttr = positiveInt(attr(tag, 'r'));
        this.rowFromCell = undefined;
        this.cells = [];
        return;
      case 'c': {
        if (!this.inSheetData) return;
        const ref = parseRef(attr(tag, 'r'));
        const previous = this.cells[this.cells.length - 1];
        if (ref?.row !== undefined && this.cells.length === 0) this.rowFromCell = ref.row;
        this.cell = { column: ref?.column ?? (previous ? previous.column + 1 : 1), type: attr(tag, 't') };
        this.cells.push(this.cell);
        return;
      }
      case 'f':
        if (!this.cell) return;
        this.cell.formula = '';
        this.capture = 'formula';
        return;
      case 'v':
        if (!this.cell) return;
        this.cell.value = '';
        this.capture = 'value';
        return;
      case 'is':
        if (!this.cell) return;
        this.cell.value = '';
        this.inInline = true;
        return;
      case 'rPh':
        this.phonetic++;
        return;
      case 't':
        if (this.cell && this.inInline && this.phonetic === 0) this.capture = 'value';
        return;
    }
  };

  close = (tag: XmlTag): void => {
    if (!SML_NS.has(tag.uri)) return;
    switch (tag.local) {
      case 'sheetData':
        this.inSheetData = false;
        return;
      case 'row':
        if (this.inSheetData) this.closeRow();
        return;
      case 'c':
        this.cell = undefined;
        this.capture = undefined;
        this.inInline = false;
        return;
      case 'f':
      case 'v':
      case 't':
        this.capture = undefined;
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'rPh':
        this.phonetic--;
        return;
    }
  };

  text = (text: string): void => {
    const c = this.cell;
    if (!c || !this.capture) return;
    if (this.capture === 'formula') c.formula += text;
    else c.value += text;
  };

  private closeRow(): void {
    checkAborted(this.ctx);
    this.rowNumber = this.rowAttr ?? this.rowFromCell ?? this.rowNumber + 1;
    // Column order; of two cells at one column, the later one that has content. Usually the row is in order already.
    let ordered = this.cells.filter((c) => c.formula !== undefined || c.value !== undefined);
    if (ordered.some((c, i) => i > 0 && c.column <= ordered[i - 1]!.column)) {
      const byColumn = new Map<number, Cell>();
      for (const c of ordered) byColumn.set(c.column, c);
      ordered = [...byColumn.values()].sort((a, b) => a.column - b.column);
    }
    for (const c of ordered) {
      const location = { sheet: this.sheet, cell: columnName(c.column) + String(this.rowNumber) };
      const text = this.textOf(c);
      if (/\S/.test(text)) this.blocks.push({ kind: 'cell', text, location });
      for (const url of urlsIn(c.formula, text)) this.blocks.push({ kind: 'link', text: url, location: { ...location } });
    }
    this.cells = [];
  }

  /** The text a cell shows. */
  private textOf(c: Cell): string {
    const v = c.value;
    if (v === undefined) return '';
    if (c.formula !== undefined) {
      if (c.type === 'str') return v;
      if (c.type === 'e') return '';
      // A numeric result of 0 (also false) gave exceljs no result for a formula cell, but did for the other cells of a shared formula (empty `f`).
      const n = number(v);
      return c.formula === '' || n !== '0' ? n : '';
    }
    switch (c.type) {
      case 's':
        return this.shared[Number.parseInt(v, 10)] ?? '';
      case 'inlineStr':
      case 'str':
      case 'd':
        return v;
      case 'e':
        return '';
      case 'b':
        return Number.parseInt(v, 10) !== 0 ? 'true' : 'false';
      default:
        return number(v);
    }
  }
}

/** A number as exceljs gave it (`parseFloat`, then JavaScript's own notation); '' when it is not one. */
function number(v: string): string {
  const n = Number.parseFloat(v);
  return Number.isNaN(n) ? '' : String(n);
}

function positiveInt(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return n > 0 ? n : undefined;
}

/**
 * Column (1-based) and row of an A1 reference (`$` allowed, as `/^\$?([A-Z]{1,3})?\$?(\d+)?$/i`);
 * undefined parts when absent or invalid.
 */
function parseRef(ref: string | undefined): { column?: number; row?: number } | undefined {
  if (!ref) return undefined;
  const s = ref.trim();
  let i = s.charCodeAt(0) === 36 ? 1 : 0;
  let column = 0;
  let letters = 0;
  for (let c = s.charCodeAt(i) | 32; c >= 97 && c <= 122; c = s.charCodeAt(i) | 32) {
    column = column * 26 + c - 96;
    letters++;
    i++;
  }
  if (letters > 3) return undefined;
  if (s.charCodeAt(i) === 36) i++;
  let row = 0;
  const digits = i;
  for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(i)) {
    row = row * 10 + c - 48;
    i++;
  }
  if (i !== s.length) return undefined;
  const out: { column?: number; row?: number } = {};
  if (letters > 0 && column <= MAX_COLUMN) out.column = column;
  if (i > digits && row > 0) out.row = row;
  return out;
}

/** A1 column letters of a 1-based column number. */
export function columnName(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function urlsIn(formula: string | undefined, shown: string): string[] {
  if (!formula) return [];
  const urls: string[] = [];
  for (const m of formula.matchAll(/"((?:https?|ftp):\/\/[^"]+)"/gi)) urls.push(m[1]!);
  return [...new Set(urls)].filter((u) => !shown.includes(u));
}
