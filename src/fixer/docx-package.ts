/**
 * Package-level edits for a redline: the comments part (extended when the
 * document has one, created with its relationship and content type when it
 * does not) and `w:trackRevisions` in the settings, so edits made after the
 * review are tracked too. Every edit is a text insertion into the part's
 * original text; nothing else in those parts changes.
 */
import type JSZip from 'jszip';
import { initialsOf } from './comment-text.js';
import {
  COMMENTS_CONTENT_TYPE,
  REL_TYPES,
  W_STRICT,
  W_TRANSITIONAL,
  addOverride,
  addRelationship,
  appendToRoot,
  decodePart,
  encodePart,
  parseXml,
  putPart,
  readRelationships,
  relsPartOf,
  resolveTarget,
} from './ooxml.js';
import { escapeAttr, escapeText, rootChildren, rootTags } from './xml-scan.js';

/** A comment to add: its id and its text as paragraphs. */
export interface NewComment {
  id: number;
  paragraphs: string[];
}

/** Who and when, as written into revision marks and comments. */
export interface Signature {
  author: string;
  /** xsd:dateTime, e.g. 2026-02-02T09:00:00Z. */
  date: string;
}

/** Reads a part as text; undefined when the package has no such part. */
export async function readPartText(zip: JSZip, name: string): Promise<{ text: string; bom: boolean } | undefined> {
  const file = zip.file(name);
  if (!file) return undefined;
  return decodePart(await file.async('uint8array'), name);
}

/** The main document part named by the package relationships (`word/document.xml` in practice). */
export async function mainPartName(zip: JSZip): Promise<string> {
  const rels = await readPartText(zip, '_rels/.rels');
  if (rels) {
    const main = readRelationships(rels.text, '_rels/.rels').find((r) => (REL_TYPES.officeDocument as readonly string[]).includes(r.type));
    if (main && zip.file(resolveTarget('', main.target))) return resolveTarget('', main.target);
  }
  return 'word/document.xml';
}

/** Adds `comments` to the package; returns the names of the parts it wrote. */
export async function addComments(zip: JSZip, mainPart: string, ns: string, comments: readonly NewComment[], who: Signature): Promise<string[]> {
  if (comments.length === 0) return [];
  const strict = ns === W_STRICT;
  const relsName = relsPartOf(mainPart);
  const rels = await readPartText(zip, relsName);
  const existing = rels ? readRelationships(rels.text, relsName).find((r) => (REL_TYPES.comments as readonly string[]).includes(r.type) && !r.external) : undefined;
  const existingName = existing ? resolveTarget(mainPart, existing.target) : undefined;
  const current = existingName ? await readPartText(zip, existingName) : undefined;

  if (existingName && current) {
    const root = parseXml(current.text, existingName).documentElement;
    const bound = root?.namespaceURI === ns ? root.prefix : root?.lookupPrefix(ns);
    const xml = comments.map((c) => commentXml(c, who, bound ?? null, ns)).join('');
    putPart(zip, existingName, encodePart(appendToRoot(current.text, xml), current.bom));
    return [existingName];
  }

  const dir = mainPart.slice(0, mainPart.lastIndexOf('/') + 1);
  let name = `${dir}comments.xml`;
  for (let n = 2; zip.file(name); n++) name = `${dir}comments${n}.xml`;
  const body = comments.map((c) => commentXml(c, who, 'w', ns)).join('');
  putPart(zip, name, encodePart(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:comments xmlns:w="${ns}">${body}</w:comments>`, false));
  const type = strict ? REL_TYPES.comments[1] : REL_TYPES.comments[0];
  const added = addRelationship(rels?.text, type, name.slice(dir.length));
  putPart(zip, relsName, encodePart(added.xml, rels?.bom ?? false));
  const written = [name, relsName];
  const types = await readPartText(zip, '[Content_Types].xml');
  if (types) {
    const updated = addOverride(types.text, `/${name}`, COMMENTS_CONTENT_TYPE);
    if (updated !== types.text) {
      putPart(zip, '[Content_Types].xml', encodePart(updated, types.bom));
      written.push('[Content_Types].xml');
    }
  }
  return written;
}

/** One `w:comment` element as text, with `prefix` bound to `ns` (declared on the element when `prefix` is null). */
function commentXml(c: NewComment, who: Signature, prefix: string | null, ns: string): string {
  const w = prefix ?? 'w';
  const declare = prefix === null ? ` xmlns:w="${ns}"` : '';
  const paragraphs = c.paragraphs.map((text, i) => {
    const mark = i === 0 ? `<${w}:r><${w}:annotationRef/></${w}:r>` : '';
    return `<${w}:p>${mark}<${w}:r><${w}:t xml:space="preserve">${escapeText(text)}</${w}:t></${w}:r></${w}:p>`;
  });
  return (
    `<${w}:comment${declare} ${w}:id="${c.id}" ${w}:author="${escapeAttr(who.author)}" ${w}:date="${escapeAttr(who.date)}" ${w}:initials="${escapeAttr(initialsOf(who.author))}">` +
    `${paragraphs.join('')}</${w}:comment>`
  );
}

/** Settings elements that come before `w:trackRevisions` in CT_Settings (ECMA-376 Part 1, 17.15.1.78). */
const BEFORE_TRACK_REVISIONS = new Set([
  'writeProtection', 'view', 'zoom', 'removePersonalInformation', 'removeDateAndTime', 'doNotDisplayPageBoundaries',
  'displayBackgroundShape', 'printPostScriptOverText', 'printFractionalCharacterWidth', 'printFormsData',
  'embedTrueTypeFonts', 'embedSystemFonts', 'saveSubsetFonts', 'saveFormsData', 'mirrorMargins', 'alignBordersAndEdges',
  'bordersDoNotSurroundHeader', 'bordersDoNotSurroundFooter', 'gutterAtTop', 'hideSpellingErrors', 'hideGrammaticalErrors',
  'activeWritingStyle', 'proofState', 'formsDesign', 'attachedTemplate', 'linkStyles', 'stylePaneFormatFilter',
  'stylePaneSortMethod', 'documentType', 'mailMerge', 'revisionView',
]);

/**
 * Switches on "Track Changes" in the settings part, in schema order. Returns
 * the part name when it changed it; a message when it could not.
 */
export async function enableTrackRevisions(zip: JSZip, mainPart: string): Promise<{ written?: string; note?: string }> {
  const relsName = relsPartOf(mainPart);
  const rels = await readPartText(zip, relsName);
  const rel = rels ? readRelationships(rels.text, relsName).find((r) => (REL_TYPES.settings as readonly string[]).includes(r.type)) : undefined;
  const name = rel ? resolveTarget(mainPart, rel.target) : undefined;
  const part = name ? await readPartText(zip, name) : undefined;
  if (!name || !part) return { note: 'the document has no settings part, so Track Changes was not switched on for later edits' };
  const root = parseXml(part.text, name).documentElement;
  const ns = root?.namespaceURI === W_STRICT ? W_STRICT : W_TRANSITIONAL;
  const prefix = root?.namespaceURI === ns ? root.prefix : root?.lookupPrefix(ns);
  if (!root || !prefix) return { note: `${name} is not a WordprocessingML settings part; Track Changes was not switched on` };
  if (root.getElementsByTagNameNS(ns, 'trackRevisions').length > 0) return {};
  const children = rootChildren(part.text);
  const next = children.find((c) => !BEFORE_TRACK_REVISIONS.has(c.name));
  const element = `<${prefix}:trackRevisions/>`;
  let text: string;
  if (next) text = part.text.slice(0, next.start) + element + part.text.slice(next.start);
  else if (rootTags(part.text)) text = appendToRoot(part.text, element);
  else return { note: `${name} could not be read; Track Changes was not switched on` };
  putPart(zip, name, encodePart(text, part.bom));
  return { written: name };
}
