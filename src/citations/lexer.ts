/**
 * Small anchored readers over the text: whitespace, numbers, paragraph groups,
 * list separators and range marks. Every reader is a sticky regular expression
 * applied at one position, so scanning stays linear.
 */
import { isParagraphToken, normaliseParagraph } from './normalise.js';

const WS = /[\s\u200b]*/y;
/** Up to two spaces or tabs (no line break) between a section and its first paragraph, or between paragraphs: "820.181 ( a )  (1)". */
const PARA = /[ \t\u00a0\u2009\u202f]{0,2}\([ \u00a0]?([A-Za-z]+|\d+)[ \u00a0]?\)/y;
const NUMBER = /(\d+)(?:\.(\d+))?/y;
const WIKI_SEGMENT = /\.([A-Za-z]+|\d+)(?![A-Za-z0-9])/y;
const SEPARATOR = /(?:[\s\u200b]*,[\s\u200b]*(?:(?:and\/or|and|or|&)(?=[\s(])[\s\u200b]*)?|[\s\u200b]+(?:and\/or|and|or|&)(?=[\s(])[\s\u200b]*|[ \t]*\/[ \t]*)/y;
const RANGE = /[ \t\u00a0]*([-–—‐‑])[\s\u200b]*|[\s\u200b]+(?:through|thru|to)[\s\u200b]+/y;

/** Most paragraph levels read after a section. */
export const MAX_PARAGRAPHS = 4;

/** Position after any whitespace (line breaks included) at `pos`. */
export function skipWs(text: string, pos: number): number {
  WS.lastIndex = pos;
  WS.exec(text);
  return WS.lastIndex;
}

/** A number `820` or `820.30` at `pos`, digits as written. */
export interface NumberToken {
  part: string;
  section?: string;
  end: number;
}

/** Reads `\d+(\.\d+)?` at `pos`. */
export function readNumber(text: string, pos: number): NumberToken | undefined {
  NUMBER.lastIndex = pos;
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  return { part: m[1]!, ...(m[2] !== undefined ? { section: m[2] } : {}), end: NUMBER.lastIndex };
}

/** Paragraph groups `(b)(3)(ii)` at `pos` (up to MAX_PARAGRAPHS), normalised; stops at the first group that is not a paragraph. */
export function readParagraphs(text: string, pos: number, max = MAX_PARAGRAPHS): { paragraphs: string[]; end: number } {
  const paragraphs: string[] = [];
  let end = pos;
  while (paragraphs.length < max) {
    PARA.lastIndex = end;
    const m = PARA.exec(text);
    if (!m || !isParagraphToken(m[1]!)) break;
    paragraphs.push(normaliseParagraph(m[1]!));
    end = PARA.lastIndex;
  }
  return { paragraphs, end };
}

/** Wiki paragraph segments `.b.3.i` at `pos`. */
export function readWikiSegments(text: string, pos: number): { paragraphs: string[]; end: number } {
  const paragraphs: string[] = [];
  let end = pos;
  while (paragraphs.length < MAX_PARAGRAPHS) {
    WIKI_SEGMENT.lastIndex = end;
    const m = WIKI_SEGMENT.exec(text);
    if (!m || !isParagraphToken(m[1]!)) break;
    paragraphs.push(normaliseParagraph(m[1]!));
    end = WIKI_SEGMENT.lastIndex;
  }
  return { paragraphs, end };
}

/** A list separator at `pos` (`, `, ` and `, `, or `, `/`); returns the position after it, or -1. */
export function readSeparator(text: string, pos: number): number {
  SEPARATOR.lastIndex = pos;
  return SEPARATOR.exec(text) ? SEPARATOR.lastIndex : -1;
}

/** A range mark at `pos` (dash, en/em dash, `through`, `to`); `tight` when it is a dash with no space before it. */
export function readRangeMark(text: string, pos: number): { end: number; tight: boolean } | undefined {
  RANGE.lastIndex = pos;
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const end = RANGE.lastIndex;
  return { end, tight: m[1] !== undefined && m.index === pos && m[0].length === 1 };
}
