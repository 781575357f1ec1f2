/**
 * Where each character of a parser's decoded text came from in the source.
 * Parsers (markdown-it, parse5) hand back text with escapes removed, entities
 * decoded and markup dropped; matching the text against the source range of
 * its node, character by character, gives every character an exact offset.
 */

const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 0xa0;
}

interface Hit {
  at: number;
  next: number;
  entity: boolean;
}

/**
 * Source offset of each character of `value`, matched in order within
 * `source[from, to)`. Skipped source characters are markup, escapes or
 * collapsed whitespace. A character that cannot be found (the parser made it
 * up) gets the offset of the last match and consumes nothing.
 */
export function alignOffsets(value: string, source: string, from: number, to: number): number[] {
  const out = new Array<number>(value.length);
  let p = from;
  let last = from;
  for (let i = 0; i < value.length; i++) {
    const hit = find(value, i, source, p, to);
    if (hit === undefined) {
      out[i] = last;
      continue;
    }
    out[i] = hit.at;
    last = hit.at;
    p = hit.next;
    // A character outside the BMP decoded from an entity: its second half sits at the same place.
    const code = value.charCodeAt(i);
    if (hit.entity && code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) out[++i] = hit.at;
  }
  return out;
}

function find(value: string, i: number, source: string, from: number, to: number): Hit | undefined {
  const c = value.charCodeAt(i);
  for (let p = from; p < to; p++) {
    const s = source.charCodeAt(p);
    if (s === 38 /* & */) {
      const m = ENTITY.exec(source.slice(p, p + 40));
      // An entity stands for one decoded character, unless the value holds it literally.
      if (m && !value.startsWith(m[0], i)) return { at: p, next: p + m[0].length, entity: true };
    }
    if (s === c) return { at: p, next: p + 1, entity: false };
    if (isSpace(c) && isSpace(s)) {
      // Collapsed whitespace: one space in the value stands for a run of it in the source.
      let q = p + 1;
      if (!isSpace(value.charCodeAt(i + 1))) while (q < to && isSpace(source.charCodeAt(q))) q++;
      return { at: p, next: q, entity: false };
    }
  }
  return undefined;
}
