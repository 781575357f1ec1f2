import type { Command } from 'commander';
import { dayBefore, shortDate } from '../../kb/dates.js';
import { explain, type Explanation } from '../../kb/explain.js';
import { getKnowledgeBase } from '../../kb/load.js';
import type { KnowledgeBase, RegulationName } from '../../kb/model.js';
import { EXIT, emit, fail, toJson, wrap } from '../io.js';

interface Options {
  format: 'text' | 'json';
  regulation?: string;
  output?: string;
}

/** `qmsr explain CITATION`: what a reference means and where its requirement lives now. */
export function registerExplain(program: Command, done: (code: number) => void): void {
  program
    .command('explain')
    .description('Explain an old or current Part 820 reference: what it required, where it lives now, what changed')
    .argument('<citation...>', 'e.g. 820.30(g), "21 CFR 820.198(e)", "§ 820.184", "Subpart M", 820.45')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('-r, --regulation <name>', 'read the reference as QSR (old) or QMSR (new); default: whichever it belongs to')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExit codes: 0 explained; 2 the reference could not be placed (the nearest valid ones are listed).')
    .action((words: string[], opts: Options) => done(runExplain(words.join(' '), opts)));
}

function runExplain(input: string, opts: Options): number {
  if (!['text', 'json'].includes(opts.format)) return fail(`unknown format "${opts.format}"; use text or json`);
  let regulation: RegulationName | undefined;
  if (opts.regulation) {
    const r = opts.regulation.toUpperCase();
    if (r !== 'QSR' && r !== 'QMSR') return fail(`--regulation takes QSR or QMSR, not "${opts.regulation}"`);
    regulation = r;
  }
  const kb = getKnowledgeBase();
  const outcome = explain(kb, input, regulation ? { regulation } : {});
  if (!outcome.ok) return fail(outcome.error, outcome.suggestions);
  emit(opts.format === 'json' ? toJson(outcome.explanation) : explanationText(outcome.explanation, kb), opts.output);
  return EXIT.ok;
}

/** The explanation as a person reads it in a terminal; the dates in force come from `kb`. */
export function explanationText(e: Explanation, kb: KnowledgeBase): string {
  // The old QSR's last day is the day before it was superseded (kb/regulations/qsr.yaml supersededOn).
  const version =
    e.regulation === 'QSR'
      ? `old QSR (in force until ${shortDate(dayBefore(kb.qsr.supersededOn ?? kb.qmsr.effective))})`
      : `QMSR (in force since ${shortDate(kb.qmsr.effective)})`;
  const lines = [
    `${e.citation}  ${e.title}`,
    `  ${version}; status: ${e.statusDetail ?? e.status}${e.fdaSpecific ? '; FDA-specific' : ''}${e.confidence === 'unconfirmed' ? '; mapping unconfirmed' : ''}`,
    '',
    wrap(e.summary, 88, '  '),
    '',
  ];
  if (e.regulation === 'QSR' || e.status !== 'current') {
    lines.push(`  Now: ${e.qmsrProvisions.length ? e.qmsrProvisions.map((c) => `21 CFR ${c}`).join(', ') : 'no QMSR provision'}`);
  }
  if (e.isoClauses.length) lines.push(`  ISO 13485:2016: clause ${e.isoClauses.join(', ')}`);
  if (e.relation) lines.push(`  Relation: ${e.relation}`);
  if (e.notes.length) {
    lines.push('', '  Notes:');
    for (const n of e.notes) lines.push(`    - ${wrap(n, 88, '      ').slice(6)}`);
  }
  if (e.paragraphs.length) {
    lines.push('', '  Paragraphs:');
    for (const p of e.paragraphs) lines.push(`    ${p.citation}  ${p.title}`);
  }
  lines.push('', `  Sources: ${e.sources.map((s) => s.id).join(', ')}`, `  Official text: ${e.url}`, `  Knowledge base ${e.kb.version}`);
  return `${lines.join('\n')}\n`;
}
