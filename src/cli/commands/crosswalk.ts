import type { Command } from 'commander';
import { crosswalkRows, type CrosswalkRow } from '../../kb/crosswalk.js';
import { getKnowledgeBase } from '../../kb/load.js';
import { nearestCitations } from '../../kb/nearest.js';
import { toolVersion } from '../../util/version.js';
import { toCsv } from '../csv.js';
import { EXIT, emit, fail, toJson } from '../io.js';

interface Options {
  format: 'json' | 'csv' | 'md';
  section?: string;
  output?: string;
}

/** `qmsr crosswalk`: every old QSR section and paragraph mapped to ISO 13485:2016 and the QMSR. */
export function registerCrosswalk(program: Command, done: (code: number) => void): void {
  program
    .command('crosswalk')
    .description('Print the crosswalk from every old QSR section and paragraph to ISO 13485:2016 and the QMSR')
    .option('-f, --format <format>', 'json, csv or md', 'md')
    .option('-s, --section <section>', 'only one old section, e.g. 820.30')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((opts: Options) => done(runCrosswalk(opts)));
}

function runCrosswalk(opts: Options): number {
  if (!['json', 'csv', 'md'].includes(opts.format)) return fail(`unknown format "${opts.format}"; use json, csv or md`);
  const kb = getKnowledgeBase();
  let rows = crosswalkRows(kb);
  if (opts.section) {
    const section = opts.section.replace(/^(21\s*CFR\s*)?§?\s*/i, '');
    rows = rows.filter((r) => r.section === section);
    if (rows.length === 0) return fail(`${opts.section} is not a section of the old QSR`, nearestCitations(kb, section));
  }
  const meta = { tool: { name: 'qmsr', version: toolVersion() }, kb: { version: kb.version, hash: kb.hash } };
  if (opts.format === 'json') emit(toJson({ ...meta, note: crosswalkNote, entries: rows }), opts.output);
  else if (opts.format === 'csv') emit(csv(rows), opts.output);
  else emit(markdown(rows, kb.version), opts.output);
  return EXIT.ok;
}

const crosswalkNote =
  'FDA published no section-by-section crosswalk with the final rule. This mapping is reconstructed from published industry ' +
  'crosswalks and a reading of both regulation texts; entries marked unconfirmed say what is uncertain.';

function csv(rows: CrosswalkRow[]): string {
  return toCsv(
    ['qsr', 'title', 'subpart', 'relation', 'isoClauses', 'qmsrProvisions', 'rationale', 'notes', 'confidence', 'uncertainty', 'sources'],
    rows.map((r) => [r.qsr, r.title, r.subpart, r.relation, r.isoClauses, r.qmsrProvisions, r.rationale, r.notes, r.confidence, r.uncertainty, r.sources]),
  );
}

function markdown(rows: CrosswalkRow[], kbVersion: string): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out = [
    '# Crosswalk: old QSR to ISO 13485:2016 and the QMSR',
    '',
    `Knowledge base ${kbVersion}. ${crosswalkNote}`,
    '',
    '| Old QSR | Title | Relation | ISO 13485:2016 | QMSR | Notes |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const flag = r.confidence === 'unconfirmed' ? ' (unconfirmed)' : '';
    out.push(
      `| ${r.qsr} | ${cell(r.title)} | ${r.relation}${flag} | ${r.isoClauses.join(', ') || '—'} | ${r.qmsrProvisions.join(', ') || '—'} | ${cell(r.notes.join(' '))} |`,
    );
  }
  return `${out.join('\n')}\n`;
}
