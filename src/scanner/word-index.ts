/**
 * Which prefilter words (prefilter.ts) each block of a document contains,
 * found in one pass over the document's text with an Aho–Corasick automaton
 * of every word of a scan's patterns. A prefilter check is then a few bit
 * tests instead of a search of the block for each word.
 *
 * The automaton reads the text with the case of ASCII letters folded
 * (`foldCase`), so it finds the words of caseless patterns exactly; a word of
 * a case-sensitive pattern found that way is confirmed by searching the block.
 */
import { type Clause, foldCase, type Prefilter, prefilterFor } from './prefilter.js';

/**
 * A pattern's prefilter with its words numbered in a `WordIndex` (or several
 * patterns' gates taken together, `WordIndex.union`); test it with `DocumentWords.mayMatch`.
 */
export interface Gate {
  /** The prefilter (none for a union). */
  readonly filter?: Prefilter;
  /** Position among the index's gates (for the per-document block sets). */
  readonly slot: number;
  /** Clauses every alternative has, then the rest of each alternative (undefined: always run). */
  readonly common: readonly IndexedClause[];
  readonly alternatives: readonly (readonly IndexedClause[])[] | undefined;
  /** The pattern is case-sensitive: words found with their case folded are confirmed as written. */
  readonly exact: boolean;
  /** For a union: the gates one of which a block must pass. */
  readonly members?: readonly Gate[];
}

interface IndexedClause {
  /** Word numbers in the automaton. */
  ids: readonly number[];
  /** For a case-sensitive pattern, the words as written (found folded, then confirmed). */
  exact: readonly string[] | undefined;
}

/** The words of a scan's patterns; build once per scan, then `read` each document. */
export class WordIndex {
  private readonly ids = new Map<string, number>();
  private readonly gates: Gate[] = [];
  private automaton: Automaton | undefined;
  private document: DocumentWords | undefined;

  /** The gate of `pattern`, its words added to the index. */
  gate(pattern: RegExp): Gate {
    return this.add(prefilterFor(pattern));
  }

  /** The gate of a prefilter, its words added to the index. */
  add(filter: Prefilter): Gate {
    const key = (clause: Clause): string => JSON.stringify(clause);
    const indexed = (clause: Clause): IndexedClause => ({
      ids: clause.map((word) => this.idOf(foldCase(word))),
      exact: filter.caseless ? undefined : clause,
    });
    let common: IndexedClause[] = [];
    let alternatives: IndexedClause[][] | undefined;
    if (filter.alternatives !== undefined) {
      const [first, ...others] = filter.alternatives;
      const shared = (first ?? []).filter((c) => others.every((a) => a.some((d) => key(d) === key(c))));
      const sharedKeys = new Set(shared.map(key));
      common = shared.map(indexed);
      alternatives = filter.alternatives.map((a) => a.filter((c) => !sharedKeys.has(key(c))).map(indexed));
    }
    return this.push({ filter, slot: this.gates.length, common, alternatives, exact: !filter.caseless });
  }

  /**
   * A gate that a block passes when it may pass one of `gates` (words of case-sensitive
   * patterns taken with their case folded): one check to skip a block that none of them can match.
   */
  union(gates: readonly Gate[]): Gate {
    const always = gates.some((g) => g.alternatives === undefined);
    return this.push({ slot: this.gates.length, common: [], alternatives: always ? undefined : [], exact: false, members: gates });
  }

  private push(gate: Gate): Gate {
    this.gates.push(gate);
    this.automaton = undefined;
    return gate;
  }

  /**
   * Finds the words in every block of a document. The answer is reused for the
   * next document (scanning a document is synchronous), so read one at a time.
   */
  read(blocks: readonly { text: string }[]): DocumentWords {
    if (!this.automaton) {
      this.automaton = new Automaton([...this.ids.keys()]);
      this.document = undefined;
    }
    this.document ??= new DocumentWords(this.automaton, this.gates.length);
    this.document.load(blocks);
    return this.document;
  }

  private idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(word, id);
    }
    return id;
  }
}

/**
 * The words found in one document, as a set of blocks per word (one bit per
 * block). A gate's blocks are worked out from its words' sets the first time
 * a block asks, so one check covers the gate for every block of the document.
 */
export class DocumentWords {
  private blocks: readonly { text: string }[] = [];
  /** Words per block set: one bit per block. */
  private stride = 0;
  /** The blocks holding each word: word `id` at `id * stride`. */
  private postings = new Uint32Array(0);
  /** The blocks each gate may match: gate `slot` at `slot * stride`, valid once `decided[slot]` is set. */
  private admitted = new Uint32Array(0);
  private readonly decided: Uint8Array;
  /** Scratch block sets: the blocks holding a word of a clause, satisfying one alternative, and any alternative so far. */
  private words = new Uint32Array(0);
  private all = new Uint32Array(0);
  private any = new Uint32Array(0);

  constructor(
    private readonly automaton: Automaton,
    private readonly gates: number,
  ) {
    this.decided = new Uint8Array(gates);
  }

  load(blocks: readonly { text: string }[]): void {
    this.blocks = blocks;
    const stride = (this.stride = Math.max(1, Math.ceil(blocks.length / 32)));
    const words = this.automaton.words.length;
    if (this.postings.length < words * stride) this.postings = new Uint32Array(words * stride * 2);
    if (this.admitted.length < this.gates * stride) this.admitted = new Uint32Array(this.gates * stride * 2);
    if (this.all.length < stride) {
      this.words = new Uint32Array(stride * 2);
      this.all = new Uint32Array(stride * 2);
      this.any = new Uint32Array(stride * 2);
    }
    this.postings.fill(0, 0, words * stride);
    this.decided.fill(0);
    for (let b = 0; b < blocks.length; b++) this.automaton.mark(blocks[b]!.text, this.postings, stride, b);
  }

  /**
   * Whether block `block` may match the gate's pattern: exactly `mayMatch(filter, text)` for the
   * block's text and the gate's prefilter; for a union, whether it may pass one of its gates.
   */
  mayMatch(gate: Gate, block: number): boolean {
    if (gate.alternatives === undefined) return true;
    if (this.decided[gate.slot] === 0) this.decide(gate);
    const at = gate.slot * this.stride + (block >>> 5);
    if ((this.admitted[at]! & (1 << (block & 31))) === 0) return false;
    // Words of a case-sensitive pattern were found with their case folded: confirm them as written.
    return gate.exact ? this.satisfies(gate, block) : true;
  }

  /** Works out the gate's blocks: those that hold a word of every common clause and of every clause of one alternative. */
  private decide(gate: Gate): void {
    const { stride, admitted, all, any } = this;
    const at = gate.slot * stride;
    this.decided[gate.slot] = 1;
    if (gate.members) {
      admitted.fill(0, at, at + stride);
      for (const member of gate.members) {
        if (this.decided[member.slot] === 0) this.decide(member);
        for (let i = 0; i < stride; i++) admitted[at + i]! |= admitted[member.slot * stride + i]!;
      }
      return;
    }
    admitted.fill(~0, at, at + stride);
    if (!this.intersect(admitted, at, gate.common)) return;
    any.fill(0, 0, stride);
    for (const clauses of gate.alternatives!) {
      all.fill(~0, 0, stride);
      if (this.intersect(all, 0, clauses)) for (let i = 0; i < stride; i++) any[i]! |= all[i]!;
    }
    for (let i = 0; i < stride; i++) admitted[at + i]! &= any[i]!;
  }

  /** Narrows the block set at `into[at …]` to the blocks that hold a word of every clause; false once it is empty. */
  private intersect(into: Uint32Array, at: number, clauses: readonly IndexedClause[]): boolean {
    const { stride, postings, words } = this;
    for (const clause of clauses) {
      words.fill(0, 0, stride);
      for (const id of clause.ids) for (let i = 0, p = id * stride; i < stride; i++, p++) words[i]! |= postings[p]!;
      let left = 0;
      for (let i = 0; i < stride; i++) left |= into[at + i]! &= words[i]!;
      if (left === 0) return false;
    }
    return true;
  }

  /** The gate's condition for one block, with case-sensitive words looked for as written. */
  private satisfies(gate: Gate, block: number): boolean {
    const text = this.blocks[block]!.text;
    const has = (clause: IndexedClause): boolean =>
      clause.ids.some((id, i) => (this.postings[id * this.stride + (block >>> 5)]! & (1 << (block & 31))) !== 0 && (clause.exact === undefined || text.includes(clause.exact[i]!)));
    return gate.common.every(has) && gate.alternatives!.some((clauses) => clauses.every(has));
  }
}

/** Set in a transition to a state at which words end. */
const ENDS_WORDS = 1 << 31;

/**
 * An Aho–Corasick automaton over case-folded text: one state per prefix of a
 * word, a full transition table over the characters the words use (every other
 * character is class 0, which no word contains), and per state the words that
 * end there.
 */
class Automaton {
  /** Character class of each UTF-16 code unit, after folding case. */
  private readonly classOf = new Uint8Array(0x10000);
  private readonly classes: number;
  /**
   * The transitions, a row of `classes` per state: `table[row + class]` is the next
   * state's row (its number times `classes`), with ENDS_WORDS set if words end there.
   */
  private readonly table: Int32Array;
  /** The words ending at state s: ends[outStart[s] .. outStart[s + 1]). */
  private readonly outStart: Int32Array;
  private readonly ends: Int32Array;

  constructor(readonly words: readonly string[]) {
    const classOfChar = new Map<string, number>();
    for (const word of words) for (const c of word) if (!classOfChar.has(c)) classOfChar.set(c, classOfChar.size + 1);
    const classes = (this.classes = classOfChar.size + 1);
    // Every code unit that folds to a word's character (an ASCII capital, the long s, the Kelvin sign) takes its class.
    for (const [c, cls] of classOfChar) this.classOf[c.charCodeAt(0)] = cls;
    for (let code = 0x41; code <= 0x5a; code++) this.classOf[code] = this.classOf[code + 0x20]!;
    this.classOf[0x17f] = this.classOf[0x73]!;
    this.classOf[0x212a] = this.classOf[0x6b]!;

    // The trie: state 0 is the root.
    const maxStates = 1 + words.reduce((n, w) => n + w.length, 0);
    const next = new Int32Array(maxStates * classes).fill(-1);
    const own: number[][] = [[]];
    for (const [id, word] of words.entries()) {
      let s = 0;
      for (const c of word) {
        const at = s * classes + classOfChar.get(c)!;
        if (next[at] === -1) {
          next[at] = own.length;
          own.push([]);
        }
        s = next[at]!;
      }
      own[s]!.push(id);
    }
    const states = own.length;

    // Breadth first: failure links, missing transitions through them, and each state's words with its suffixes'.
    const fail = new Int32Array(states);
    const out: number[][] = own.map((ids) => [...ids]);
    const queue: number[] = [];
    for (let c = 0; c < classes; c++) {
      const t = next[c]!;
      if (t === -1) next[c] = 0;
      else queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      out[s]!.push(...out[fail[s]!]!);
      for (let c = 0; c < classes; c++) {
        const at = s * classes + c;
        const t = next[at]!;
        const viaFail = next[fail[s]! * classes + c]!;
        if (t === -1) next[at] = viaFail;
        else {
          fail[t] = viaFail;
          queue.push(t);
        }
      }
    }
    this.table = new Int32Array(states * classes);
    for (let at = 0; at < states * classes; at++) {
      const t = next[at]!;
      this.table[at] = (t * classes) | (out[t]!.length > 0 ? ENDS_WORDS : 0);
    }
    this.outStart = new Int32Array(states + 1);
    for (let s = 0; s < states; s++) this.outStart[s + 1] = this.outStart[s]! + out[s]!.length;
    this.ends = Int32Array.from(out.flat());
  }

  /** Marks block `block` in the set (`postings`, `stride` words per word) of every word `text` contains. */
  mark(text: string, postings: Uint32Array, stride: number, block: number): void {
    const { classOf, table, outStart, ends, classes } = this;
    const word = block >>> 5;
    const bit = 1 << (block & 31);
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const to = table[row + classOf[text.charCodeAt(i)]!]!;
      row = to & ~ENDS_WORDS;
      if (to < 0) {
        const s = row / classes;
        for (let j = outStart[s]!, last = outStart[s + 1]!; j < last; j++) postings[ends[j]! * stride + word]! |= bit;
      }
    }
  }
}
