/**
 * A namespace-aware XML parser for the parts of Office and OpenDocument
 * packages. It refuses DOCTYPE and entity declarations and turns malformed XML
 * into a `damaged-file` error. Office and OpenDocument files never contain a
 * DOCTYPE; one that does may be a "billion laughs" or external-entity attack.
 *
 * Two engines give the same events and accept the same documents:
 * - a fast one for what Office programs write: an XML 1.0 declaration, then
 *   elements, attributes, text, character and predefined entity references,
 *   comments;
 * - saxes (a complete XML 1.0/1.1 parser) for any part containing anything
 *   else (a DOCTYPE, CDATA, processing instructions, XML 1.1, characters XML
 *   does not allow, `]]>` in text), found by one scan before parsing.
 * The fast engine makes the well-formedness checks saxes makes (names, one
 * root, matching tags, quoted attributes, no duplicates, bound prefixes and
 * the xml/xmlns rules, known entities, valid character references, nothing
 * but white space outside the root), so a part is accepted or refused the
 * same way whichever engine reads it.
 *
 * Events follow saxes: text between two pieces of markup is one `text` call
 * (entities decoded, line ends normalised to `\n`), also white space outside
 * the root; CDATA comes through `text` too; a self-closing tag gives `open`
 * then `close` with the same tag object.
 */
import { SaxesParser } from 'saxes';
import { ReadError } from './errors.js';
import { bodyStart, needsSaxes, parseFast, Tag } from './xml-fast.js';

/** An attribute with namespace information. */
export interface XmlAttribute {
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  readonly uri: string;
  readonly value: string;
}

/** A start or end tag with namespace information (`uri`, `local`) and attributes. */
export interface XmlTag {
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  readonly uri: string;
  /** Attributes by qualified name. Prefer `attr()`, which is faster. */
  readonly attributes: Readonly<Record<string, XmlAttribute>>;
  readonly isSelfClosing: boolean;
}

/** Callbacks for one XML part. */
export interface XmlHandler {
  open?(tag: XmlTag): void;
  close?(tag: XmlTag): void;
  text?(text: string): void;
}

/** Parses one part from chunks of text (parsed when closed). */
export class XmlStream {
  private readonly chunks: string[] = [];

  constructor(
    private readonly part: string,
    private readonly handler: XmlHandler,
  ) {}

  /** Adds the next chunk. */
  write(chunk: string): void {
    this.chunks.push(chunk);
  }

  /** Ends the input and parses it; throws when the XML is not well-formed. */
  close(): void {
    parseXml(this.part, this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join(''), this.handler);
  }
}

/** Attribute value by local name (any prefix), e.g. `attr(tag, 'val')` for `w:val`. */
export function attr(tag: XmlTag, local: string): string | undefined {
  if (tag instanceof Tag) {
    const raw = tag.raw;
    if (raw === undefined) return undefined;
    for (let i = 0; i < raw.length; i += 5) if (raw[i + 2] === local && raw[i + 1] !== 'xmlns') return raw[i + 4];
    return undefined;
  }
  for (const key in tag.attributes) {
    const a = tag.attributes[key]!;
    if (a.local === local && a.prefix !== 'xmlns') return a.value;
  }
  return undefined;
}

/** Parses a whole part held as a string. */
export function parseXml(part: string, text: string, handler: XmlHandler): void {
  const start = bodyStart(text);
  if (start < 0 || needsSaxes(text, start)) return parseWithSaxes(part, text, handler);
  parseFast(part, text, handler, start);
}

// ---------------------------------------------------------------------------
// saxes, for everything else

function parseWithSaxes(part: string, text: string, handler: XmlHandler): void {
  const p = new SaxesParser({ xmlns: true, position: false });
  p.on('doctype', () => {
    throw new ReadError(
      'unsafe-xml',
      `The file contains an XML DOCTYPE/ENTITY declaration (in ${part}). Office programs never write one, and such declarations are used to attack readers (for example "billion laughs"), so the file was not read.`,
    );
  });
  p.on('error', (err) => {
    throw new ReadError('damaged-file', `The file is damaged: ${part} is not well-formed XML.`, { cause: err });
  });
  if (handler.open) p.on('opentag', handler.open);
  if (handler.close) p.on('closetag', handler.close);
  if (handler.text) {
    p.on('text', handler.text);
    p.on('cdata', handler.text);
  }
  p.write(text);
  p.close();
}
