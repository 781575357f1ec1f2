/**
 * The fast engine of xml.ts: ordinary Office XML (an XML 1.0 declaration,
 * elements, attributes, text, character and predefined entity references,
 * comments) parsed with the same events and the same well-formedness checks
 * as saxes. `needsSaxes` tells which parts must go to saxes instead.
 */
import { ReadError } from './errors.js';
import type { XmlAttribute, XmlHandler, XmlTag } from './xml.js';

/**
 * Where the markup after the BOM and XML declaration starts, or -1 when the
 * declaration is one the fast engine leaves to saxes (not version 1.0, or not
 * as saxes accepts it).
 */
export function bodyStart(text: string): number {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('<?xml', start)) return start;
  XML_DECL.lastIndex = start;
  const m = XML_DECL.exec(text);
  return m && m[2] === '1.0' ? XML_DECL.lastIndex : -1;
}

/** Parses `text` from `start` (see `bodyStart`) with the fast engine. */
export function parseFast(part: string, text: string, handler: XmlHandler, start: number): void {
  new FastParser(part, text, handler).parse(start);
}

/**
 * Whether the text has anything the fast engine leaves to saxes: characters
 * XML forbids (lone surrogates too), processing instructions, a DOCTYPE, CDATA
 * and other `<!` constructs except comments, `]]>`.
 */
export function needsSaxes(text: string, start: number): boolean {
  ODD_CHAR.lastIndex = start;
  if (ODD_CHAR.test(text)) {
    // Surrogates: only a lone one is a problem.
    FORBIDDEN_CHAR.lastIndex = start;
    if (FORBIDDEN_CHAR.test(text)) return true;
  }
  // Searched by their rarer character, which is faster than searching `<?` and `<!` themselves.
  for (let i = text.indexOf('?', start); i >= 0; i = text.indexOf('?', i + 1)) if (text.charCodeAt(i - 1) === 60) return true;
  for (let i = text.indexOf('!', start); i >= 0; i = text.indexOf('!', i + 1)) if (text.charCodeAt(i - 1) === 60 && !text.startsWith('--', i + 1)) return true;
  for (let i = text.indexOf(']]', start); i >= 0; i = text.indexOf(']]', i + 1)) if (text.charCodeAt(i + 2) === 62) return true;
  return false;
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([
  ['xml', XML_NAMESPACE],
  ['xmlns', XMLNS_NAMESPACE],
]);

const S = '[ \\t\\r\\n]';
/** The XML declaration as saxes accepts it (version, then optional encoding and standalone). */
const XML_DECL = new RegExp(
  `<\\?xml${S}+version${S}*=${S}*(["'])(1\\.[0-9]+)\\1(?:${S}+encoding${S}*=${S}*(["'])[A-Za-z][A-Za-z0-9._-]*\\3)?(?:${S}+standalone${S}*=${S}*(["'])(?:yes|no)\\4)?${S}*\\?>`,
  'y',
);
/** Characters XML forbids, and surrogates (one scan; see FORBIDDEN_CHAR). */
// eslint-disable-next-line no-control-regex
const ODD_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;
/** Characters XML forbids, lone surrogates included. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
/** An XML 1.0 Name (fifth edition); its name characters include combining marks on purpose. */
// eslint-disable-next-line no-misleading-character-class
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`, 'u');
const ENTITIES: Readonly<Record<string, string>> = { __proto__: null, amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as unknown as Record<string, string>;

/** A checked name and its parts. */
interface QName {
  name: string;
  prefix: string;
  local: string;
}

/**
 * Checked names by a hash of their characters, shared by all parts: an Office
 * part uses a few hundred names again and again, and a known name is found
 * without cutting it out of the text.
 */
const names = new Map<number, QName[]>();
let nameCount = 0;
const MAX_NAMES = 20000;

/** The name's parts, or undefined when it is no XML name or no namespace-well-formed one. */
function splitName(name: string): QName | undefined {
  if (!NAME.test(name)) return undefined;
  const colon = name.indexOf(':');
  if (colon < 0) return { name, prefix: '', local: name };
  if (colon === 0 || colon === name.length - 1 || name.includes(':', colon + 1)) return undefined;
  return { name, prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

/** The tags the fast engine gives out; attributes are made into objects only when asked for. */
export class Tag implements XmlTag {
  isSelfClosing = false;
  private record?: Record<string, XmlAttribute>;

  constructor(
    readonly name: string,
    readonly prefix: string,
    readonly local: string,
    readonly uri: string,
    /** Attributes as (name, prefix, local, uri, value) quintuples. */
    readonly raw: string[] | undefined,
    /** Namespace bindings in force inside this element. */
    readonly scope: ReadonlyMap<string, string>,
  ) {}

  get attributes(): Readonly<Record<string, XmlAttribute>> {
    if (!this.record) {
      const r = Object.create(null) as Record<string, XmlAttribute>;
      const raw = this.raw ?? [];
      for (let i = 0; i < raw.length; i += 5) r[raw[i]!] = { name: raw[i]!, prefix: raw[i + 1]!, local: raw[i + 2]!, uri: raw[i + 3]!, value: raw[i + 4]! };
      this.record = r;
    }
    return this.record;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isXmlChar(c: number): boolean {
  return c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

class FastParser {
  private readonly stack: Tag[] = [];
  private scope: ReadonlyMap<string, string> = ROOT_SCOPE;
  private sawRoot = false;
  private closedRoot = false;
  /** Next `&` and `\r` at or after the text being read (the length of the text when there is none). */
  private nextAmp = -1;
  private nextCr = -1;

  constructor(
    private readonly part: string,
    private readonly src: string,
    private readonly handler: XmlHandler,
  ) {}

  parse(start: number): void {
    const src = this.src;
    const n = src.length;
    let i = start;
    for (;;) {
      const lt = src.indexOf('<', i);
      const end = lt < 0 ? n : lt;
      if (end > i) this.text(i, end);
      if (lt < 0) break;
      const c = src.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        i = this.closeTag(lt + 2);
      } else if (c === 33 /* ! */) {
        // Only comments get here (see needsSaxes); `--` may not occur inside one.
        const close = src.indexOf('--', lt + 4);
        if (close < 0 || src.charCodeAt(close + 2) !== 62) this.fail('malformed comment');
        i = close + 3;
      } else {
        i = this.openTag(lt + 1);
      }
    }
    if (!this.sawRoot) this.fail('no root element');
    if (this.stack.length > 0) this.fail(`unclosed tag ${this.stack[this.stack.length - 1]!.name}`);
  }

  private fail(detail: string): never {
    throw new ReadError('damaged-file', `The file is damaged: ${this.part} is not well-formed XML.`, { cause: new Error(detail) });
  }

  private text(from: number, to: number): void {
    const src = this.src;
    if (this.stack.length === 0) {
      // Outside the root only white space is allowed.
      for (let p = from; p < to; p++) if (!isSpace(src.charCodeAt(p))) this.fail('text outside the root element');
      this.handler.text?.(src.slice(from, to).replace(/\r\n?/g, '\n'));
      return;
    }
    if (this.nextAmp < from) this.nextAmp = indexOrEnd(src, '&', from);
    if (this.nextCr < from) this.nextCr = indexOrEnd(src, '\r', from);
    if (this.nextAmp >= to && this.nextCr >= to) {
      this.handler.text?.(src.slice(from, to));
      return;
    }
    let out = '';
    let run = from;
    for (let p = from; p < to; p++) {
      const c = src.charCodeAt(p);
      if (c === 38 /* & */) {
        const semi = src.indexOf(';', p + 1);
        if (semi < 0 || semi >= to) this.fail('unterminated entity');
        out += src.slice(run, p) + this.entity(src.slice(p + 1, semi));
        p = semi;
        run = semi + 1;
      } else if (c === 13) {
        out += src.slice(run, p) + '\n';
        if (src.charCodeAt(p + 1) === 10) p++;
        run = p + 1;
      }
    }
    out += src.slice(run, to);
    if (out) this.handler.text?.(out);
  }

  private entity(name: string): string {
    const known = ENTITIES[name];
    if (known !== undefined) return known;
    let code = NaN;
    if (/^#x[0-9a-fA-F]+$/.test(name)) code = Number.parseInt(name.slice(2), 16);
    else if (/^#[0-9]+$/.test(name)) code = Number.parseInt(name.slice(1), 10);
    if (!isXmlChar(code)) this.fail(`undefined entity &${name};`);
    return String.fromCodePoint(code);
  }

  /** The name in [from, to), whose characters hash to `hash`. */
  private qname(from: number, to: number, hash: number): QName {
    const src = this.src;
    const bucket = names.get(hash);
    if (bucket !== undefined) {
      for (const q of bucket) if (q.name.length === to - from && src.startsWith(q.name, from)) return q;
    }
    const name = src.slice(from, to);
    const q = splitName(name);
    if (q === undefined) this.fail(`bad name ${JSON.stringify(name)}`);
    // Bounded, so that names made to collide cannot make lookups slow.
    if (nameCount < MAX_NAMES && (bucket === undefined || bucket.length < 8)) {
      nameCount++;
      if (bucket !== undefined) bucket.push(q);
      else names.set(hash, [q]);
    }
    return q;
  }

  /** Reads a start tag whose name begins at `p`; returns the offset after it. */
  private openTag(p: number): number {
    const src = this.src;
    const n = src.length;
    let q = p;
    let hash = 0;
    while (q < n) {
      const c = src.charCodeAt(q);
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 47 || c === 62) break;
      hash = (Math.imul(hash, 31) + c) | 0;
      q++;
    }
    const qn = this.qname(p, q, hash);
    const name = qn.name;
    if (this.closedRoot) this.fail('more than one root element');
    this.sawRoot = true;
    let raw: string[] | undefined;
    let scope = this.scope;
    let selfClosing = false;
    for (;;) {
      const before = q;
      while (q < n && isSpace(src.charCodeAt(q))) q++;
      const c = src.charCodeAt(q);
      if (c === 62 /* > */) {
        q++;
        break;
      }
      if (c === 47 /* / */) {
        if (src.charCodeAt(q + 1) !== 62) this.fail('"/" not followed by ">"');
        q += 2;
        selfClosing = true;
        break;
      }
      if (q >= n) this.fail('unexpected end');
      if (q === before) this.fail('no white space before an attribute');
      const a = q;
      let ahash = 0;
      while (q < n) {
        const d = src.charCodeAt(q);
        if (d === 32 || d === 10 || d === 9 || d === 13 || d === 61 || d === 62 || d === 47) break;
        ahash = (Math.imul(ahash, 31) + d) | 0;
        q++;
      }
      const aq = this.qname(a, q, ahash);
      const aname = aq.name;
      while (q < n && isSpace(src.charCodeAt(q))) q++;
      if (src.charCodeAt(q) !== 61 /* = */) this.fail('attribute without value');
      q++;
      while (q < n && isSpace(src.charCodeAt(q))) q++;
      const quote = src.charCodeAt(q);
      if (quote !== 34 && quote !== 39) this.fail('unquoted attribute value');
      const close = src.indexOf(quote === 34 ? '"' : "'", q + 1);
      if (close < 0) this.fail('unexpected end');
      const value = this.attributeValue(q + 1, close);
      q = close + 1;
      (raw ??= []).push(aname, aq.prefix, aq.local, '', value);
      if (aq.prefix === 'xmlns') {
        const uri = value.trim();
        if (uri === '') this.fail('a prefix may not be undeclared in XML 1.0');
        this.checkBinding(aq.local, uri);
        scope = declare(scope, this.scope, aq.local, uri);
      } else if (aname === 'xmlns') {
        const uri = value.trim();
        this.checkBinding('', uri);
        scope = declare(scope, this.scope, '', uri);
      }
    }
    const uri = scope.get(qn.prefix) ?? '';
    if (qn.prefix !== '' && (qn.prefix === 'xmlns' || uri === '')) this.fail(`unbound prefix ${qn.prefix}`);
    if (raw) this.resolveAttributes(raw, scope);
    const tag = new Tag(name, qn.prefix, qn.local, uri, raw, scope);
    if (selfClosing) {
      tag.isSelfClosing = true;
      this.handler.open?.(tag);
      this.handler.close?.(tag);
      if (this.stack.length === 0) this.closedRoot = true;
    } else {
      this.handler.open?.(tag);
      this.stack.push(tag);
      this.scope = scope;
    }
    return q;
  }

  /** The Namespaces in XML rules for the xml and xmlns prefixes and namespaces. */
  private checkBinding(prefix: string, uri: string): void {
    if (prefix === 'xml' && uri !== XML_NAMESPACE) this.fail('xml prefix bound elsewhere');
    if (prefix === 'xmlns') this.fail('xmlns prefix declared');
    if (uri === XMLNS_NAMESPACE) this.fail('xmlns namespace bound');
    if (uri === XML_NAMESPACE && prefix !== 'xml') this.fail('xml namespace bound to another prefix');
  }

  /** Fills in the attributes' namespaces; refuses unbound prefixes and duplicates. */
  private resolveAttributes(raw: string[], scope: ReadonlyMap<string, string>): void {
    for (let i = 0; i < raw.length; i += 5) {
      const prefix = raw[i + 1]!;
      if (prefix === '') {
        if (raw[i] === 'xmlns') raw[i + 3] = XMLNS_NAMESPACE;
      } else {
        const uri = scope.get(prefix);
        if (uri === undefined) this.fail(`unbound prefix ${prefix}`);
        raw[i + 3] = uri;
      }
      for (let j = 0; j < i; j += 5) {
        if (raw[j] === raw[i]) this.fail(`duplicate attribute ${raw[i]!}`);
        if (prefix !== '' && raw[j + 1] !== '' && raw[j + 2] === raw[i + 2] && raw[j + 3] === raw[i + 3]) this.fail(`duplicate attribute ${raw[i]!}`);
      }
    }
  }

  /** An attribute value between its quotes: references decoded, white space characters as spaces. */
  private attributeValue(from: number, to: number): string {
    const src = this.src;
    let out = '';
    let run = from;
    for (let p = from; p < to; p++) {
      const c = src.charCodeAt(p);
      if (c > 60) continue;
      if (c === 60) this.fail('"<" in an attribute value');
      if (c === 38 /* & */) {
        const semi = src.indexOf(';', p + 1);
        if (semi < 0 || semi >= to) this.fail('unterminated entity');
        out += src.slice(run, p) + this.entity(src.slice(p + 1, semi));
        p = semi;
        run = semi + 1;
      } else if (c === 9 || c === 10) {
        out += src.slice(run, p) + ' ';
        run = p + 1;
      } else if (c === 13) {
        out += src.slice(run, p) + ' ';
        if (src.charCodeAt(p + 1) === 10) p++;
        run = p + 1;
      }
    }
    return run === from ? src.slice(from, to) : out + src.slice(run, to);
  }

  /** Reads an end tag whose name begins at `p`; returns the offset after it. */
  private closeTag(p: number): number {
    const src = this.src;
    const n = src.length;
    let q = p;
    while (q < n) {
      const c = src.charCodeAt(q);
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 62) break;
      q++;
    }
    const length = q - p;
    while (q < n && isSpace(src.charCodeAt(q))) q++;
    if (src.charCodeAt(q) !== 62) this.fail('bad end tag');
    const tag = this.stack.pop();
    if (!tag || tag.name.length !== length || !src.startsWith(tag.name, p)) this.fail(`unexpected end tag ${src.slice(p, p + length)}`);
    this.scope = this.stack.length > 0 ? this.stack[this.stack.length - 1]!.scope : ROOT_SCOPE;
    if (this.stack.length === 0) this.closedRoot = true;
    this.handler.close?.(tag);
    return q + 1;
  }
}

function indexOrEnd(src: string, ch: string, from: number): number {
  const i = src.indexOf(ch, from);
  return i < 0 ? src.length : i;
}

/** The scope with one more binding; copied once per element that declares any. */
function declare(scope: ReadonlyMap<string, string>, parent: ReadonlyMap<string, string>, prefix: string, uri: string): ReadonlyMap<string, string> {
  const out = scope === parent ? new Map(parent) : (scope as Map<string, string>);
  out.set(prefix, uri);
  return out;
}
