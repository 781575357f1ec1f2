/**
 * Markdown reader (remark-parse + remark-gfm): a block per paragraph, heading,
 * list-item paragraph, table cell and code block, with exact line and column
 * for every character (segments come from matching the parsed text against
 * the source, so escapes, entities and markup are accounted for).
 *
 * Links: the block holds the visible text, as a reader sees it. The link
 * target is not lost: each URL that differs from the visible text gets its own
 * block of kind 'link' right after the block that holds the link, located at
 * the URL in the source, so `?fr=820.30`-style citations are found and can be
 * fixed in place. Reference definitions (`[x]: url`) give 'link' blocks too.
 * Wiki links such as `[[21.CFR.820.20.b.3.i]]` are not Markdown syntax and stay
 * literal text. YAML front matter is one 'front-matter' block; raw HTML is
 * kept verbatim as a paragraph.
 */
import type { Nodes, PhrasingContent, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { BlockKind, TextBlock, TextDocument } from '../doc-model/types.js';
import { alignOffsets } from './align.js';
import { BlockBuilder } from './block-builder.js';
import { decodeText } from './encoding.js';
import { LineIndex } from './line-index.js';
import type { ReadContext } from './options.js';
import { assignSections } from './sections.js';

const parser = unified().use(remarkParse).use(remarkGfm);

interface LinkTarget {
  url: string;
  from: number;
  to: number;
}

/** Reads a Markdown file. */
export async function readMarkdown(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  const { text, encoding } = decodeText(data);
  const lines = new LineIndex(text);
  const collector = new MarkdownBlocks(lines);
  const fm = frontMatter(lines);
  let body = text;
  if (fm) {
    collector.frontMatter(fm.from, fm.to);
    body = text.slice(0, fm.end).replace(/[^\r\n]/g, ' ') + text.slice(fm.end);
  }
  collector.walk(parser.parse(body) as Root, false);
  assignSections(collector.blocks);
  const doc: TextDocument = { path: ctx.path, format: 'md', blocks: collector.blocks, warnings: [] };
  if (encoding === 'windows-1252') doc.warnings.push('The file is not UTF-8; it was read as Windows-1252 (Western European).');
  const h1 = collector.blocks.find((b) => b.kind === 'heading' && b.level === 1);
  if (h1) doc.title = h1.text.trim();
  return doc;
}

/** `---` on line 1 up to a closing `---` or `...` line: the YAML lines between, and where the whole thing ends. */
function frontMatter(lines: LineIndex): { from: number; to: number; end: number } | undefined {
  if (lines.line(1).trimEnd() !== '---') return undefined;
  for (let n = 2; n <= Math.min(lines.starts.length, 1000); n++) {
    const l = lines.line(n).trimEnd();
    if (l === '---' || l === '...') {
      const from = lines.starts[1]!;
      const to = lines.starts[n - 1]!;
      return { from, to, end: to + lines.line(n).length };
    }
  }
  return undefined;
}

class MarkdownBlocks {
  readonly blocks: TextBlock[] = [];
  private tables = 0;

  constructor(private readonly lines: LineIndex) {}

  frontMatter(from: number, to: number): void {
    const b = new BlockBuilder(this.lines);
    b.appendSource(from, to);
    b.text = b.text.replace(/\r?\n$/, '');
    const last = b.segments[b.segments.length - 1];
    if (last) last.end = Math.min(last.end, b.text.length);
    if (b.hasText()) this.blocks.push(b.build('front-matter'));
  }

  walk(node: Nodes, inList: boolean): void {
    switch (node.type) {
      case 'root':
      case 'blockquote':
      case 'list':
      case 'footnoteDefinition':
        for (const child of node.children) this.walk(child, inList);
        return;
      case 'listItem':
        for (const child of node.children) this.walk(child, true);
        return;
      case 'paragraph':
        return this.phrasing(node.children, inList ? 'list-item' : 'paragraph');
      case 'heading':
        return this.phrasing(node.children, 'heading', { level: node.depth });
      case 'table': {
        const index = ++this.tables;
        node.children.forEach((row, r) =>
          row.children.forEach((cell, c) => this.phrasing(cell.children, 'table-cell', {}, { table: { index, row: r + 1, column: c + 1 } })),
        );
        return;
      }
      case 'code':
        return this.code(node.value, node.position?.start.offset, node.position?.end.offset);
      case 'html':
        return this.verbatim(node.value, node.position?.start.offset, node.position?.end.offset);
      case 'definition': {
        const [from, to] = range(node);
        const open = this.lines.text.indexOf(']:', from);
        return this.links([{ url: node.url, from: open >= 0 && open < to ? open + 2 : from, to }]);
      }
      default:
        return;
    }
  }

  private phrasing(nodes: PhrasingContent[], kind: BlockKind, extra: Partial<TextBlock> = {}, base = {}): void {
    const b = new BlockBuilder(this.lines, base);
    const links: LinkTarget[] = [];
    this.inline(b, nodes, links);
    if (b.hasText()) this.blocks.push(b.build(kind, extra));
    this.links(links);
  }

  private inline(b: BlockBuilder, nodes: PhrasingContent[], links: LinkTarget[]): void {
    const src = this.lines.text;
    for (const node of nodes) {
      const [from, to] = range(node);
      switch (node.type) {
        case 'text':
        case 'inlineCode':
          b.appendMapped(node.value, alignOffsets(node.value, src, from, to));
          break;
        case 'break':
          b.appendAt('\n', from);
          break;
        case 'emphasis':
        case 'strong':
        case 'delete':
        case 'linkReference':
          this.inline(b, node.children, links);
          break;
        case 'link': {
          const before = b.text.length;
          this.inline(b, node.children, links);
          const visible = b.text.slice(before).trim();
          if (node.url && !(visible && (visible.includes(node.url) || node.url.endsWith(visible)))) {
            const lastChild = node.children[node.children.length - 1];
            const after = lastChild ? range(lastChild)[1] : from;
            const open = src.indexOf('](', after);
            links.push({ url: node.url, from: open >= 0 && open < to ? open + 2 : after, to });
          }
          break;
        }
        case 'image':
        case 'imageReference':
          if (node.alt) b.appendMapped(node.alt, alignOffsets(node.alt, src, from + 2, to));
          if (node.type === 'image' && node.url) {
            const open = src.indexOf('](', from);
            links.push({ url: node.url, from: open >= 0 && open < to ? open + 2 : from, to });
          }
          break;
        default:
          break; // inline HTML tags, footnote references: markup, not text
      }
    }
  }

  private links(targets: LinkTarget[]): void {
    for (const t of targets) {
      const b = new BlockBuilder(this.lines);
      b.appendMapped(t.url, alignOffsets(t.url, this.lines.text, t.from, t.to));
      if (b.hasText()) this.blocks.push(b.build('link'));
    }
  }

  private code(value: string, start: number | undefined, end: number | undefined): void {
    if (!value || start === undefined || end === undefined) return;
    const src = this.lines.text;
    const { line } = this.lines.at(start);
    const fenced = /^[ \t]*(`{3,}|~{3,})/.test(src.slice(this.lines.starts[line - 1]!, start + 4));
    const from = fenced ? (this.lines.starts[line] ?? end) : start;
    const b = new BlockBuilder(this.lines);
    b.appendMapped(value, alignOffsets(value, src, from, end));
    if (b.hasText()) this.blocks.push(b.build('code'));
  }

  private verbatim(value: string, start: number | undefined, end: number | undefined): void {
    if (start === undefined || end === undefined) return;
    const b = new BlockBuilder(this.lines);
    b.appendMapped(value, alignOffsets(value, this.lines.text, start, end));
    if (b.hasText()) this.blocks.push(b.build('paragraph'));
  }
}

function range(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): [number, number] {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}
