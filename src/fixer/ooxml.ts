/**
 * OOXML package plumbing for the redliner: parsing a part with xmldom,
 * writing it back while keeping every byte outside the edited paragraphs,
 * revision/comment id allocation, and the relationship and content-type
 * entries a new comments part needs.
 */
import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import type JSZip from 'jszip';
import { elementRanges, escapeAttr, rootTags, scanTags } from './xml-scan.js';

/** WordprocessingML main namespace (transitional and strict). */
export const W_TRANSITIONAL = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
export const W_STRICT = 'http://purl.oclc.org/ooxml/wordprocessingml/main';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Relationship type URIs, transitional and strict, by short name. */
export const REL_TYPES = {
  officeDocument: ['http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument', 'http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument'],
  comments: ['http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments', 'http://purl.oclc.org/ooxml/officeDocument/relationships/comments'],
  settings: ['http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings', 'http://purl.oclc.org/ooxml/officeDocument/relationships/settings'],
} as const;

export const COMMENTS_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml';

/** A part parsed for editing, with its original text kept for splicing. */
export interface ParsedPart {
  name: string;
  original: string;
  /** The original started with a UTF-8 byte-order mark. */
  bom: boolean;
  doc: Document;
  /** The WordprocessingML namespace the part uses. */
  ns: string;
  /** Prefix bound to `ns` on the root element (usually `w`). */
  prefix: string;
}

/** Parses XML strictly: any error or fatal error throws. A DOCTYPE is refused (no entity tricks). */
export function parseXml(text: string, name: string): Document {
  if (/<!DOCTYPE/i.test(text.slice(0, 4096))) throw new Error(`${name} has a document type declaration, which Word never writes; the file was not changed`);
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`${name} is not well-formed XML: ${message}`);
    },
  });
  return parser.parseFromString(text, 'text/xml');
}

/** Decodes a part's bytes (UTF-8, with or without a byte-order mark). UTF-16 parts are refused. */
export function decodePart(bytes: Uint8Array, name: string): { text: string; bom: boolean } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error(`${name} is stored as UTF-16, which qmsr does not edit; the file was not changed`);
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { text: new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes), bom };
}

/** Parses a WordprocessingML part and finds its namespace and prefix. */
export function parseWordPart(name: string, bytes: Uint8Array): ParsedPart {
  const { text, bom } = decodePart(bytes, name);
  const doc = parseXml(text, name);
  const root = doc.documentElement;
  if (!root) throw new Error(`${name} has no root element`);
  const ns = root.namespaceURI === W_STRICT ? W_STRICT : W_TRANSITIONAL;
  const prefix = root.namespaceURI === ns ? root.prefix : root.lookupPrefix(ns);
  if (!prefix) throw new Error(`${name} does not bind a prefix to the WordprocessingML namespace; qmsr cannot edit it safely`);
  return { name, original: text, bom, doc, ns, prefix };
}

/**
 * The part's new text: the original with each edited paragraph replaced by its
 * serialisation, so nothing outside those paragraphs changes. Paragraphs are
 * matched by their order (the redliner never adds or removes a `w:p`). Falls
 * back to serialising the whole part (keeping the original prolog) when the
 * lexical scan and the DOM disagree, and checks the result parses.
 */
export function serializePart(part: ParsedPart, edited: ReadonlySet<Element>): string {
  const serialized = new XMLSerializer().serializeToString(part.doc);
  const qname = `${part.prefix}:p`;
  const list = part.doc.getElementsByTagNameNS(part.ns, 'p');
  const all = Array.from({ length: list.length }, (_, i) => list[i]!);
  const before = elementRanges(part.original, qname);
  const after = elementRanges(serialized, qname);
  let text: string | undefined;
  if (before.length === all.length && after.length === all.length) {
    const indices: number[] = [];
    all.forEach((p, i) => {
      if (edited.has(p)) indices.push(i);
    });
    // Outermost edited paragraphs only: a text box's paragraph sits inside another.
    const chosen: number[] = [];
    for (const i of indices) {
      const last = chosen[chosen.length - 1];
      if (last !== undefined && before[i]![0] < before[last]![1]) continue;
      chosen.push(i);
    }
    let out = part.original;
    for (const i of chosen.reverse()) {
      const [s, e] = before[i]!;
      const [s2, e2] = after[i]!;
      out = out.slice(0, s) + serialized.slice(s2, e2) + out.slice(e);
    }
    text = out;
  }
  if (text === undefined || !wellFormed(text, part.name)) text = withOriginalProlog(part.original, serialized);
  return text;
}

function wellFormed(text: string, name: string): boolean {
  try {
    parseXml(text, name);
    return true;
  } catch {
    return false;
  }
}

/** The serialised document with the original's XML declaration and whitespace before the root. */
export function withOriginalProlog(original: string, serialized: string): string {
  const a = rootTags(original)?.open.start;
  const b = rootTags(serialized)?.open.start;
  return a === undefined || b === undefined ? serialized : original.slice(0, a) + serialized.slice(b);
}

/** Stores a part in the package without adding folder entries (Word packages have none). */
export function putPart(zip: JSZip, name: string, data: Uint8Array): void {
  zip.file(name, data, { createFolders: false });
}

/** Encodes a part's text as UTF-8, restoring a byte-order mark the original had. */
export function encodePart(text: string, bom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/**
 * Hands out `w:id` values for revisions and comments that no part of the
 * package uses yet. Every numeric `id` attribute of every XML part is counted
 * as taken (revision marks, comments, bookmarks, footnotes, drawing ids), so a
 * new id can clash with nothing.
 */
export class IdAllocator {
  private readonly used = new Set<number>();
  private next = 0;

  /** Notes every numeric id attribute in `xml`. */
  scan(xml: string): void {
    for (const m of xml.matchAll(/\s(?:[A-Za-z_][\w.-]*:)?id\s*=\s*(?:"(-?\d+)"|'(-?\d+)')/g)) {
      const n = Number(m[1] ?? m[2]);
      if (Number.isSafeInteger(n)) {
        this.used.add(n);
        if (n >= this.next) this.next = n + 1;
      }
    }
  }

  /** A fresh id, never handed out before and not in the package. */
  take(): number {
    // ST_DecimalNumber is a signed 32-bit integer; past it, reuse the smallest free values.
    if (this.next > 0x7fffffff) this.next = 0;
    while (this.used.has(this.next)) this.next++;
    const id = this.next++;
    this.used.add(id);
    return id;
  }
}

/** One relationship of a `.rels` part. */
export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** The relationships in a `.rels` part's text. */
export function readRelationships(xml: string, name: string): Relationship[] {
  const doc = parseXml(xml, name);
  const out: Relationship[] = [];
  const list = doc.getElementsByTagNameNS(REL_NS, 'Relationship');
  for (let i = 0; i < list.length; i++) {
    const el = list[i]!;
    out.push({ id: el.getAttribute('Id') ?? '', type: el.getAttribute('Type') ?? '', target: el.getAttribute('Target') ?? '', external: el.getAttribute('TargetMode') === 'External' });
  }
  return out;
}

/** The `.rels` part that holds `part`'s relationships: `word/document.xml` → `word/_rels/document.xml.rels`. */
export function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the folder of the part that owns it. */
export function resolveTarget(sourcePart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = sourcePart.split('/').slice(0, -1);
  for (const s of target.split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '.' && s !== '') segments.push(s);
  }
  return segments.join('/');
}

/** `.rels` text with one relationship added (created from scratch when `xml` is undefined); returns the new id too. */
export function addRelationship(xml: string | undefined, type: string, target: string): { xml: string; id: string } {
  const existing = xml ? readRelationships(xml, 'relationships') : [];
  const taken = new Set(existing.map((r) => r.id));
  let n = existing.reduce((max, r) => Math.max(max, /^rId(\d+)$/.exec(r.id) ? Number(r.id.slice(3)) : 0), 0) + 1;
  while (taken.has(`rId${n}`)) n++;
  const id = `rId${n}`;
  const element = `<Relationship Id="${id}" Type="${escapeAttr(type)}" Target="${escapeAttr(target)}"/>`;
  if (!xml) {
    return { xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="${REL_NS}">${element}</Relationships>`, id };
  }
  return { xml: appendToRoot(xml, element), id };
}

/** `[Content_Types].xml` text with an Override for `partName` (leading slash), unless one is there. */
export function addOverride(xml: string, partName: string, contentType: string): string {
  for (const tag of scanTags(xml)) {
    if (!/(^|:)Override$/.test(tag.name)) continue;
    const m = /\sPartName\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(xml.slice(tag.start, tag.end));
    if (m && (m[1] ?? m[2])!.toLowerCase() === partName.toLowerCase()) return xml;
  }
  const root = rootTags(xml);
  const colon = root?.open.name.indexOf(':') ?? -1;
  const prefix = root && colon > 0 ? `${root.open.name.slice(0, colon)}:` : '';
  return appendToRoot(xml, `<${prefix}Override PartName="${escapeAttr(partName)}" ContentType="${escapeAttr(contentType)}"/>`);
}

/** Inserts `fragment` as the root element's last child, keeping the rest of the text as it is. */
export function appendToRoot(xml: string, fragment: string): string {
  const root = rootTags(xml);
  if (!root) throw new Error('no root element');
  if (root.close) return xml.slice(0, root.close.start) + fragment + xml.slice(root.close.start);
  const { open } = root;
  const head = xml.slice(open.start, open.end).replace(/\s*\/>$/, '>');
  return `${xml.slice(0, open.start)}${head}${fragment}</${open.name}>${xml.slice(open.end)}`;
}

/** Whether `node` is a WordprocessingML element with local name `local`. */
export function isW(node: Node | null | undefined, ns: string, local: string): boolean {
  return !!node && node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === local;
}

/** Element children of `el`, in order. */
export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}
