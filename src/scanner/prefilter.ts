/**
 * Cheap necessary conditions for regular expressions: the literal words a
 * text must contain before a pattern can match it. `String.includes` over a
 * lower-cased block is far cheaper than running a pattern that starts with a
 * look-behind or an alternation, and most blocks contain none of the words, so
 * most patterns never run.
 *
 * `requiredLiterals` reads the pattern's source conservatively: whenever it
 * meets syntax it does not fully understand it gives up (returns undefined),
 * which means "always run the pattern". A set it returns is sound: every text
 * the pattern can match contains at least one of its strings (lower-cased,
 * for a pattern with the i flag; ASCII letters, digits, spaces and simple
 * punctuation only, so lower-casing the text and case-insensitive matching agree).
 */

/** The words that gate a pattern. */
export interface Prefilter {
  /** Strings one of which a text must contain; undefined: always run the pattern. */
  literals: readonly string[] | undefined;
  /** The literals are lower-case and tested against the lower-cased text (the pattern has the i flag). */
  caseless: boolean;
  /** For each literal, its three-character sequences (see `TrigramSet`), or undefined if it has characters beyond ASCII. */
  trigrams?: readonly (readonly number[] | undefined)[];
}

/** The prefilter of a pattern (see `requiredLiterals`). */
export function prefilterFor(pattern: RegExp): Prefilter {
  const literals = requiredLiterals(pattern);
  return { literals, caseless: pattern.flags.includes('i'), ...(literals ? { trigrams: literals.map(trigramsOf) } : {}) };
}

/** The trigram numbers of an ASCII string, or undefined if it holds any other character. */
function trigramsOf(literal: string): number[] | undefined {
  for (let i = 0; i < literal.length; i++) if (literal.charCodeAt(i) > 0x7f) return undefined;
  const out: number[] = [];
  for (let i = 2; i < literal.length; i++) out.push(trigram(literal.charCodeAt(i - 2), literal.charCodeAt(i - 1), literal.charCodeAt(i)));
  return out;
}

const trigram = (a: number, b: number, c: number): number => (a << 14) | (b << 7) | c;

/**
 * The three-character sequences of ASCII characters a text contains, as a
 * bitmap over all 2^21 of them, refilled per text without clearing (each fill
 * has its own stamp). A literal one of whose sequences the text lacks cannot
 * occur in it, which settles most checks without searching the text.
 */
class TrigramSet {
  private stamps: Uint8Array | undefined;
  private stamp = 0;

  fill(text: string): void {
    this.stamps ??= new Uint8Array(1 << 21);
    if (++this.stamp > 255) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    const stamps = this.stamps;
    const stamp = this.stamp;
    let a = -1;
    let b = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) {
        a = b = -1;
        continue;
      }
      if (a >= 0) stamps[trigram(a, b, c)] = stamp;
      a = b;
      b = c;
    }
  }

  hasAll(trigrams: readonly number[]): boolean {
    const stamps = this.stamps!;
    for (const t of trigrams) if (stamps[t] !== this.stamp) return false;
    return true;
  }
}

/** Texts shorter than this are searched directly. */
const SHORT_TEXT = 200;

/**
 * One text prepared for many prefilter checks: lower-cased once, and its
 * trigram sets built on first use, so that a literal the text cannot contain
 * is ruled out without a search. Reused text after text (`load`); one per thread
 * and purpose is enough because scanning a document is synchronous.
 */
export class TextProbe {
  private text = '';
  private lowered: string | undefined;
  private readonly exact = new TrigramSet();
  private readonly folded = new TrigramSet();
  private exactFilled = false;
  private foldedFilled = false;

  load(text: string): this {
    this.text = text;
    this.lowered = undefined;
    this.exactFilled = this.foldedFilled = false;
    return this;
  }

  /** The text as caseless literals are compared with it (`lowerForPrefilter`). */
  get lower(): string {
    return (this.lowered ??= lowerForPrefilter(this.text));
  }

  /** Exactly `mayMatch(filter, text, lower)`, faster. */
  mayMatch(filter: Prefilter): boolean {
    const literals = filter.literals;
    if (literals === undefined) return true;
    const haystack = filter.caseless ? this.lower : this.text;
    // A short text (a spreadsheet cell, a heading) is searched faster than its trigrams are collected.
    if (haystack.length < SHORT_TEXT) return mayMatch(filter, this.text, this.lower);
    const set = filter.caseless ? this.foldedSet() : this.exactSet();
    for (let i = 0; i < literals.length; i++) {
      const grams = filter.trigrams?.[i];
      if (grams !== undefined && !set.hasAll(grams)) continue;
      if (haystack.includes(literals[i]!)) return true;
    }
    return false;
  }

  private exactSet(): TrigramSet {
    if (!this.exactFilled) this.exact.fill(this.text);
    this.exactFilled = true;
    return this.exact;
  }

  private foldedSet(): TrigramSet {
    if (!this.foldedFilled) this.folded.fill(this.lower);
    this.foldedFilled = true;
    return this.folded;
  }
}

/**
 * The text as caseless literals are compared with it: lower-cased, and the long s
 * (which case-insensitive patterns match as "s") written as "s".
 */
export function lowerForPrefilter(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('\u017f') ? lower.replaceAll('\u017f', 's') : lower;
}

/** Whether the pattern may match `text` (`lower` is `lowerForPrefilter(text)`): it contains one of the literals, or there are none. */
export function mayMatch(filter: Prefilter, text: string, lower: string): boolean {
  if (filter.literals === undefined) return true;
  const haystack = filter.caseless ? lower : text;
  for (const l of filter.literals) if (haystack.includes(l)) return true;
  return false;
}

/**
 * Prefilter verdicts for one whole document, computed once per pattern: a
 * pattern whose words occur nowhere in the document is skipped in every block
 * without looking at the blocks one by one.
 */
export class DocumentGate {
  private loaded = false;
  private readonly verdicts = new Map<Prefilter, boolean>();

  /** `probe` is this gate's own for the time the document is scanned (a new one if not given). */
  constructor(
    private readonly blocks: readonly { text: string }[],
    private readonly probe: TextProbe = new TextProbe(),
  ) {}

  /** Whether some block of the document may match the pattern. */
  admits(filter: Prefilter): boolean {
    if (filter.literals === undefined) return true;
    let verdict = this.verdicts.get(filter);
    if (verdict === undefined) {
      // Joined with a line break, a literal found in any block is found in the whole.
      if (!this.loaded) this.probe.load(this.blocks.map((b) => b.text).join('\n'));
      this.loaded = true;
      verdict = this.probe.mayMatch(filter);
      this.verdicts.set(filter, verdict);
    }
    return verdict;
  }
}

/** Shortest literal worth gating on: shorter ones occur in almost every paragraph. */
const MIN_LITERAL = 3;

type Node = { kind: 'alt'; options: Seq[] };
type Seq = Item[];
type Item = { kind: 'char'; char: string; min: number; repeat: boolean } | { kind: 'group'; node: Node; min: number } | { kind: 'other'; min: number };

class Unsupported extends Error {}

/**
 * Lower-case strings one of which occurs in every text `pattern` matches, or
 * undefined when no useful set can be read from the pattern.
 */
export function requiredLiterals(pattern: RegExp): string[] | undefined {
  if (pattern.flags.includes('v') || pattern.flags.includes('x')) return undefined;
  const caseless = pattern.flags.includes('i');
  try {
    const parser = new Parser(pattern.source);
    const node = parser.alternation();
    if (!parser.done()) return undefined;
    const set = required(node);
    if (!set || set.length === 0) return undefined;
    return [...new Set(caseless ? set.map((s) => s.toLowerCase()) : set)];
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

/** A covering set for an alternation: each option must give one. */
function required(node: Node): string[] | undefined {
  const out: string[] = [];
  for (const seq of node.options) {
    const best = bestOfSequence(seq);
    if (!best) return undefined;
    out.push(...best);
  }
  return out;
}

/** The most selective covering set among the required parts of a sequence (largest shortest member). */
function bestOfSequence(seq: Seq): string[] | undefined {
  const candidates: string[][] = [];
  let run = '';
  const flush = (): void => {
    if (run.length >= MIN_LITERAL) candidates.push([run]);
    run = '';
  };
  for (const item of seq) {
    if (item.kind === 'char' && item.min >= 1) {
      run += item.char;
      // "s+" requires one s, then the run of known characters ends.
      if (item.repeat) flush();
      continue;
    }
    flush();
    if (item.kind === 'group' && item.min >= 1) {
      const set = required(item.node);
      if (set && set.every((s) => s.length >= MIN_LITERAL)) candidates.push(set);
    }
  }
  flush();
  if (candidates.length === 0) return undefined;
  const score = (set: string[]): number => Math.min(...set.map((s) => s.length)) - set.length / 100;
  return candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
}

/** Characters that stand for themselves and survive lower-casing unchanged in meaning. */
const PLAIN = /^[A-Za-z0-9 ,'":;%&@#~<>=_!\-/]$/;
/** Escaped characters that stand for themselves. */
const ESCAPED_LITERAL = /^[.()[\]{}|?*+^$\\/\-§]$/;

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  done(): boolean {
    return this.i >= this.src.length;
  }

  alternation(): Node {
    const options: Seq[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return { kind: 'alt', options };
  }

  private sequence(): Seq {
    const seq: Seq = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const { min, repeat } = this.quantifier();
      if (atom === 'zero-width') continue;
      if (atom.kind === 'char') seq.push({ ...atom, min, repeat });
      else seq.push({ ...atom, min });
    }
    return seq;
  }

  /** One atom; zero-width assertions (\b, ^, $, look-arounds) do not consume text and are skipped. */
  private atom(): 'zero-width' | { kind: 'char'; char: string } | { kind: 'group'; node: Node } | { kind: 'other' } {
    const c = this.src[this.i]!;
    if (c === '(') return this.group();
    if (c === '[') {
      this.characterClass();
      return { kind: 'other' };
    }
    if (c === '^' || c === '$') {
      this.i++;
      return 'zero-width';
    }
    if (c === '.') {
      this.i++;
      return { kind: 'other' };
    }
    if (c === '\\') return this.escape();
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ']' || c === '}') throw new Unsupported();
    this.i++;
    if (PLAIN.test(c)) return { kind: 'char', char: c };
    if (c === '§') return { kind: 'char', char: c };
    return { kind: 'other' };
  }

  private group(): 'zero-width' | { kind: 'group'; node: Node } {
    const rest = this.src.slice(this.i);
    let lookaround = false;
    if (rest.startsWith('(?:')) this.i += 3;
    else if (rest.startsWith('(?=') || rest.startsWith('(?!')) {
      this.i += 3;
      lookaround = true;
    } else if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
      this.i += 4;
      lookaround = true;
    } else if (rest.startsWith('(?<')) {
      const close = this.src.indexOf('>', this.i);
      if (close < 0) throw new Unsupported();
      this.i = close + 1;
    } else if (rest.startsWith('(?')) throw new Unsupported();
    else this.i += 1;
    const node = this.alternation();
    if (this.src[this.i] !== ')') throw new Unsupported();
    this.i++;
    return lookaround ? 'zero-width' : { kind: 'group', node };
  }

  private characterClass(): void {
    this.i++;
    while (this.i < this.src.length && this.src[this.i] !== ']') this.i += this.src[this.i] === '\\' ? 2 : 1;
    if (this.src[this.i] !== ']') throw new Unsupported();
    this.i++;
  }

  private escape(): 'zero-width' | { kind: 'char'; char: string } | { kind: 'other' } {
    const next = this.src[this.i + 1];
    if (next === undefined) throw new Unsupported();
    if (next === 'b' || next === 'B') {
      this.i += 2;
      return 'zero-width';
    }
    if (next === 'p' || next === 'P') {
      const close = this.src.indexOf('}', this.i);
      if (this.src[this.i + 2] !== '{' || close < 0) throw new Unsupported();
      this.i = close + 1;
      return { kind: 'other' };
    }
    if (next === 'u' || next === 'x') {
      const m = /^\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})/.exec(this.src.slice(this.i));
      if (!m) throw new Unsupported();
      this.i += m[0].length;
      return { kind: 'other' };
    }
    if (next === 'k' || next === 'c' || /[1-9]/.test(next)) throw new Unsupported();
    this.i += 2;
    if (ESCAPED_LITERAL.test(next)) return { kind: 'char', char: next };
    return { kind: 'other' };
  }

  /** The quantifier after an atom: its minimum count, and whether it may repeat. */
  private quantifier(): { min: number; repeat: boolean } {
    const c = this.src[this.i];
    let min = 1;
    let repeat = false;
    if (c === '?') {
      min = 0;
      this.i++;
    } else if (c === '*') {
      min = 0;
      repeat = true;
      this.i++;
    } else if (c === '+') {
      repeat = true;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) throw new Unsupported();
      min = Number(m[1]);
      repeat = m[2] !== undefined ? m[3] !== `${min}` : false;
      if (m[2] === undefined && min > 1) repeat = true;
      this.i += m[0].length;
    } else {
      return { min, repeat };
    }
    if (this.src[this.i] === '?') this.i++;
    return { min, repeat };
  }
}
