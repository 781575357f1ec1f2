/**
 * The markdown-it parser the Markdown reader uses (markdown.ts): CommonMark
 * plus the GitHub Flavored Markdown that decides what is text (tables with
 * GFM cell splitting, strikethrough with one or two tildes, task-list
 * markers, footnotes, autolink literals), with every inline token's content
 * range recorded so the reader can place each character in the source.
 */
import MarkdownIt from 'markdown-it';
import type { Delimiter, MarkdownIt as Parser, StateBlock, StateCore, StateInline, Token } from 'markdown-it';

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;
type InlineRule = (state: StateInline, silent: boolean) => boolean;
type Span = readonly [start: number, end: number];

/** Content range each inline token was parsed from (offsets in its block's inline content). */
export const spans = new WeakMap<Token, Span>();
/** Destination of each reference definition (markdown-it's `env.references` keeps only the first per label). */
export const definitionUrls = new WeakMap<Token, string>();
/** Table cells: zero-based line, and the column of each character of the cell's content (and one past its end). */
export const cellPlaces = new WeakMap<Token, { line: number; columns: number[] }>();
/** List-item paragraphs whose task-list marker (`[ ] `, `[x] `) was taken off their content. */
export const taskMarkers = new WeakMap<Token, string>();
/** The last link destination markdown-it normalised: the URL of the reference definition just parsed. */
let lastDestination: string | undefined;

const FOOTNOTES = Symbol('footnote labels');
/** Containers nested deeper than this are not read (markdown-it's guard against runaway recursion); the reader says so. */
export const MAX_NESTING = 1000;
export const TOO_DEEP = Symbol('first line nested too deep');

/** Keeps the position of the text markdown-it collects before it becomes a token. */
class TrackedState extends MarkdownIt.StateInline {
  /** Content offset where `pending` starts, or -1 when not known yet. */
  pendingStart = -1;
  /** Where GFM autolink literals may start in this content (found when first needed). */
  literalStarts: number[] | undefined;

  override pushPending(): Token {
    const start = this.pendingStart >= 0 ? this.pendingStart : this.pos - this.pending.length;
    const token = super.pushPending();
    spans.set(token, [start, start + token.content.length]);
    this.pendingStart = -1;
    return token;
  }
}


/** The parser, built once. */
export const parser = createParser();

function createParser(): Parser {
  const md = new MarkdownIt('commonmark', { maxNesting: MAX_NESTING });
  const tokenize = md.block.tokenize.bind(md.block);
  md.block.tokenize = (state, startLine, endLine) => {
    // markdown-it skips the rest of a container this deep; note where, so the document can say so.
    const line = state.skipEmptyLines(startLine);
    if (state.level >= MAX_NESTING && line < endLine && state.sCount[line]! >= state.blkIndent) state.env[TOO_DEEP] ??= line;
    tokenize(state, startLine, endLine);
  };
  // Links are kept as written: no percent-encoding, and no scheme is refused.
  md.validateLink = () => true;
  md.normalizeLink = (url) => (lastDestination = url);
  md.normalizeLinkText = (url) => url;
  // Reference definitions stay in the token stream; text tokens stay apart, each with its own source range.
  md.core.ruler.disable(['strip_references', 'text_join']);
  md.inline.ruler2.disable('fragments_join');
  md.core.ruler.after('block', 'task_list_marker', taskListMarkers);

  const block = md.block.ruler;
  const table = ruleFn(block.__rules__, 'table');
  block.at('table', withGfmCells(table), { alt: ['paragraph', 'reference'] });
  const reference = ruleFn(block.__rules__, 'reference');
  block.at('reference', withDefinitionUrl(reference));
  block.before('reference', 'footnote_definition', footnoteDefinition, { alt: ['paragraph', 'reference', 'blockquote'] });

  const inline = md.inline.ruler;
  inline.at('strikethrough', strikethroughTokenize);
  md.inline.ruler2.at('strikethrough', strikethroughPostProcess);
  md.enable(['table', 'strikethrough']);
  inline.before('link', 'footnote_reference', footnoteReference);
  inline.at('text', stopAtAutolinkLiteral(ruleFn(inline.__rules__, 'text')));
  inline.before('text', 'autolink_literal', autolinkLiteral);
  for (const rule of inline.__rules__) inline.at(rule.name, tracked(rule.name, rule.fn), { alt: rule.alt });
  md.inline.State = TrackedState;
  return md;
}

function ruleFn<F>(rules: { name: string; fn: F }[], name: string): F {
  const rule = rules.find((r) => r.name === name);
  if (!rule) throw new Error(`markdown-it has no rule "${name}"`);
  return rule.fn;
}

/**
 * Records the content range of the tokens an inline rule makes: the range the
 * rule consumed; delimiter runs (`*`, `~~`) one after the other; a line break
 * from the trailing spaces markdown-it takes off the text before it.
 */
function tracked(name: string, rule: InlineRule): InlineRule {
  const delimiters = name === 'emphasis' || name === 'strikethrough';
  return (state, silent) => {
    if (silent) return rule(state, true);
    const s = state as TrackedState;
    const entry = state.pos;
    const count = state.tokens.length;
    const pending = state.pending.length;
    if (pending > 0 && s.pendingStart < 0) s.pendingStart = entry - pending;
    const pendingStart = s.pendingStart;
    if (!rule(state, false)) return false;
    const exit = state.pos;
    let cursor = entry;
    for (let i = count; i < state.tokens.length; i++) {
      const t = state.tokens[i]!;
      if (spans.has(t)) continue;
      if (delimiters) {
        spans.set(t, [cursor, (cursor += t.content.length)]);
      } else if (t.type === 'softbreak' || t.type === 'hardbreak') {
        const before = state.tokens[count];
        const kept = count < i && before?.type === 'text' ? before.content.length : 0;
        spans.set(t, [name === 'newline' && pending > 0 ? pendingStart + kept : entry, exit]);
      } else {
        spans.set(t, [entry, exit]);
      }
    }
    if (!state.pending) s.pendingStart = -1;
    else if (s.pendingStart < 0) s.pendingStart = exit - state.pending.length;
    return true;
  };
}

/**
 * GFM table cells: split on pipes that are not escaped; `\\|` is a pipe in
 * the cell, code spans included (markdown-it agrees there), and the cells
 * past the header's count keep their text (GFM keeps them; markdown-it drops
 * them). Each cell remembers where its characters are on the row's line.
 */
function withGfmCells(table: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    const first = state.tokens.length;
    if (!table(state, startLine, endLine, silent)) return false;
    if (silent) return true;
    const tokens = state.tokens;
    for (let i = first; i < tokens.length; i++) {
      const row = tokens[i]!;
      if (row.type !== 'tr_open' || !row.map) continue;
      const line = row.map[0];
      const from = state.bMarks[line]! + state.tShift[line]!;
      const lineStart = state.src.lastIndexOf('\n', from - 1) + 1;
      const cells = splitRow(state.src, from, state.eMarks[line]!, lineStart);
      let c = 0;
      let j = i + 1;
      for (; j < tokens.length && tokens[j]!.type !== 'tr_close'; j++) {
        const t = tokens[j]!;
        if (t.type !== 'inline') continue;
        const cell = cells[c++];
        t.content = cell?.content ?? '';
        if (cell) cellPlaces.set(t, { line, columns: cell.columns });
      }
      const extra: Token[] = [];
      for (; c < cells.length; c++) {
        const cell = cells[c]!;
        const content = new state.Token('inline', '', 0);
        content.content = cell.content;
        content.map = [line, line + 1];
        content.children = [];
        cellPlaces.set(content, { line, columns: cell.columns });
        extra.push(new state.Token('td_open', 'td', 1), content, new state.Token('td_close', 'td', -1));
      }
      tokens.splice(j, 0, ...extra);
      i = j + extra.length;
    }
    return true;
  };
}

/** The cells of a table row `src[from, to)`, without the white space around them: content and the column of each character. */
function splitRow(src: string, from: number, to: number, lineStart: number): { content: string; columns: number[] }[] {
  const raw: [number, number][] = [];
  let start = from;
  for (let p = from; p < to; p++) {
    const c = src.charCodeAt(p);
    if (c === 92 /* \ */) p++;
    else if (c === 124 /* | */) {
      raw.push([start, p]);
      start = p + 1;
    }
  }
  raw.push([start, to]);
  const cells = raw.map(([s, e]) => {
    while (s < e && isBlank(src.charCodeAt(s))) s++;
    while (e > s && isBlank(src.charCodeAt(e - 1))) e--;
    let content = '';
    const columns: number[] = [];
    for (let p = s; p < e; p++) {
      if (src.charCodeAt(p) === 92 /* \ */ && p + 1 < e) {
        // `\|` is a pipe; any other escape stays for the inline parser, both characters.
        if (src.charCodeAt(p + 1) !== 124) {
          content += src[p];
          columns.push(p - lineStart);
        }
        p++;
      }
      content += src[p];
      columns.push(p - lineStart);
    }
    columns.push(e - lineStart);
    return { content, columns };
  });
  if (cells.length > 0 && cells[0]!.content === '') cells.shift();
  if (cells.length > 0 && cells[cells.length - 1]!.content === '') cells.pop();
  return cells;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Keeps each reference definition's own URL with its token. */
function withDefinitionUrl(reference: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    lastDestination = undefined;
    if (!reference(state, startLine, endLine, silent)) return false;
    const t = state.tokens[state.tokens.length - 1];
    if (!silent && t?.type === 'reference_definition' && lastDestination !== undefined) definitionUrls.set(t, lastDestination);
    return true;
  };
}

/**
 * GFM task lists: `[ ]`, `[x]` or `[X]` and a space at the start of a list
 * item's first line is a checkbox, not text, when more text follows. Like GFM,
 * one white-space character after it goes too, or the line break when
 * nothing else is on the line.
 */
function taskListMarkers(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const item = tokens[i]!;
    const para = tokens[i + 1]!;
    const content = tokens[i + 2]!;
    if (item.type !== 'list_item_open' || para.type !== 'paragraph_open' || content.type !== 'inline') continue;
    if (item.map?.[0] !== para.map?.[0]) continue;
    const m = /^\[[ xX]\](?:([ \t]*\n)|[ \t])/.exec(content.content);
    if (!m || !/\S/.test(content.content.slice(3))) continue;
    // Two or more spaces before the line break are a hard break, which stays.
    const cut = m[1] !== undefined && / {2}$/.test(m[1].slice(0, -1)) ? 3 : m[0].length;
    taskMarkers.set(content, content.content.slice(0, cut));
    content.content = content.content.slice(cut);
  }
}

/** `[^label]:` at the start of a line: a footnote definition, whose content is blocks indented by four spaces. */
function footnoteDefinition(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const max = state.eMarks[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  if (state.src.charCodeAt(start) !== 91 /* [ */ || state.src.charCodeAt(start + 1) !== 94 /* ^ */) return false;
  const close = footnoteLabelEnd(state.src, start + 2, max);
  if (close < 0 || state.src.charCodeAt(close + 1) !== 58 /* : */) return false;
  if (silent) return true;
  let labels = state.env[FOOTNOTES];
  if (!(labels instanceof Set)) labels = state.env[FOOTNOTES] = new Set<string>();
  (labels as Set<string>).add(footnoteLabel(state.src.slice(start + 2, close)));

  let pos = close + 2;
  while (pos < max && isBlank(state.src.charCodeAt(pos))) pos++;
  const open = state.push('footnote_open', '', 1);
  open.map = [startLine, startLine + 1];
  const oldBMark = state.bMarks[startLine]!;
  const oldTShift = state.tShift[startLine]!;
  const oldSCount = state.sCount[startLine]!;
  const oldIndent = state.blkIndent;
  const oldParent = state.parentType;
  // The first line's content starts after `]:` (as if the label were container markup); the rest is indented by four.
  state.blkIndent += 4;
  state.bMarks[startLine] = pos;
  state.tShift[startLine] = 0;
  state.sCount[startLine] = state.blkIndent;
  state.parentType = 'footnote';
  state.md.block.tokenize(state, startLine, endLine);
  if (state.line <= startLine) state.line = startLine + 1;
  state.parentType = oldParent;
  state.blkIndent = oldIndent;
  state.bMarks[startLine] = oldBMark;
  state.tShift[startLine] = oldTShift;
  state.sCount[startLine] = oldSCount;
  open.map[1] = state.line;
  state.push('footnote_close', '', -1);
  return true;
}

/** `[^label]` where a definition has that label: a footnote reference. */
function footnoteReference(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 91 /* [ */ || state.src.charCodeAt(start + 1) !== 94 /* ^ */) return false;
  const close = footnoteLabelEnd(state.src, start + 2, state.posMax);
  const labels = state.env[FOOTNOTES];
  if (close < 0 || !(labels instanceof Set) || !labels.has(footnoteLabel(state.src.slice(start + 2, close)))) return false;
  if (!silent) state.push('footnote_ref', '', 0);
  state.pos = close + 1;
  return true;
}

/** End of a footnote label that starts at `from`: the `]`, or -1. Labels have no white space and no unescaped `[`. */
function footnoteLabelEnd(src: string, from: number, max: number): number {
  for (let p = from; p < max && p - from <= 999; p++) {
    const c = src.charCodeAt(p);
    if (c === 93 /* ] */) return p > from ? p : -1;
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 91 /* [ */) return -1;
    if (c === 92 /* \ */ && p + 1 < max) {
      const next = src.charCodeAt(p + 1);
      if (next === 91 || next === 92 || next === 93) p++;
    }
  }
  return -1;
}

function footnoteLabel(raw: string): string {
  return raw.toLowerCase().toUpperCase();
}

/**
 * GFM autolink literals (`https://…`, `www.…`) are text here, but text that
 * no other inline rule may take apart: `http://host/~a/b~c` keeps its tildes
 * and `https://x.test/*a*` its asterisks, as on GitHub. The literal ends as
 * GFM ends it: trailing punctuation, an unbalanced `)` and an entity-like
 * `&name;` at its end are not part of it.
 */
const LITERAL_START = /(?<![A-Za-z])https?:\/\/|(?<![^\s(*_[\]~])www\./gi;

/** Where autolink literals may start: not after a `[` that is still open (GFM does not start one inside link text). */
function literalStarts(state: TrackedState): number[] {
  if (state.literalStarts) return state.literalStarts;
  const starts: number[] = [];
  const src = state.src;
  if (/:\/\/|www\./i.test(src)) {
    let p = 0;
    let open = 0;
    for (const m of src.matchAll(LITERAL_START)) {
      for (; p < m.index; p++) {
        const c = src.charCodeAt(p);
        if (c === 92 /* \ */) p++;
        else if (c === 91 /* [ */) open++;
        else if (c === 93 /* ] */ && open > 0) open--;
      }
      if (open === 0) starts.push(m.index);
    }
  }
  return (state.literalStarts = starts);
}

/** markdown-it's text rule, stopped before an autolink literal so that the literal's own rule sees where it starts. */
function stopAtAutolinkLiteral(text: InlineRule): InlineRule {
  return (state, silent) => {
    const start = state.pos;
    if (!text(state, silent)) return false;
    const next = literalStarts(state as TrackedState).find((k) => k > start);
    if (next !== undefined && next < state.pos) {
      if (!silent) state.pending = state.pending.slice(0, state.pending.length - (state.pos - next));
      state.pos = next;
    }
    return true;
  };
}

/** An autolink literal where one starts, taken whole as text. */
function autolinkLiteral(state: StateInline, silent: boolean): boolean {
  const c = state.src.charCodeAt(state.pos);
  if (c === 0x5c /* \ */ && state.linkLevel === 0 && literalStarts(state as TrackedState).includes(state.pos + 1)) {
    // A backslash before a literal is a backslash (h and w cannot be escaped); the escape rule would take the literal's first letter.
    if (!silent) state.pending += '\\';
    state.pos++;
    return true;
  }
  const lower = c | 0x20; // h or w, either case
  if ((lower !== 0x68 && lower !== 0x77) || state.linkLevel > 0 || !literalStarts(state as TrackedState).includes(state.pos)) return false;
  const end = autolinkLiteralEnd(state.src, state.pos, state.posMax);
  if (end < 0) return false;
  if (!silent) state.pending += state.src.slice(state.pos, end);
  state.pos = end;
  return true;
}

/** End of the autolink literal that starts at `start` (`http://`, `https://` or `www.`), or -1 when there is none. */
function autolinkLiteralEnd(src: string, start: number, max: number): number {
  const prefix = /^(?:https?:\/\/|www\.)/i.exec(src.slice(start, start + 8));
  if (!prefix) return -1;
  const www = !prefix[0].endsWith('/');
  let p = start + prefix[0].length;
  if (p >= max) return -1;
  if (!www && (isEnd(src, p, max) || /[\p{P}\p{S}\p{Cc}]/u.test(src[p]!))) return -1;
  // Domain (`www.` included): up to white space or punctuation other than `-`, `.` and `_`; no `_` in its last two segments.
  if (www) p = start;
  let underscoreLast = false;
  let underscoreBefore = false;
  let seen = false;
  for (; p < max; p++) {
    const ch = src[p]!;
    if (ch === '.' || ch === '_') {
      if (trailEnds(src, p, max)) break;
      if (ch === '_') underscoreLast = true;
      else {
        underscoreBefore = underscoreLast;
        underscoreLast = false;
      }
      continue;
    }
    if (isEnd(src, p, max) || (ch !== '-' && /[\p{P}\p{S}]/u.test(ch))) break;
    seen = true;
  }
  if (!seen || underscoreLast || underscoreBefore) return -1;
  // Path: up to white space, less trailing punctuation; a `)` belongs to it while there are more `(` before.
  let open = 0;
  let close = 0;
  for (; p < max && !isEnd(src, p, max); p++) {
    const ch = src[p]!;
    if (ch === '(') open++;
    else if (ch === ')' && close < open) close++;
    else if ('!"&\')*,.:;<?]_~'.includes(ch) && trailEnds(src, p, max)) break;
    else if (ch === ')') close++;
  }
  return p;
}

/** Whether the punctuation from `p` on is the literal's trail: trailing punctuation up to its end. */
function trailEnds(src: string, p: number, max: number): boolean {
  for (; p < max; p++) {
    const ch = src[p]!;
    if ('!"\')*,.:;?_~'.includes(ch)) continue;
    if (ch === '&') {
      const m = /^&[A-Za-z]+;/.exec(src.slice(p, p + 40));
      if (!m) return false;
      p += m[0].length - 1;
      continue;
    }
    if (ch === ']') {
      const next = src[p + 1];
      if (p + 1 >= max || next === '(' || next === '[' || /\s/.test(next!)) return true;
      continue;
    }
    return ch === '<' || isEnd(src, p, max);
  }
  return true;
}

function isEnd(src: string, p: number, max: number): boolean {
  return p >= max || /\s/.test(src[p]!);
}

/** Double-tilde runs as markdown-it pairs them, and single tildes (GFM) pairing only with single ones. */
const TILDE = 0x7e;
const SINGLE_TILDE = 0x7e + 0x10000;

function strikethroughTokenize(state: StateInline, silent: boolean): boolean {
  if (silent || state.src.charCodeAt(state.pos) !== TILDE) return false;
  const scanned = state.scanDelims(state.pos, true);
  const run = state.src.slice(state.pos, state.pos + scanned.length);
  if (scanned.length > 2) {
    state.pending += run; // three or more tildes are text
  } else {
    const token = state.push('text', '', 0);
    token.content = run;
    state.delimiters.push({
      marker: scanned.length === 1 ? SINGLE_TILDE : TILDE,
      length: 0,
      token: state.tokens.length - 1,
      end: -1,
      open: scanned.can_open,
      close: scanned.can_close,
    });
  }
  state.pos += scanned.length;
  return true;
}

function strikethroughPostProcess(state: StateInline): void {
  const pair = (delimiters: readonly Delimiter[]): void => {
    for (const d of delimiters) {
      if ((d.marker !== TILDE && d.marker !== SINGLE_TILDE) || d.end < 0) continue;
      const open = state.tokens[d.token];
      const close = state.tokens[delimiters[d.end]!.token];
      if (!open || !close) continue;
      open.type = 's_open';
      open.tag = 's';
      open.nesting = 1;
      open.content = '';
      close.type = 's_close';
      close.tag = 's';
      close.nesting = -1;
      close.content = '';
    }
  };
  pair(state.delimiters);
  for (const meta of state.tokens_meta) if (meta?.delimiters) pair(meta.delimiters);
}
