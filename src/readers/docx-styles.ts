/**
 * Paragraph styles of a Word document (word/styles.xml): which styles are
 * headings, at what level, and which carry list numbering. Follows `basedOn`,
 * so a company style built on "Heading 2" is a level-2 heading too. Matches
 * the built-in English style names Word writes in every language
 * ("heading 1"), not the localised style ids ("berschrift1").
 */
import { attr, parseXml, type XmlTag } from './xml.js';
import type { SafeZip } from './zip.js';

interface StyleInfo {
  name?: string;
  basedOn?: string;
  outline?: number;
  numbered?: boolean;
}

/** Heading and list facts per paragraph style id. */
export class DocxStyles {
  constructor(private readonly styles: ReadonlyMap<string, StyleInfo> = new Map()) {}

  /** Heading level (1 = top) of a style, if it is a heading style. */
  headingLevel(styleId: string | undefined): number | undefined {
    for (const s of this.chain(styleId)) {
      const m = /^heading\s*([1-9])$/i.exec(s.name ?? '');
      if (m) return Number(m[1]);
      if (s.name?.toLowerCase() === 'title') return 1;
      if (s.outline !== undefined && s.outline >= 0 && s.outline <= 8) return s.outline + 1;
    }
    return undefined;
  }

  /** Whether paragraphs in this style are list items through the style's own numbering. */
  isList(styleId: string | undefined): boolean {
    for (const s of this.chain(styleId)) if (s.numbered !== undefined) return s.numbered;
    return false;
  }

  private *chain(styleId: string | undefined): Generator<StyleInfo> {
    const seen = new Set<string>();
    let id = styleId;
    while (id !== undefined && !seen.has(id) && seen.size < 20) {
      seen.add(id);
      const s = this.styles.get(id);
      if (!s) return;
      yield s;
      id = s.basedOn;
    }
  }
}

/** Reads word/styles.xml; a document without one gets no heading styles. */
export async function readStyles(zip: SafeZip, part: string): Promise<DocxStyles> {
  if (!zip.has(part)) return new DocxStyles();
  const map = new Map<string, StyleInfo>();
  const path: string[] = [];
  let current: StyleInfo | undefined;
  const under = (...names: string[]): boolean => names.every((n, i) => path[path.length - 2 - i] === n);
  parseXml(part, await zip.text(part), {
    open(tag: XmlTag) {
      path.push(tag.local);
      if (tag.local === 'style' && path.length === 2) {
        const id = attr(tag, 'styleId');
        current = attr(tag, 'type') === 'paragraph' && id !== undefined ? {} : undefined;
        if (current && id !== undefined) map.set(id, current);
        return;
      }
      if (!current) return;
      const val = attr(tag, 'val');
      if (tag.local === 'name' && under('style')) current.name = val;
      else if (tag.local === 'basedOn' && under('style')) current.basedOn = val;
      else if (tag.local === 'outlineLvl' && under('pPr', 'style')) current.outline = Number(val);
      else if (tag.local === 'numId' && under('numPr', 'pPr', 'style')) current.numbered = val !== undefined && val !== '0';
    },
    close() {
      path.pop();
      if (path.length < 2) current = undefined;
    },
  });
  return new DocxStyles(map);
}
