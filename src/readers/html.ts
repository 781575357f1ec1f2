/**
 * HTML reader (parse5 with source locations): a block per block-level element
 * (p, li, td/th, h1–h6, pre, div and other containers with their own text),
 * entities decoded, whitespace collapsed outside `pre`, script/style/head
 * skipped, exact line and column for every character. A link whose `href`
 * differs from its text also gives a 'link' block located at the URL in the
 * source, as in Markdown. `<meta charset>` is not consulted; the encoding is
 * detected from the bytes.
 */
import { defaultTreeAdapter, parse, type DefaultTreeAdapterMap, type TreeAdapter } from 'parse5';
import type { BlockKind, SourceLocation, TextBlock, TextDocument } from '../doc-model/types.js';
import { alignOffsets } from './align.js';
import { BlockBuilder } from './block-builder.js';
import { decodeText } from './encoding.js';
import { LineIndex } from './line-index.js';
import type { ReadContext } from './options.js';
import { assignSections } from './sections.js';

type Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['document'];
type Element = DefaultTreeAdapterMap['element'];

const SKIP = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'legend',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/**
 * parse5's tree with one change: a text node's end location is updated with a
 * new object of the same six fields instead of an object spread. parse5 does
 * that for every run of words and of white space, and the spread was a sixth
 * of the reader's time.
 */
const treeAdapter: TreeAdapter<DefaultTreeAdapterMap> = {
  ...defaultTreeAdapter,
  updateNodeSourceCodeLocation(node, end) {
    const l = node.sourceCodeLocation;
    const { endLine, endCol, endOffset } = end;
    if (node.nodeName === '#text' && l && endLine !== undefined && endCol !== undefined && endOffset !== undefined) {
      node.sourceCodeLocation = { startLine: l.startLine, startCol: l.startCol, startOffset: l.startOffset, endLine, endCol, endOffset };
    } else {
      defaultTreeAdapter.updateNodeSourceCodeLocation(node, end);
    }
  },
};

interface Context {
  kind: BlockKind;
  level?: number;
  pre: boolean;
  base: SourceLocation;
}

/** Reads an HTML file. */
export async function readHtml(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  const { text, encoding } = decodeText(data);
  const lines = new LineIndex(text);
  const collector = new HtmlBlocks(lines);
  collector.visit(parse(text, { sourceCodeLocationInfo: true, treeAdapter }));
  collector.flush();
  assignSections(collector.blocks);
  const doc: TextDocument = { path: ctx.path, format: 'html', blocks: collector.blocks, warnings: [] };
  if (collector.title) doc.title = collector.title;
  if (encoding === 'windows-1252') doc.warnings.push('The file is not UTF-8; it was read as Windows-1252 (Western European).');
  return doc;
}

class HtmlBlocks {
  readonly blocks: TextBlock[] = [];
  title?: string;
  private ctx: Context = { kind: 'paragraph', pre: false, base: {} };
  private current?: BlockBuilder;
  private links: { url: string; from: number; to: number }[] = [];
  private readonly tables: { index: number; row: number; column: number }[] = [];
  private tableCount = 0;

  constructor(private readonly lines: LineIndex) {}

  visit(node: Node): void {
    if (node.nodeName === '#text' && 'value' in node) return this.text(node.value, node.sourceCodeLocation?.startOffset, node.sourceCodeLocation?.endOffset);
    if (!('tagName' in node)) {
      if ('childNodes' in node) for (const child of node.childNodes) this.visit(child);
      return;
    }
    const tag = node.tagName;
    if (tag === 'title') {
      this.title = node.childNodes.map((c) => ('value' in c ? c.value : '')).join('').replace(/\s+/g, ' ').trim() || undefined;
      return;
    }
    if (tag === 'head') {
      for (const child of node.childNodes) if ('tagName' in child && child.tagName === 'title') this.visit(child);
      return;
    }
    if (SKIP.has(tag)) return;
    if (tag === 'br') {
      this.builder().appendAt('\n', node.sourceCodeLocation?.startOffset ?? 0);
      return;
    }
    if (!BLOCK.has(tag)) {
      for (const child of node.childNodes) this.visit(child);
      if (tag === 'a') this.link(node);
      return;
    }
    this.flush();
    const saved = this.ctx;
    if (tag === 'table') this.tables.push({ index: ++this.tableCount, row: 0, column: 0 });
    const table = this.tables[this.tables.length - 1];
    if (tag === 'tr' && table) {
      table.row++;
      table.column = 0;
    }
    this.ctx = this.contextFor(tag, table, saved);
    for (const child of node.childNodes) this.visit(child);
    this.flush();
    this.ctx = saved;
    if (tag === 'table') this.tables.pop();
  }

  /** Emits the block collected so far, then the links found in it. */
  flush(): void {
    const b = this.current;
    this.current = undefined;
    if (b) {
      b.text = b.text.trimEnd();
      const last = b.segments[b.segments.length - 1];
      if (last) last.end = Math.min(last.end, b.text.length);
      if (b.hasText()) this.blocks.push(b.build(this.ctx.kind, this.ctx.level ? { level: this.ctx.level } : {}));
    }
    for (const l of this.links) {
      const lb = new BlockBuilder(this.lines);
      lb.appendMapped(l.url, alignOffsets(l.url, this.lines.text, l.from, l.to));
      if (lb.hasText()) this.blocks.push(lb.build('link'));
    }
    this.links = [];
  }

  private contextFor(tag: string, table: { index: number; row: number; column: number } | undefined, parent: Context): Context {
    if (tag === 'td' || tag === 'th') {
      if (table) table.column++;
      const base: SourceLocation = table ? { table: { index: table.index, row: table.row, column: table.column } } : {};
      return { kind: 'table-cell', pre: parent.pre, base };
    }
    if (/^h[1-6]$/.test(tag)) return { kind: 'heading', level: Number(tag[1]), pre: false, base: {} };
    if (tag === 'li') return { kind: 'list-item', pre: false, base: {} };
    if (tag === 'pre') return { kind: 'code', pre: true, base: {} };
    // Other containers keep the kind of the block around them (a div in a cell is still the cell).
    return { ...parent, kind: parent.kind === 'heading' ? 'paragraph' : parent.kind };
  }

  private builder(): BlockBuilder {
    this.current ??= new BlockBuilder(this.lines, this.ctx.base);
    return this.current;
  }

  private text(value: string, start: number | undefined, end: number | undefined): void {
    if (start === undefined || end === undefined || !value) return;
    const src = this.lines.text;
    // Most text nodes are the source itself (no entity, no \r): each character is at its own offset.
    if (value.length === end - start && src.startsWith(value, start)) return this.sourceText(start, end);
    const offsets = alignOffsets(value, src, start, end);
    if (this.ctx.pre) return this.builder().appendMapped(value, offsets);
    // Collapse whitespace as a browser shows it, keeping each kept character's offset.
    let out = '';
    const outOffsets: number[] = [];
    const b = this.current;
    let prevSpace = !b || endsWithSpace(b.text);
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      const space = c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';
      if (space && prevSpace) continue;
      out += space ? ' ' : c;
      outOffsets.push(offsets[i]!);
      prevSpace = space;
    }
    if (out) this.builder().appendMapped(out, outOffsets);
  }

  /** `text` for a node whose value is the source slice [start, end): the same result without offset arrays. */
  private sourceText(start: number, end: number): void {
    if (this.ctx.pre) return this.builder().appendSource(start, end);
    const src = this.lines.text;
    let prevSpace = !this.current || endsWithSpace(this.current.text);
    // A stretch kept as it is in the source (words and single spaces) is appended in one go.
    let kept = -1;
    for (let p = start; p < end; p++) {
      const c = src.charCodeAt(p);
      const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 12;
      if (!space || (c === 32 && !prevSpace)) {
        if (kept < 0) kept = p;
        prevSpace = space;
        continue;
      }
      if (kept >= 0) this.builder().appendSource(kept, p);
      kept = -1;
      if (!prevSpace) this.builder().appendChar(' ', p);
      prevSpace = true;
    }
    if (kept >= 0) this.builder().appendSource(kept, end);
  }

  private link(el: Element): void {
    const href = el.attrs.find((a) => a.name === 'href')?.value;
    const loc = el.sourceCodeLocation?.attrs?.['href'];
    if (!href || !loc || href.startsWith('#') || href.startsWith('javascript:')) return;
    const visible = el.childNodes.map((c) => ('value' in c ? c.value : '')).join('').trim();
    if (visible && (visible.includes(href) || href.endsWith(visible))) return;
    const eq = this.lines.text.indexOf('=', loc.startOffset);
    this.links.push({ url: href, from: eq >= 0 && eq < loc.endOffset ? eq + 1 : loc.startOffset, to: loc.endOffset });
  }
}

/** Whether `text` is empty or ends with white space (`/\s$/`). */
function endsWithSpace(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(text.length - 1);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(text[text.length - 1]!);
}
