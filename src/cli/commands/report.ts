/**
 * `qmsr report ID --format xlsx|pdf|html|md|csv|json --output FILE`: an
 * assessment report. Every format is rendered from one data set, which also
 * records the knowledge-base and tool versions, the time, the SHA-256 of
 * every document used and the verified head of the audit trail.
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { EXIT, emit, fail, say } from '../io.js';
import { resolveAssessment, storeOptions, withStore } from './assessment.js';
import type { StoreOptions } from './assessment.js';

const FORMATS = ['xlsx', 'pdf', 'html', 'md', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface Options extends StoreOptions {
  format?: string;
  output?: string;
}

/** `qmsr report ID`. */
export function registerReport(program: Command, done: (code: number) => void): void {
  storeOptions(
    program
      .command('report')
      .description('Write an assessment report: xlsx workbook, PDF with charts, HTML page, Markdown, CSV or JSON')
      .argument('<id>', 'assessment id, a unique start of it, or its name')
      .option('-f, --format <format>', `${FORMATS.join(', ')} (default: from the --output extension)`)
      .option('-o, --output <file>', 'write to this file (required for xlsx and pdf)')
      .addHelpText('after', '\nExit codes: 0 report written; 1 written, but the audit trail did not verify; 2 usage error or unknown assessment.'),
    false,
  ).action(async (id: string, opts: Options) => done(await runReport(id, opts)));
}

async function runReport(ref: string, opts: Options): Promise<number> {
  const ext = opts.output ? extname(opts.output).slice(1).toLowerCase() : '';
  const format = opts.format ?? (ext === 'markdown' ? 'md' : ext === 'htm' ? 'html' : ext);
  if (!format) return fail('give --format or an --output file with a known extension');
  if (!(FORMATS as readonly string[]).includes(format)) return fail(`unknown format "${format}"; use ${FORMATS.join(', ')}`);
  if ((format === 'xlsx' || format === 'pdf') && !opts.output) return fail(`a ${format} report is binary; write it to a file with --output FILE`);
  return withStore(opts, async (store) => {
    const { gatherReportData, renderReport } = await import('../../reports/index.js');
    const a = await resolveAssessment(store, ref);
    const data = await gatherReportData(store, a.id);
    const bytes = await renderReport(data, format as Format);
    emit(format === 'xlsx' || format === 'pdf' ? bytes : bytes.toString('utf8'), opts.output);
    if (opts.output) say(`Wrote ${opts.output} (${format}, ${bytes.length} bytes) for "${a.name}".`);
    if (!data.audit.ok) {
      say(`qmsr: warning: the audit trail did not verify at event ${data.audit.firstBadSeq ?? '?'}: ${data.audit.reason ?? ''}`);
      return EXIT.findings;
    }
    return EXIT.ok;
  });
}
