/**
 * Where a reference can begin, as one compiled regular expression, and what
 * each kind of beginning ("21 CFR", "§", "Sec.", "QSR", "Part", "Subpart",
 * "?fr=", a bare "820.") allows after it.
 */
import { policy, type Env, type GroupResult } from './candidate.js';
import { readNumbered } from './group.js';
import { badContextBefore } from './guards.js';
import { skipWs } from './lexer.js';
import { readSubpart } from './subpart.js';

const H = String.raw`[ \t\u00a0\u2009\u202f]`;
const CFR = String.raw`(?:C\.${H}?F\.${H}?R\.?|CFR|CRF)`;

/** Every place a reference may start. Case-insensitive; lookarounds keep "eCFR", "cfcfr", "PN820.30" and "1820.30" out (a title may follow a letter: "See21 CFR"). */
export const ANCHOR = new RegExp(
  [
    String.raw`(?<cfr>(?:(?<![\d.])(?<title>\d{1,3})(?<tsep>\.|${H}*(?:\r?\n${H}*)?)|(?<![\w.]))${CFR}(?![a-z]))`,
    String.raw`(?<url>[?&]fr=(?=\d))`,
    String.raw`(?<sect>§§?)`,
    String.raw`(?<sec>(?<![\w.])(?:secs?\.?|sections?)(?=[\s\u00a0]*\d+\.\d))`,
    String.raw`(?<qsr>(?<![\w.])(?:QSR|QS${H}?Reg(?:ulation)?s?\.?|Quality${H}+System${H}+Regulation)(?=[\s\u00a0]*(?:§§?[\s\u00a0]*)?820\.\d))`,
    String.raw`(?<subpart>(?<![\w.])subparts?(?=[\s\u00a0]+[a-z](?![a-z0-9])))`,
    String.raw`(?<part>(?<![\w.])parts?(?=[\s\u00a0]*\d))`,
    String.raw`(?<bare>(?<![\w.,$€£¥#@/\\+=:%&°-])820\.(?=\d))`,
  ].join('|'),
  'gi',
);

/**
 * What every match of ANCHOR contains, with what its look-ahead demands (keep in step with
 * ANCHOR): a text without any of these has no place where a reference may start.
 */
export const ANCHOR_NEEDS = new RegExp(
  [
    String.raw`C\.${H}?F\.${H}?R|CFR|CRF`,
    'fr=',
    '§',
    String.raw`sec(?:tion)?s?\.?[\s\u00a0]*\d+\.\d`,
    String.raw`820\.`, // the QSR anchor looks ahead for 820.x; the bare one is 820.x
    String.raw`subparts?[\s\u00a0]+[a-z]`,
    String.raw`parts?[\s\u00a0]*\d`,
  ].join('|'),
  'i',
);

const PART_WORD = /(parts?)(?![a-z])[\s\u200b]*/iy;
const SECTION_SIGN = /§§?[\s\u200b]*/y;
const SEC_WORD = /sec(?:tion)?s?\.?(?![a-z])[\s\u200b]*/iy;

/** Digits (not 21) right before a "CFR" that had no title of its own: "2021 CFR", "45\u00a0 CFR" split oddly. */
function otherTitleBefore(text: string, start: number): boolean {
  const m = /(\d+)[\s.]*$/.exec(text.slice(Math.max(0, start - 8), start));
  return m !== null && m[1] !== '21';
}

function readCfr(env: Env, m: RegExpExecArray): GroupResult | undefined {
  const text = env.text;
  const g = m.groups!;
  const start = m.index;
  const end = start + m[0].length;
  const title = g['title'];
  const drop = title !== undefined ? title !== '21' : otherTitleBefore(text, start);
  if (text[end] === '.' && /\d/.test(text[end + 1] ?? '')) {
    return readNumbered(env, policy({ form: 'wiki', wiki: true, partOnly: true, drop }), start, end + 1);
  }
  let pos = skipWs(text, end);
  let partWord = false;
  let plural = false;
  PART_WORD.lastIndex = pos;
  const pw = PART_WORD.exec(text);
  if (pw) {
    partWord = true;
    plural = pw[1]!.length === 5;
    pos = PART_WORD.lastIndex;
  } else {
    for (const re of [SECTION_SIGN, SEC_WORD]) {
      re.lastIndex = pos;
      if (re.exec(text)) {
        pos = re.lastIndex;
        break;
      }
    }
  }
  const compact = title !== undefined && g['tsep'] === '';
  const form = partWord ? 'cfr-part-section' : compact ? 'compact' : 'cfr';
  return readNumbered(env, policy({ form, partOnly: true, pluralParts: plural, drop }), start, pos);
}

/** Reads the reference group that starts with anchor match `m`, or undefined when it is not a citation after all. */
export function readAnchor(env: Env, m: RegExpExecArray): GroupResult | undefined {
  const g = m.groups!;
  const text = env.text;
  const start = m.index;
  const end = start + m[0].length;
  if (g['cfr'] !== undefined) return readCfr(env, m);
  if (g['url'] !== undefined) return readNumbered(env, policy({ form: 'url', paragraphs: false }), end, end);
  if (g['sect'] !== undefined) {
    return readNumbered(env, policy({ form: 'section-sign', otherParts: 'big-or-long-section' }), start, skipWs(text, end));
  }
  if (g['sec'] !== undefined) {
    const word = /^section/i.test(m[0]);
    return readNumbered(env, policy({ form: 'sec', otherParts: word ? 'none' : 'big', knownOnly: word, strict: word }), start, skipWs(text, end));
  }
  if (g['qsr'] !== undefined) {
    let pos = skipWs(text, end);
    SECTION_SIGN.lastIndex = pos;
    if (SECTION_SIGN.exec(text)) pos = SECTION_SIGN.lastIndex;
    return readNumbered(env, policy({ form: 'qsr', otherParts: 'none' }), start, pos);
  }
  if (g['subpart'] !== undefined) return readSubpart(env, start, end, m[0].length === 8);
  if (g['part'] !== undefined) {
    const plural = m[0].length === 5;
    const pol = policy({ form: 'cfr-part-section', partOnly: true, pluralParts: plural, otherParts: 'big', strict: true });
    return readNumbered(env, pol, start, skipWs(text, end));
  }
  // A bare "820.x".
  if (!env.single && badContextBefore(text, start)) return undefined;
  return readNumbered(env, policy({ form: 'bare', explicit: false, needs: 'bare', otherParts: 'none', knownOnly: true, strict: true }), start, start);
}
