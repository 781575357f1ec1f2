/**
 * parseCitation: one reference as a user types it at the command line.
 */
import { ANCHOR, readAnchor } from './anchors.js';
import { policy, type Env, type GroupResult } from './candidate.js';
import { readNumbered } from './group.js';
import { DEFAULT_KNOWN_SECTIONS, PART_820_SUBPART_TITLES } from './known.js';
import type { ParseResult } from './types.js';

/** Words a user may put before the reference itself: "FDA QSR 820.30", "[[21.CFR.820.30]]", "Title 21 CFR 820.3". */
const LEAD = /^[\s[]*(?:(?:FDA|title)(?=[\s\-\d])[\s-]*)?/i;
/** What may follow the reference: closing wiki brackets, a full stop, whitespace. */
const TRAIL = /^[\s\]]*[.;,]?\s*$/;

const EXAMPLES = '820.30(g), 21 CFR 820.198(e), § 820.184, QSR 820.100, 21.CFR.820.20.b.3.i, Subpart M or Part 803';

function readAt(env: Env, pos: number): GroupResult | undefined {
  const re = new RegExp(ANCHOR);
  re.lastIndex = pos;
  const m = re.exec(env.text);
  if (m && m.index === pos) return readAnchor(env, m);
  // A bare number of any part: "803.50".
  if (/\d/.test(env.text[pos] ?? '')) return readNumbered(env, policy({ form: 'bare', explicit: false, needs: 'bare' }), pos, pos);
  return undefined;
}

/** Why `input` (trimmed) is not a citation, in words a user can act on. */
function explainFailure(input: string): string {
  const t = input.trim();
  if (t === '') return `Empty reference: type a citation such as ${EXAMPLES}.`;
  if (/^\d+\.$/.test(t)) return `"${t}" stops at the dot: add a section number, e.g. 820.30.`;
  if (/^820\.\d{4,}/.test(t)) return `"${t}" is not a Part 820 section: section numbers have at most three digits (820.1 to 820.250).`;
  if (/^\d+$/.test(t)) return `"${t}" alone is ambiguous: write "Part ${t}" for the whole part, or a section such as 820.30.`;
  const title = /^(?:title\s+)?(\d{1,3})\s*(?:C\.\s?F\.\s?R\.?|CFR|CRF)/i.exec(t);
  if (title && title[1] !== '21') return `"${t}" cites Title ${title[1]} of the CFR; only Title 21 (Food and Drugs) is covered.`;
  if (/^(?:(?:title\s+)?\d{1,3}\s*)?(?:C\.\s?F\.\s?R\.?|CFR|CRF)(?:\s*(?:parts?|§+|sec\.?))?\s*$/i.test(t)) {
    return `"${t}" names the Code of Federal Regulations but no part or section: add one, e.g. 21 CFR 820.30.`;
  }
  if (/^(?:§+|sec\.?|sections?|parts?|subparts?|QSR|QS\s?Reg(?:ulation)?)\s*$/i.test(t)) {
    return `"${t}" is not followed by a section, part or subpart: e.g. § 820.30, Part 803, Subpart M.`;
  }
  if (/^(?:subparts?)\s+\S/i.test(t)) return `"${t}": a subpart is one letter, e.g. Subpart M.`;
  return `"${t}" is not a citation this tool understands. Expected a form such as ${EXAMPLES}.`;
}

/**
 * Parses one reference typed by a user: `'820.30(g)'`, `'21 CFR 820.198(e)'`,
 * `'§ 820.184'`, `'Subpart M'`, `'21CFR820.75'`, `'21 CFR Part 820.20'`,
 * `'QSR 820.100'`, `'Sec. 820.50'`, `'21.CFR.820.20.b.3.i'`, `'part 803'`.
 * Whitespace and case tolerant. A list or range (`'§§ 820.40 and 820.180'`,
 * `'820.30(b)-(j)'`) returns its first item (with `range.to` for a range).
 * Offsets are relative to `input`.
 */
export function parseCitation(input: string): ParseResult {
  const env: Env = { text: input, known: DEFAULT_KNOWN_SECTIONS, single: true, otherSubpart: false };
  const lead = LEAD.exec(input)?.[0].length ?? 0;
  const group = readAt(env, lead);
  const first = group?.refs[0];
  if (!group || !first) return { ok: false, error: explainFailure(input) };
  if (first.drop) return { ok: false, error: explainFailure(input) };
  const rest = input.slice(group.end);
  if (!TRAIL.test(rest)) {
    const read = input.slice(first.ref.start, group.end).trim();
    const unread = rest.trim();
    // "Subpart C—Clinical Laboratory Instruments": a heading of another part (Part 820's titles are read with the letter).
    const titles = first.ref.part === 820 && first.ref.subpart !== undefined ? PART_820_SUBPART_TITLES[first.ref.subpart] : undefined;
    if (titles && /^(?:[—–-]{1,2}|:)\s*[a-z]{2}/i.test(unread)) {
      return { ok: false, error: `"${input.trim()}" is not a Part 820 heading: Part 820's ${read} is "${titles.join('" or "')}".` };
    }
    const hint = /\(\s*\(|\(\s*$|\([^)]*$|^\)/.test(unread) ? ' (check the parentheses)' : '';
    return { ok: false, error: `Could not understand "${unread}" after "${read}"${hint}.` };
  }
  return { ok: true, ref: first.ref };
}

/** The normalised citation of one typed reference (`'21 CFR 820.30(G)'` → `'820.30(g)'`), or undefined when it is not one. */
export function normaliseCitation(input: string): string | undefined {
  const parsed = parseCitation(input);
  return parsed.ok ? parsed.ref.citation : undefined;
}
