/**
 * A small lexical scan of XML text: where each tag starts and ends, in string
 * offsets of the original. The redliner uses it to splice edited paragraphs
 * into a part's original text, so everything it did not edit stays
 * byte-for-byte as it was (a DOM serialiser would normalise line ends, empty
 * elements and escapes elsewhere in the part).
 *
 * Handles quoted attribute values (which may contain `>`), comments, CDATA,
 * processing instructions and a document type declaration. It does not check
 * well-formedness: callers parse the same text with a real parser first.
 */

/** One tag in the text. `end` is the offset just after its `>`. */
export interface TagToken {
  kind: 'open' | 'close' | 'empty';
  /** Qualified name as written, e.g. `w:p`. */
  name: string;
  start: number;
  end: number;
}

/** Every tag of `xml` in document order. */
export function* scanTags(xml: string): Generator<TagToken> {
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return;
    if (xml.startsWith('<!--', lt)) {
      i = skipPast(xml, '-->', lt + 4);
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      i = skipPast(xml, ']]>', lt + 9);
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      i = skipPast(xml, '?>', lt + 2);
      continue;
    }
    if (xml.startsWith('<!', lt)) {
      i = skipDeclaration(xml, lt + 2);
      continue;
    }
    if (xml[lt + 1] === '/') {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) return;
      yield { kind: 'close', name: xml.slice(lt + 2, gt).trim(), start: lt, end: gt + 1 };
      i = gt + 1;
      continue;
    }
    let j = lt + 1;
    while (j < n && !/[\s/>]/.test(xml[j]!)) j++;
    const name = xml.slice(lt + 1, j);
    let quote = '';
    for (; j < n; j++) {
      const c = xml[j]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (j >= n) return;
    yield { kind: xml[j - 1] === '/' ? 'empty' : 'open', name, start: lt, end: j + 1 };
    i = j + 1;
  }
}

function skipPast(xml: string, marker: string, from: number): number {
  const k = xml.indexOf(marker, from);
  return k < 0 ? xml.length : k + marker.length;
}

/** `<!DOCTYPE ... [ ... ]>`: skips an internal subset in brackets too. */
function skipDeclaration(xml: string, from: number): number {
  let depth = 0;
  for (let j = from; j < xml.length; j++) {
    const c = xml[j];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return j + 1;
  }
  return xml.length;
}

/** Start and end offsets of every element named `qname`, in document order of their start tags. */
export function elementRanges(xml: string, qname: string): [number, number][] {
  const ranges: [number, number][] = [];
  const open: number[] = [];
  for (const tag of scanTags(xml)) {
    if (tag.name !== qname) continue;
    if (tag.kind === 'empty') ranges.push([tag.start, tag.end]);
    else if (tag.kind === 'open') {
      open.push(ranges.length);
      ranges.push([tag.start, -1]);
    } else {
      const k = open.pop();
      if (k !== undefined) ranges[k]![1] = tag.end;
    }
  }
  return ranges.every(([, end]) => end >= 0) ? ranges : [];
}

/** The root element's start tag and, unless it is empty, its end tag. */
export function rootTags(xml: string): { open: TagToken; close?: TagToken } | undefined {
  let depth = 0;
  let open: TagToken | undefined;
  for (const tag of scanTags(xml)) {
    if (!open) {
      if (tag.kind === 'close') return undefined;
      open = tag;
      if (tag.kind === 'empty') return { open };
      depth = 1;
      continue;
    }
    if (tag.kind === 'open') depth++;
    else if (tag.kind === 'close' && --depth === 0) return { open, close: tag };
  }
  return undefined;
}

/** The root element's direct children (start offset and local name), in order. */
export function rootChildren(xml: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  let depth = 0;
  let current: { name: string; start: number } | undefined;
  for (const tag of scanTags(xml)) {
    if (tag.kind === 'open') {
      if (depth === 1) current = { name: tag.name, start: tag.start };
      depth++;
    } else if (tag.kind === 'close') {
      depth--;
      if (depth === 1 && current) {
        out.push({ name: localName(current.name), start: current.start, end: tag.end });
        current = undefined;
      }
    } else if (depth === 1) out.push({ name: localName(tag.name), start: tag.start, end: tag.end });
  }
  return out;
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Text escaped for XML element content. */
export function escapeText(text: string): string {
  return stripInvalid(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text escaped for a double-quoted XML attribute value. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Removes characters XML 1.0 does not allow (control characters other than tab, newline, carriage return). */
export function stripInvalid(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}
