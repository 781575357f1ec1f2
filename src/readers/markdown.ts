/**
 * Markdown reader (markdown-it, CommonMark, plus the parts of GitHub Flavored
 * Markdown that decide what is text: tables, strikethrough with one or two
 * tildes, task-list checkboxes, footnotes and autolink literals): a block per
 * paragraph, heading, list-item paragraph, table cell and code block, with
 * exact line and column for every character.
 *
 * Where each character comes from: markdown-it only gives a block's line
 * range (`token.map`) and its content with the container markers (`>`, list
 * indentation) taken off. Every line of that content is the end of its source
 * line, and a table cell is a slice of its row, so each content character has
 * one source offset. The inline rules are wrapped to record the content range
 * every inline token was parsed from; the token's text is matched against the
 * source between the offsets of that range (`alignOffsets`), so escapes,
 * entities and markup are accounted for. Line breaks stay as the file has
 * them (`\r\n` too).
 *
 * Links: the block holds the visible text, as a reader sees it. The link
 * target is not lost: each URL that differs from the visible text gets its own
 * block of kind 'link' right after the block that holds the link, located at
 * the URL in the source, so `?fr=820.30`-style citations are found and can be
 * fixed in place. Reference definitions (`[x]: url`) give 'link' blocks too;
 * links and images that use one (`[text][x]`) do not. Bare URLs (`https://…`,
 * `www.…`) are text that emphasis and strikethrough cannot take apart, as on
 * GitHub; their visible text is their URL, so they give no 'link' block.
 * Wiki links such as `[[21.CFR.820.20.b.3.i]]` are not Markdown syntax and
 * stay literal text. Footnote definitions (`[^1]: …`) give their paragraphs;
 * footnote references are markup. YAML front matter is one 'front-matter'
 * block; raw HTML is kept verbatim as a paragraph. Lists and quotes nested
 * over a thousand levels deep are skipped, with a warning.
 */
import type { Env, Token } from 'markdown-it';
import type { BlockKind, SourceLocation, TextBlock, TextDocument } from '../doc-model/types.js';
import { alignOffsets } from './align.js';
import { BlockBuilder } from './block-builder.js';
import { decodeText } from './encoding.js';
import { LineIndex } from './line-index.js';
import type { ReadContext } from './options.js';
import { assignSections } from './sections.js';
import { cellPlaces, definitionUrls, MAX_NESTING, parser, spans, taskMarkers, TOO_DEEP } from './markdown-parser.js';

/** A link's URL and the source range it is matched in. */
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
  const env: Env = {};
  collector.walk(parser.parse(body, env));
  assignSections(collector.blocks);
  const doc: TextDocument = { path: ctx.path, format: 'md', blocks: collector.blocks, warnings: [] };
  if (encoding === 'windows-1252') doc.warnings.push('The file is not UTF-8; it was read as Windows-1252 (Western European).');
  const deep = env[TOO_DEEP];
  if (typeof deep === 'number') doc.warnings.push(`Markdown nested too deep to read (lists and quotes over ${MAX_NESTING} levels) was skipped from line ${deep + 1}.`);
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

  /** Turns markdown-it's block tokens into blocks, in document order. */
  walk(tokens: readonly Token[]): void {
    let lists = 0;
    let heading: { level: number; atx: boolean } | undefined;
    let table = { index: 0, row: 0, column: 0 };
    for (const t of tokens) {
      switch (t.type) {
        case 'list_item_open':
          lists++;
          break;
        case 'list_item_close':
          lists--;
          break;
        case 'heading_open':
          heading = { level: Number(t.tag.slice(1)), atx: t.markup.startsWith('#') };
          break;
        case 'heading_close':
          heading = undefined;
          break;
        case 'table_open':
          table = { index: ++this.tables, row: 0, column: 0 };
          break;
        case 'tr_open':
          table.row++;
          table.column = 0;
          break;
        case 'th_open':
        case 'td_open':
          table.column++;
          break;
        case 'inline':
          if (table.column > 0) this.cell(t, { index: table.index, row: table.row, column: table.column });
          else if (heading) this.phrasing(t, this.blockOffsets(t, heading.atx), 'heading', { level: heading.level });
          else this.phrasing(t, this.blockOffsets(t, false), lists > 0 ? 'list-item' : 'paragraph');
          break;
        case 'th_close':
        case 'td_close':
          break;
        case 'tr_close':
          table.column = 0;
          break;
        case 'table_close':
          table = { index: 0, row: 0, column: 0 };
          break;
        case 'fence':
        case 'code_block':
          this.verbatim(t, t.type === 'fence' ? 1 : 0, 'code');
          break;
        case 'html_block':
          this.verbatim(t, 0, 'paragraph');
          break;
        case 'reference_definition':
          this.definition(t);
          break;
        default:
          break; // containers, rules, footnote definitions: their content comes as its own tokens
      }
    }
  }

  /** A table cell: its content is a slice of the row's line (less the backslashes of `\\|`). */
  private cell(t: Token, table: { index: number; row: number; column: number }): void {
    const place = cellPlaces.get(t);
    if (!place || !t.content) return;
    const start = this.lines.starts[place.line] ?? this.lines.text.length;
    this.phrasing(t, place.columns.map((c) => start + c), 'table-cell', {}, { table });
  }

  /**
   * Source offset of each character of a paragraph's or heading's inline
   * content (and one past its end). An ATX heading's content is a slice of
   * its line; any other content is the ends of consecutive source lines.
   */
  private blockOffsets(t: Token, atx: boolean): number[] {
    const first = t.map?.[0] ?? 0;
    if (atx) {
      const at = this.atxOffsets(t.content, first);
      if (at) return at;
    }
    const marker = taskMarkers.get(t) ?? '';
    const at = this.lineEndOffsets(marker + t.content, first, true);
    return marker ? at.slice(marker.length) : at;
  }

  /** An ATX heading's content sits after the opening `#`s, on the heading's one line. */
  private atxOffsets(content: string, line: number): number[] | undefined {
    const text = this.lines.text;
    const start = this.lines.starts[line] ?? 0;
    const end = this.lineEnd(line);
    let p = text.indexOf('#', start);
    while (p < end && text.charCodeAt(p) === 35) p++;
    const at = content ? text.indexOf(content, p) : p;
    if (at < 0 || at + content.length > end) return undefined;
    const out = new Array<number>(content.length + 1);
    for (let i = 0; i <= content.length; i++) out[i] = at + i;
    return out;
  }

  /**
   * Source offset of each character of `content` (and one past its end),
   * whose lines are the ends of the source lines from `line` (zero-based) on.
   * The last line may have had its trailing white space trimmed. Spaces the
   * parser made from part of a tab sit at that tab.
   */
  private lineEndOffsets(content: string, line: number, trimmedEnd: boolean): number[] {
    const text = this.lines.text;
    const out = new Array<number>(content.length + 1);
    let i = 0;
    let n = line;
    for (;;) {
      const nl = content.indexOf('\n', i);
      const last = nl < 0;
      const stop = last ? content.length : nl;
      const start = this.lines.starts[n] ?? text.length;
      const lineEnd = this.lineEnd(n);
      let p = lineEnd;
      if (last && trimmedEnd) {
        while (p > start && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9)) p--;
      }
      out[stop] = last ? p : lineEnd;
      const copy = p - (stop - i);
      if (copy >= start && text.startsWith(content.slice(i, stop), copy)) {
        // The usual case: the content line is a plain copy of the end of the source line.
        for (let k = i; k < stop; k++) out[k] = copy + k - i;
      } else {
        let j = stop - 1;
        p--;
        while (j >= i && p >= start && (content.charCodeAt(j) === text.charCodeAt(p) || (content.charCodeAt(j) === 0xfffd && text.charCodeAt(p) === 0))) {
          out[j--] = p--;
        }
        // Whatever is left did not come from this line as it stands: spaces from a tab the parser split.
        const rest = Math.max(p, start);
        while (j >= i) out[j--] = rest;
      }
      if (last) return out;
      i = nl + 1;
      n++;
    }
  }

  /** Offset of the end of line `line` (zero-based), before its line break. */
  private lineEnd(line: number): number {
    const text = this.lines.text;
    const next = this.lines.starts[line + 1];
    if (next === undefined) return text.length;
    let end = next - 1;
    if (text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  private phrasing(t: Token, at: readonly number[], kind: BlockKind, extra: Partial<TextBlock> = {}, base: SourceLocation = {}): void {
    const b = new BlockBuilder(this.lines, base);
    const links: LinkTarget[] = [];
    this.inline(b, t.children ?? [], t.content, at, links);
    if (b.hasText()) this.blocks.push(b.build(kind, extra));
    this.links(links);
  }

  /** Appends the text of inline tokens, each matched against the content range it was parsed from. */
  private inline(b: BlockBuilder, tokens: readonly Token[], content: string, at: readonly number[], links: LinkTarget[]): void {
    // Matching happens in the source itself, between the source offsets of the token's content range.
    const append = (value: string, from: number, to: number): void => appendAligned(b, this.lines.text, value, at[from]!, at[to]!);
    const open: { before: number; index: number }[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const [from, to] = spans.get(t) ?? [0, 0];
      switch (t.type) {
        case 'text':
        case 'text_special':
          if (t.content) append(t.content, from, to);
          break;
        case 'softbreak': {
          // The line break as the file has it (`\r\n` stays `\r\n`).
          const nl = content.indexOf('\n', from);
          const value = nl >= 0 && nl < to ? this.lineBreak(at[nl]!) : '\n';
          append(value, from, to);
          break;
        }
        case 'code_inline': {
          const value = this.codeSpan(content, from + t.markup.length, to - t.markup.length, at);
          if (value) append(value, from, to);
          break;
        }
        case 'hardbreak':
          b.appendAt('\n', at[from]!);
          break;
        case 'link_open':
          open.push({ before: b.text.length, index: i });
          break;
        case 'link_close': {
          const link = open.pop();
          const linkOpen = link && tokens[link.index]!;
          const url = linkOpen?.attrGet('href');
          // Links through a reference definition (`[text][x]`) have a label; the definition gives the URL's block.
          if (!link || !linkOpen || typeof url !== 'string' || !url || linkOpen.meta?.label) break;
          const visible = b.text.slice(link.before).trim();
          if (visible && (visible.includes(url) || url.endsWith(visible))) break;
          const [start, end] = spans.get(linkOpen) ?? [0, 0];
          const after = i - 1 > link.index ? (spans.get(tokens[i - 1]!)?.[1] ?? start) : start;
          const bracket = content.indexOf('](', after);
          links.push({ url, from: at[bracket >= 0 && bracket < end ? bracket + 2 : after]!, to: at[end]! });
          break;
        }
        case 'image': {
          const alt = this.withLineBreaks(altText(t.children ?? []), at[from]!, at[to]!);
          if (alt) append(alt, from + 2, to);
          const url = t.attrGet('src');
          if (typeof url === 'string' && url && !t.meta?.label) {
            const bracket = content.indexOf('](', from);
            links.push({ url, from: at[bracket >= 0 && bracket < to ? bracket + 2 : from]!, to: at[to]! });
          }
          break;
        }
        default:
          break; // emphasis, strikethrough, inline HTML tags, footnote references: markup, not text
      }
    }
  }

  /** The line break at source offset `at`: `\r\n`, `\n` or `\r`. */
  private lineBreak(at: number): string {
    const text = this.lines.text;
    const c = text[at];
    if (c === '\r') return text[at + 1] === '\n' ? '\r\n' : '\r';
    return c === '\n' ? c : '\n';
  }

  /**
   * A code span's text: its content between the backtick strings, with one
   * space or line break taken off each end when both ends have one (and
   * there is more). Line breaks stay line breaks, as the file has them.
   */
  private codeSpan(content: string, from: number, to: number, at: readonly number[]): string {
    const edge = (c: string | undefined): boolean => c === ' ' || c === '\n';
    if (to - from > 1 && edge(content[from]) && edge(content[to - 1]) && /[^ \n]/.test(content.slice(from, to))) {
      from++;
      to--;
    }
    let value = '';
    let start = from;
    for (let p = content.indexOf('\n', from); p >= 0 && p < to; p = content.indexOf('\n', p + 1)) {
      value += content.slice(start, p) + this.lineBreak(at[p]!);
      start = p + 1;
    }
    return value + content.slice(start, to);
  }

  /** Text whose `\n`s stand for the line breaks of `source[from, to)`: those line breaks, as the file has them. */
  private withLineBreaks(value: string, from: number, to: number): string {
    if (!value.includes('\n')) return value;
    const breaks = this.lines.text.slice(from, to).match(/\r\n|\r|\n/g) ?? [];
    if (breaks.length !== value.split('\n').length - 1 || breaks.every((br) => br === '\n')) return value;
    let k = 0;
    return value.replace(/\n/g, () => breaks[k++]!);
  }

  /** `value` with offsets, its `\n`s (which the parser made from any line break) turned back into the file's line breaks. */
  private sourceBreaks(value: string, offsets: number[]): { value: string; offsets: number[] } {
    const text = this.lines.text;
    if (!value.includes('\n') || !text.includes('\r')) return { value, offsets };
    let out = '';
    const at: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const o = offsets[i]!;
      if (value[i] === '\n' && text[o] === '\r') {
        out += '\r';
        at.push(o);
        if (text[o + 1] !== '\n') continue;
        out += '\n';
        at.push(o + 1);
        continue;
      }
      out += value[i];
      at.push(o);
    }
    return { value: out, offsets: at };
  }

  private links(targets: LinkTarget[]): void {
    for (const t of targets) {
      const b = new BlockBuilder(this.lines);
      appendAligned(b, this.lines.text, t.url, t.from, t.to);
      if (b.hasText()) this.blocks.push(b.build('link'));
    }
  }

  /** Code and raw HTML, verbatim: the content lines start `skip` lines into the block (past an opening fence). */
  private verbatim(t: Token, skip: number, kind: BlockKind): void {
    if (!t.map) return;
    const value = t.content.endsWith('\n') ? t.content.slice(0, -1) : t.content;
    if (!value) return;
    const b = new BlockBuilder(this.lines);
    const mapped = this.sourceBreaks(value, this.lineEndOffsets(value, t.map[0] + skip, false));
    b.appendMapped(mapped.value, mapped.offsets);
    if (b.hasText()) this.blocks.push(b.build(kind));
  }

  /** `[label]: url`: the URL as a 'link' block, located after the label's `]:`. */
  private definition(t: Token): void {
    const url = definitionUrls.get(t);
    if (!url || !t.map) return;
    const text = this.lines.text;
    const from = this.lines.starts[t.map[0]] ?? text.length;
    const to = this.lineEnd(t.map[1] - 1);
    let p = text.indexOf('[', from) + 1;
    while (p > 0 && p < to && text.charCodeAt(p) !== 93 /* ] */) p += text.charCodeAt(p) === 92 /* \ */ ? 2 : 1;
    const start = p > 0 && p < to && text.charCodeAt(p + 1) === 58 /* : */ ? p + 2 : from;
    this.links([{ url, from: start, to }]);
  }
}

/** Appends `value`, matched against `text[from, to)` (the source): a plain copy of it as it stands, anything else character by character. */
function appendAligned(b: BlockBuilder, text: string, value: string, from: number, to: number): void {
  if (to - from === value.length && text.startsWith(value, from)) b.appendSource(from, to);
  else b.appendMapped(value, alignOffsets(value, text, from, to));
}

/** An image's alt text: the text of its description, without markup (line breaks from soft breaks only). */
function altText(tokens: readonly Token[]): string {
  let alt = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'text_special' || t.type === 'code_inline' || t.type === 'html_inline') alt += t.content;
    else if (t.type === 'softbreak') alt += '\n';
    else if (t.type === 'image') alt += altText(t.children ?? []);
  }
  return alt;
}
