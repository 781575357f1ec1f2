import { extname } from 'node:path';
import type { Command } from 'commander';
import { buildChecklist } from '../../assessment/checklist.js';
import { type ChecklistData, ChecklistDataError, getChecklistData } from '../../assessment/checklist-data.js';
import { checklistCsv } from '../../assessment/checklist-csv.js';
import { checklistMarkdown } from '../../assessment/checklist-markdown.js';
import { loadProfile, type Profile, ProfileError } from '../../assessment/profile.js';
import { getKnowledgeBase } from '../../kb/load.js';
import { EXIT, emit, fail, say, toJson } from '../io.js';

interface Options {
  profile: string;
  format?: string;
  output?: string;
}

const FORMATS = ['json', 'md', 'csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

/** `qmsr checklist --profile FILE`: the gap-assessment checklist tailored to an organisation. */
export function registerChecklist(program: Command, done: (code: number) => void): void {
  program
    .command('checklist')
    .description('Build the gap-assessment checklist for an organisation profile: what applies and why, and how urgent each item is')
    .requiredOption('-p, --profile <file>', 'organisation profile (JSON); see examples/profiles/')
    .option('-f, --format <format>', 'json, md, csv or xlsx (default: from the --output extension, else md)')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExit codes: 0 checklist written; 2 the profile is missing or invalid, or a usage error.')
    .action(async (opts: Options) => done(await runChecklist(opts)));
}

async function runChecklist(opts: Options): Promise<number> {
  const format = opts.format ?? formatFromExtension(opts.output) ?? 'md';
  if (!(FORMATS as readonly string[]).includes(format)) return fail(`unknown format "${format}"; use ${FORMATS.join(', ')}`);
  if (format === 'xlsx' && !opts.output && process.stdout.isTTY) return fail('an xlsx workbook is binary; write it to a file with --output FILE');
  let profile: Profile;
  try {
    profile = loadProfile(opts.profile);
  } catch (err) {
    if (err instanceof ProfileError) return fail(`invalid profile ${err.message}`);
    throw err;
  }
  const kb = getKnowledgeBase();
  let data: ChecklistData;
  try {
    data = getChecklistData(kb);
  } catch (err) {
    if (err instanceof ChecklistDataError) {
      say(`qmsr: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  }
  const checklist = buildChecklist(kb, data, profile);
  const render: Record<Format, () => Promise<string | Uint8Array> | string> = {
    json: () => toJson(checklist),
    md: () => checklistMarkdown(checklist),
    csv: () => checklistCsv(checklist),
    // The xlsx writer (exceljs) is loaded only when asked for: it is most of the start-up time of every command.
    xlsx: async () => (await import('../../assessment/checklist-xlsx.js')).checklistXlsx(checklist),
  };
  emit(await render[format as Format](), opts.output);
  if (opts.output) say(`Wrote ${opts.output}: ${checklist.summary.applicable} of ${checklist.summary.items} items apply to ${profile.organization}.`);
  return EXIT.ok;
}

function formatFromExtension(file: string | undefined): Format | undefined {
  const ext = file ? extname(file).slice(1).toLowerCase() : '';
  return (FORMATS as readonly string[]).includes(ext) ? (ext as Format) : undefined;
}
