/**
 * The bracketed references every claim in a guide page carries, e.g.
 * `[§820.35(a)]`, `[former §820.198(e)]`, `[ISO 13485 7.3.7]`, `[21 CFR Part 803]`,
 * `[CP 7382.850]`, `[89 FR 7507]`, `[FDA QMSR FAQ]`; several joined by `; `.
 */

export type GuideRef =
  | { kind: 'qmsr'; citation: string; raw: string }
  | { kind: 'qsr'; citation: string; raw: string }
  | { kind: 'iso'; clause: string; raw: string }
  | { kind: 'part'; part: string; raw: string }
  | { kind: 'program'; raw: string }
  | { kind: 'federal-register'; raw: string }
  | { kind: 'faq'; raw: string }
  | { kind: 'unknown'; raw: string };

const CITATION = /^820\.\d{1,3}(?:\((?:[a-z]{1,2}|\d{1,2}|[ivx]{1,5})\))*$/;

/** Parse one reference inside brackets. */
export function parseGuideRef(raw: string): GuideRef {
  const text = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = /^former §\s?(.+)$/.exec(text)) && CITATION.test(m[1]!)) return { kind: 'qsr', citation: m[1]!, raw: text };
  if ((m = /^§\s?(.+)$/.exec(text)) && CITATION.test(m[1]!)) return { kind: 'qmsr', citation: m[1]!, raw: text };
  if ((m = /^ISO 13485 (\d{1,2}(?:\.\d{1,2}){0,3})$/.exec(text))) return { kind: 'iso', clause: m[1]!, raw: text };
  if ((m = /^21 CFR Part (\d{1,4})$/.exec(text))) return { kind: 'part', part: m[1]!, raw: text };
  if (/^CP 738\d\.\d{3}$/.test(text)) return { kind: 'program', raw: text };
  if (/^\d{2} FR \d{3,6}$/.test(text)) return { kind: 'federal-register', raw: text };
  if (text === 'FDA QMSR FAQ') return { kind: 'faq', raw: text };
  return { kind: 'unknown', raw: text };
}

/** Every bracketed reference group in a piece of Markdown (links `[x](url)` are not references). */
export function findGuideRefs(markdown: string): GuideRef[] {
  const out: GuideRef[] = [];
  for (const m of markdown.matchAll(/\[([^\]\n]+)\](?![(:])/g)) {
    for (const part of m[1]!.split(';')) out.push(parseGuideRef(part));
  }
  return out;
}

/** True when a group looks like it was meant as a reference (used to find claims that lack one). */
export function hasGuideRef(markdown: string): boolean {
  return findGuideRefs(markdown).some((r) => r.kind !== 'unknown');
}
