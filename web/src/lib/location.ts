/**
 * Where in a document, in words: "page 3", "paragraph 12 (table 1, row 2,
 * column 3)", "sheet Register, cell B4", "line 40".
 */

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A source location as people read it. */
export function describeLocation(location: Record<string, unknown> | null | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  const page = num(location.page);
  const paragraph = num(location.paragraph);
  const line = num(location.line);
  if (typeof location.sheet === 'string') parts.push(`sheet ${location.sheet}${typeof location.cell === 'string' ? `, cell ${location.cell}` : ''}`);
  if (page !== undefined) parts.push(`page ${page}`);
  if (paragraph !== undefined) parts.push(`paragraph ${paragraph}`);
  if (line !== undefined) parts.push(`line ${line}${num(location.column) !== undefined ? `, column ${String(location.column)}` : ''}`);
  const table = location.table as { index?: unknown; row?: unknown; column?: unknown } | undefined;
  if (table && num(table.index) !== undefined) parts.push(`table ${String(table.index)}, row ${String(table.row)}, column ${String(table.column)}`);
  if (typeof location.part === 'string' && location.part !== 'word/document.xml') parts.push(`in ${location.part.replace(/^word\//, '').replace(/\.xml$/, '')}`);
  return parts.join(', ');
}
