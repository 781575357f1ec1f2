/**
 * A streaming XML parser (saxes, namespace-aware) that refuses DOCTYPE and
 * entity declarations and turns malformed XML into a `damaged-file` error.
 * Office and OpenDocument files never contain a DOCTYPE; one that does may be
 * a "billion laughs" or external-entity attack.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ReadError } from './errors.js';

/** A start or end tag with namespace information (`uri`, `local`) and attributes. */
export type XmlTag = SaxesTagNS;

/** Callbacks for one XML part. */
export interface XmlHandler {
  open?(tag: XmlTag): void;
  close?(tag: XmlTag): void;
  text?(text: string): void;
}

/** Parses one part from chunks of text. */
export class XmlStream {
  private readonly parser = new SaxesParser({ xmlns: true, position: false });

  constructor(
    private readonly part: string,
    handler: XmlHandler,
  ) {
    const p = this.parser;
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
  }

  /** Feeds the next chunk. */
  write(chunk: string): void {
    this.parser.write(chunk);
  }

  /** Ends the input; throws when the XML is incomplete. */
  close(): void {
    this.parser.close();
  }
}

/** Attribute value by local name (any prefix), e.g. `attr(tag, 'val')` for `w:val`. */
export function attr(tag: XmlTag, local: string): string | undefined {
  for (const key in tag.attributes) {
    const a = tag.attributes[key]!;
    if (a.local === local && a.prefix !== 'xmlns') return a.value;
  }
  return undefined;
}

/** Parses a whole part held as a string. */
export function parseXml(part: string, text: string, handler: XmlHandler): void {
  const s = new XmlStream(part, handler);
  s.write(text);
  s.close();
}
