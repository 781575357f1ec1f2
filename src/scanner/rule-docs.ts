/**
 * Rule documentation generated from rule metadata, so the docs cannot drift
 * from the code: `docs/rules/<id>.md` and the index `docs/rules/README.md`.
 */
import type { RuleMeta } from './rules/types.js';

/** File name → content for every generated rule page. */
export function renderRuleDocs(metas: readonly RuleMeta[]): Map<string, string> {
  const files = new Map<string, string>();
  const header = '<!-- Generated from rule metadata by `npm run docs:rules`. Do not edit by hand. -->\n\n';
  const index = [
    `${header}# Scanner rules`,
    '',
    'Each rule has a stable id. Turn a rule off or change its severity in the configuration file (`rules: { "<id>": "off" | "error" | "warning" | "info" }`), or suppress it inline in Markdown, text and HTML with `qmsr-disable-next-line <id>`.',
    '',
    '| Rule | Kind | Default severity | Fixable | What it finds |',
    '|---|---|---|---|---|',
    ...metas.map((m) => `| [${m.id}](${m.id}.md) | ${m.kind} | ${m.defaultSeverity} | ${m.fixable ? 'yes' : 'no'} | ${m.description} |`),
    '',
  ];
  files.set('README.md', index.join('\n'));
  for (const m of metas) {
    files.set(
      `${m.id}.md`,
      [
        `${header}# ${m.id}`,
        '',
        m.description,
        '',
        `- Kind: ${m.kind}`,
        `- Default severity: ${m.defaultSeverity}`,
        `- Fixable with \`qmsr fix\`: ${m.fixable ? 'yes, where the crosswalk gives one confirmed destination' : 'no (a comment explains what to do)'}`,
        '',
        '## Why',
        '',
        m.rationale,
        '',
        '## Examples that fire',
        '',
        ...m.examples.fires.map((e) => `- \`${e}\``),
        '',
        '## Examples that do not fire',
        '',
        ...m.examples.silent.map((e) => `- \`${e}\``),
        '',
      ].join('\n'),
    );
  }
  return files;
}
