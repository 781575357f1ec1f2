/**
 * Cheap necessary conditions for regular expressions: the literal words a
 * text must contain before a pattern can match it. Testing for words is far
 * cheaper than running a pattern that starts with a look-behind or an
 * alternation, and most blocks lack the words, so most patterns never run.
 *
 * `requiredWords` reads the pattern's source conservatively: whenever it
 * meets syntax it does not fully understand it gives up (returns undefined),
 * which means "always run the pattern". What it returns is sound: every text
 * the pattern can match satisfies one of its alternatives, that is, contains
 * a word of each of that alternative's clauses ("device" and "history" and
 * "record"; "audit" and one of "fda", "investigator", …). Words are ASCII
 * letters, digits, spaces and simple punctuation (and §), lower-cased for a
 * pattern with the i flag, so that folding the case of ASCII letters in the
 * text (`foldCase`) and case-insensitive matching agree.
 *
 * `mayMatch` is the plain definition, searching the text; `WordIndex`
 * (word-index.ts) gives the same verdicts for a whole document from one pass.
 */

/** Strings one of which a text must contain. */
export type Clause = readonly string[];

/** The words that gate a pattern. */
export interface Prefilter {
  /**
   * A text the pattern matches satisfies one of these alternatives: it contains a
   * string of every clause of it. Undefined: always run the pattern.
   */
  alternatives: readonly (readonly Clause[])[] | undefined;
  /** The words are lower-case and compared with the case-folded text (the pattern has the i flag). */
  caseless: boolean;
}

/** The prefilter of a pattern (see `requiredWords`). */
export function prefilterFor(pattern: RegExp): Prefilter {
  return { alternatives: requiredWords(pattern), caseless: pattern.flags.includes('i') };
}

/**
 * The text with ASCII letters in lower case, and the two other characters that
 * case-insensitive Unicode patterns take for ASCII letters (long s, Kelvin sign)
 * written as those letters. Other characters stay as they are: no word has them.
 */
export function foldCase(text: string): string {
  return text.replace(/[A-Z\u017f\u212a]/g, (c) => (c === '\u017f' ? 's' : c === '\u212a' ? 'k' : c.toLowerCase()));
}

/** Whether the pattern may match `text` (`folded` is `foldCase(text)`): it satisfies an alternative, or there are none. */
export function mayMatch(filter: Prefilter, text: string, folded: string = filter.caseless ? foldCase(text) : text): boolean {
  if (filter.alternatives === undefined) return true;
  const haystack = filter.caseless ? folded : text;
  return filter.alternatives.some((clauses) => clauses.every((clause) => clause.some((word) => haystack.includes(word))));
}

/** Shortest word worth gating on: shorter ones occur in almost every paragraph. */
const MIN_WORD = 3;

/** Most alternatives a prefilter keeps; beyond it a group's options are merged into one clause. */
const MAX_ALTERNATIVES = 16;

type Node = { kind: 'alt'; options: Seq[] };
type Seq = Item[];
type Item = { kind: 'char'; char: string; min: number; repeat: boolean } | { kind: 'group'; node: Node; min: number } | { kind: 'other'; min: number };

class Unsupported extends Error {}

/**
 * The alternatives one of which every text `pattern` matches satisfies (see
 * `Prefilter`), lower-cased for a caseless pattern, or undefined when no
 * useful condition can be read from the pattern.
 */
export function requiredWords(pattern: RegExp): Clause[][] | undefined {
  if (pattern.flags.includes('v') || pattern.flags.includes('x')) return undefined;
  const caseless = pattern.flags.includes('i');
  let node: Node;
  try {
    const parser = new Parser(pattern.source);
    node = parser.alternation();
    if (!parser.done()) return undefined;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
  const alternatives = ofAlternation(node);
  if (!alternatives) return undefined;
  const tidy = (clause: Clause): Clause => [...new Set(caseless ? clause.map((w) => w.toLowerCase()) : clause)];
  return alternatives.map((clauses) => {
    const unique = new Map(clauses.map((c) => tidy(c)).map((c) => [JSON.stringify([...c].sort()), c]));
    // The most selective clause first: a text without its words is ruled out soonest.
    return [...unique.values()].sort((a, b) => score(b) - score(a));
  });
}

/** How selective a clause is: its shortest word's length, less a little for each extra word. */
const score = (clause: Clause): number => Math.min(...clause.map((s) => s.length)) - clause.length / 100;

/** An alternation's alternatives: those of each option. */
function ofAlternation(node: Node): Clause[][] | undefined {
  const out: Clause[][] = [];
  for (const seq of node.options) {
    const alternatives = ofSequence(seq);
    if (!alternatives) return undefined;
    out.push(...alternatives);
  }
  return out;
}

/**
 * A sequence's alternatives: every run of known characters it requires is a
 * clause of its own; a required group multiplies the alternatives by its own
 * (while there are at most MAX_ALTERNATIVES), or else adds one clause, the
 * most selective clause of each of its alternatives taken together.
 */
function ofSequence(seq: Seq): Clause[][] | undefined {
  let alternatives: Clause[][] = [[]];
  let run = '';
  const flush = (): void => {
    if (run.length >= MIN_WORD) for (const a of alternatives) a.push([run]);
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
    if (item.kind !== 'group' || item.min < 1) continue;
    const inner = ofAlternation(item.node);
    if (!inner) continue;
    if (alternatives.length * inner.length <= MAX_ALTERNATIVES) {
      alternatives = alternatives.flatMap((a) => inner.map((b) => [...a, ...b]));
    } else {
      const merged = inner.flatMap((clauses) => clauses.reduce((best, c) => (score(c) > score(best) ? c : best)));
      for (const a of alternatives) a.push(merged);
    }
  }
  flush();
  return alternatives.some((a) => a.length === 0) ? undefined : alternatives;
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
