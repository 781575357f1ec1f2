/**
 * Inline suppression comments in text formats (Markdown, plain text, HTML):
 *
 *   <!-- qmsr-disable-next-line outdated-citation -->   the next line
 *   ... qmsr-disable-line ...                            this line
 *   <!-- qmsr-disable obsolete-term --> … <!-- qmsr-enable obsolete-term -->   a region
 *
 * With no rule ids a directive covers every rule.
 */

export interface Suppressions {
  isSuppressed(line: number, ruleId: string): boolean;
}

const DIRECTIVE = /qmsr-(disable-next-line|disable-line|disable|enable)\b([ \t]+[a-z][a-z-]*(?:[ \t]*,?[ \t]*[a-z][a-z-]*)*)?/g;

/** Read the directives from a file's raw text (lines are one-based). */
export function parseSuppressions(raw: string): Suppressions {
  // Almost no file has a directive: do not split and search every line of those (~70 µs a file).
  if (!raw.includes('qmsr-')) return noSuppressions;
  const lines = raw.split(/\r\n|\r|\n/);
  const perLine = new Map<number, Set<string> | 'all'>();
  const add = (line: number, rules: string[]): void => {
    const cur = perLine.get(line);
    if (rules.length === 0 || cur === 'all') perLine.set(line, 'all');
    else perLine.set(line, new Set([...(cur ?? []), ...rules]));
  };
  const open = new Map<string, number>(); // rule ('*' = all) → line where the region starts
  const regions: { from: number; to: number; rule: string }[] = [];
  lines.forEach((text, i) => {
    const line = i + 1;
    for (const m of text.matchAll(DIRECTIVE)) {
      const rules = (m[2] ?? '').split(/[\s,]+/).filter((r) => r && r !== '--');
      const kind = m[1];
      if (kind === 'disable-next-line') add(line + 1, rules);
      else if (kind === 'disable-line') add(line, rules);
      else if (kind === 'disable') {
        // A second disable inside an open region keeps the region's start.
        for (const r of rules.length ? rules : ['*']) if (!open.has(r)) open.set(r, line);
      } else {
        for (const r of rules.length ? rules : [...open.keys()]) {
          const from = open.get(r);
          if (from !== undefined) regions.push({ from, to: line, rule: r });
          open.delete(r);
        }
      }
    }
  });
  for (const [rule, from] of open) regions.push({ from, to: Number.POSITIVE_INFINITY, rule });
  return {
    isSuppressed(line, ruleId) {
      const l = perLine.get(line);
      if (l === 'all' || l?.has(ruleId)) return true;
      return regions.some((r) => line >= r.from && line <= r.to && (r.rule === '*' || r.rule === ruleId));
    },
  };
}

/** No suppressions (binary formats). */
export const noSuppressions: Suppressions = { isSuppressed: () => false };
