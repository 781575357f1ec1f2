/**
 * Reading order of one PDF page from positioned text items: columns are found
 * as vertical gutters (x ranges almost no text crosses, with text on both
 * sides), items that cross a gutter (titles, running heads) are read where
 * they stand, and between them the left column is read before the right one.
 * Inside a column, items are grouped into lines by vertical overlap and
 * ordered by x.
 */

/** A text item in page coordinates (points; y grows upwards, `y` is the baseline). */
export interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size. */
  size: number;
}

/** One rebuilt line. */
export interface PdfLine {
  text: string;
  /** Baseline of the line's largest item. */
  y: number;
  x: number;
  size: number;
}

const MAX_DEPTH = 6;

/** Lines of a page in reading order. */
export function pageLines(items: readonly PdfItem[]): PdfLine[] {
  const usable = items.filter((i) => i.str.trim() !== '' && Number.isFinite(i.x) && Number.isFinite(i.y));
  return order(usable, 0).map(lineOf);
}

function order(items: PdfItem[], depth: number): PdfItem[][] {
  const gutter = depth < MAX_DEPTH ? findGutter(items) : undefined;
  if (!gutter) return rows(items);
  const [g0, g1] = gutter;
  const crosses = (i: PdfItem): boolean => i.x < g1 && i.x + i.width > g0;
  const spanning = rows(items.filter(crosses));
  const rest = items.filter((i) => !crosses(i));
  const out: PdfItem[][] = [];
  let band: PdfItem[] = [];
  const flushBand = (): void => {
    if (band.length === 0) return;
    out.push(...order(band.filter((i) => i.x + i.width <= g0), depth + 1));
    out.push(...order(band.filter((i) => i.x >= g1), depth + 1));
    band = [];
  };
  // Walk down the page: spanning rows cut the columns into bands.
  const byY = [...rest].sort((a, b) => b.y - a.y);
  let k = 0;
  for (const row of spanning) {
    const y = rowY(row);
    while (k < byY.length && byY[k]!.y > y) band.push(byY[k++]!);
    flushBand();
    out.push(row);
  }
  while (k < byY.length) band.push(byY[k++]!);
  flushBand();
  return out;
}

/**
 * The widest x range that at most a few items cross, with at least a fifth of
 * the text on each side: a column gutter. Undefined for single-column text.
 */
function findGutter(items: readonly PdfItem[]): [number, number] | undefined {
  if (items.length < 6) return undefined;
  const minX = Math.min(...items.map((i) => i.x));
  const maxX = Math.max(...items.map((i) => i.x + i.width));
  const span = Math.ceil(maxX - minX);
  if (span < 20 || span > 20000) return undefined;
  const cover = new Uint32Array(span + 1);
  for (const i of items) {
    const a = Math.max(0, Math.floor(i.x - minX));
    const b = Math.min(span, Math.ceil(i.x + i.width - minX));
    for (let x = a; x < b; x++) cover[x]!++;
  }
  const sizes = items.map((i) => i.size).sort((a, b) => a - b);
  const minWidth = Math.max(8, 0.8 * sizes[sizes.length >> 1]!);
  const allowed = Math.max(1, Math.floor(items.length * 0.05));
  const totalChars = items.reduce((n, i) => n + i.str.length, 0);
  let best: [number, number] | undefined;
  let bestScore = 0;
  for (let x = 0; x <= span; ) {
    if (cover[x]! > allowed) {
      x++;
      continue;
    }
    let end = x;
    while (end <= span && cover[end]! <= allowed) end++;
    const g0 = minX + x;
    const g1 = minX + end;
    if (x > 0 && end <= span && g1 - g0 >= minWidth) {
      let left = 0;
      let right = 0;
      for (const i of items) {
        if (i.x + i.width <= g0) left += i.str.length;
        else if (i.x >= g1) right += i.str.length;
      }
      const score = Math.min(left, right);
      if (left >= totalChars * 0.2 && right >= totalChars * 0.2 && score > bestScore) {
        best = [g0, g1];
        bestScore = score;
      }
    }
    x = end + 1;
  }
  return best;
}

/** Groups items into rows by vertical overlap, top to bottom; each row sorted by x. */
function rows(items: readonly PdfItem[]): PdfItem[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const out: { anchor: PdfItem; items: PdfItem[] }[] = [];
  for (const item of sorted) {
    const row = out[out.length - 1];
    if (row && sameRow(row.anchor, item)) {
      row.items.push(item);
      if (item.size > row.anchor.size) row.anchor = item;
    } else out.push({ anchor: item, items: [item] });
  }
  return out.map((r) => r.items.sort((a, b) => a.x - b.x));
}

/** Vertical extents (descent 0.2 em, ascent 0.8 em) overlap by half of the smaller one. */
function sameRow(a: PdfItem, b: PdfItem): boolean {
  const a0 = a.y - 0.2 * a.size;
  const a1 = a.y + 0.8 * a.size;
  const b0 = b.y - 0.2 * b.size;
  const b1 = b.y + 0.8 * b.size;
  const overlap = Math.min(a1, b1) - Math.max(a0, b0);
  return overlap >= 0.5 * Math.min(a1 - a0, b1 - b0);
}

function rowY(row: readonly PdfItem[]): number {
  let best = row[0]!;
  for (const i of row) if (i.size > best.size) best = i;
  return best.y;
}

function lineOf(row: readonly PdfItem[]): PdfLine {
  let text = '';
  let prev: PdfItem | undefined;
  let size = 0;
  for (const item of row) {
    size = Math.max(size, item.size);
    if (prev) {
      // Fake bold: the same string printed twice a hair apart.
      if (item.str === prev.str && Math.abs(item.x - prev.x) < 0.3 * item.size) continue;
      const gap = item.x - (prev.x + prev.width);
      if (gap > 0.15 * Math.min(item.size, prev.size) && !/\s$/.test(text) && !/^\s/.test(item.str)) text += ' ';
    }
    text += item.str;
    prev = item;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), y: rowY(row), x: row[0]!.x, size };
}
