/**
 * `qmsr scan PATH...`. The scanner, readers and reporters are loaded when the
 * command runs, so other commands start without them; and only what this run
 * needs: the one reporter of the chosen format, the progress bar only on a
 * terminal (a cached re-scan of many files is mostly start-up otherwise).
 */
import type { Command } from 'commander';
import type { ReporterOptions } from '../../reporters/types.js';
import type { ConfigLoad } from '../../scanner/config-file.js';
import { defaultConfig, findConfigFile } from '../../scanner/config.js';
import { replacementStyles, type ReplacementStyle } from '../../scanner/replacement.js';
import type { ScanProgress } from '../../scanner/scan-files.js';
import type { ScanResult, Severity } from '../../scanner/types.js';
import type { ProgressDisplay } from '../progress.js';
import { EXIT, emitChunks, fail, say } from '../io.js';

const FORMATS = ['text', 'json', 'sarif', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

interface Options {
  format: string;
  output?: string;
  config?: string;
  jobs?: string;
  cache: boolean;
  cacheDir?: string;
  style?: string;
  severity?: string;
  timeout?: string;
  quiet?: boolean;
  verbose?: boolean;
}

/** `qmsr scan PATH...`: outdated Part 820 citations and obsolete terms in documents. */
export function registerScan(program: Command, done: (code: number) => void): void {
  program
    .command('scan')
    .description('Find outdated Part 820 citations and obsolete QSR terms in SOPs (.docx, .pdf, .md, .txt, .html, .xlsx)')
    .argument('<paths...>', 'files or folders (folders are walked)')
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'text')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-c, --config <file>', 'configuration file (default: qmsr.config.json/.yaml or .qmsrrc.json/.yaml in the current folder)')
    .option('-j, --jobs <n>', 'worker threads (default: the number of cores; 1 scans without workers)')
    .option('--no-cache', 'read every file again instead of reusing results for unchanged files')
    .option('--cache-dir <dir>', 'where cached results are kept (default: .qmsr-cache in the current folder)')
    .option('--style <style>', `replacement text style: ${replacementStyles.join(', ')}`)
    .option('--severity <level>', 'report findings of at least this severity: error, warning or info (default: all)')
    .option('--timeout <seconds>', 'time one file may take before it is skipped (default: 60)')
    .option('-q, --quiet', 'no progress bar and no summary line')
    .option('--verbose', 'diagnostics on standard error (skipped files, cache use)')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing to report; 1 findings, or a file could not be read; 2 usage error or bad configuration.\n' +
        'Reports go to standard output (or --output); progress and messages go to standard error.',
    )
    .action(async (paths: string[], opts: Options) => done(await runScan(paths, opts)));
}

async function runScan(paths: string[], opts: Options): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(opts.format)) return fail(`unknown format "${opts.format}"; use ${FORMATS.join(', ')}`);
  const format = opts.format as Format;
  const jobs = opts.jobs === undefined ? undefined : positiveInteger(opts.jobs);
  if (jobs === null) return fail(`--jobs takes a whole number of at least 1, not "${opts.jobs}"`);
  const timeout = opts.timeout === undefined ? undefined : Number(opts.timeout);
  if (timeout !== undefined && !(timeout > 0)) return fail(`--timeout takes a number of seconds above 0, not "${opts.timeout}"`);
  if (opts.style !== undefined && !(replacementStyles as readonly string[]).includes(opts.style)) {
    return fail(`unknown style "${opts.style}"; use ${replacementStyles.join(', ')}`);
  }
  if (opts.severity !== undefined && !(SEVERITIES as readonly string[]).includes(opts.severity)) {
    return fail(`unknown severity "${opts.severity}"; use error, warning or info`);
  }
  const showProgress = process.stderr.isTTY === true && !opts.quiet;
  // The config parser (zod, yaml, the rules' metadata) is loaded only when there is a file to parse.
  const noConfigFile = !opts.config && findConfigFile(process.cwd()) === undefined;
  const defaults: ConfigLoad = { ok: true, config: { ...defaultConfig } };
  const [loaded, { scanPaths }] = await Promise.all([
    noConfigFile ? defaults : import('../../scanner/config-file.js').then((m) => m.loadScanConfig(opts.config ? { file: opts.config } : {})),
    import('../../scanner/scan-files.js'),
  ]);
  if (!loaded.ok) return fail(`bad configuration: ${loaded.error}`);
  const config = opts.style ? { ...loaded.config, replacementStyle: opts.style as ReplacementStyle } : loaded.config;

  // Without a terminal there is no bar, and diagnostics go to standard error a line each.
  const progress: ProgressDisplay = showProgress
    ? (await import('../progress.js')).createProgress(true)
    : { update: () => undefined, log: (message) => say(message), stop: () => undefined };
  const debug = opts.verbose ? (message: string) => progress.log(`qmsr: ${message.trimEnd()}`) : undefined;
  if (loaded.file) debug?.(`configuration from ${loaded.file}`);
  const started = Date.now();
  let result: ScanResult;
  try {
    result = await scanPaths(paths, {
      config,
      ...(jobs ? { jobs } : {}),
      cacheDir: opts.cache ? (opts.cacheDir ?? '.qmsr-cache') : false,
      ...(timeout ? { timeoutMs: Math.round(timeout * 1000) } : {}),
      ...(opts.severity ? { minSeverity: opts.severity as Severity } : {}),
      ...(showProgress ? { onProgress: (p: ScanProgress) => progress.update(p) } : {}),
      ...(debug ? { onDebug: debug } : {}),
    });
  } finally {
    progress.stop();
  }

  const color = format === 'text' && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  emitChunks(await reportPieces(format, result, { color, cwd: process.cwd() }), opts.output);
  if (format === 'text' && !opts.quiet) say(summaryLine(result, Date.now() - started));
  return result.summary.findings > 0 || result.summary.failed > 0 ? EXIT.findings : EXIT.ok;
}

/** The report in pieces; loads only the reporter of `format`, and the rule list only for SARIF. */
async function reportPieces(format: Format, result: ScanResult, options: ReporterOptions): Promise<Iterable<string | Uint8Array>> {
  if (format === 'json') return (await import('../../reporters/json.js')).jsonChunks(result, options);
  const [{ reportChunks }, rules] = await Promise.all([
    import('../../reporters/index.js'),
    format === 'sarif' ? import('../../scanner/rules/index.js').then((m) => m.ruleMetas) : undefined,
  ]);
  return reportChunks(format, result, { ...options, ...(rules ? { rules } : {}) });
}

/** `null` when the text is not a whole number ≥ 1. */
function positiveInteger(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/** One line for the end of a text-mode scan. */
function summaryLine(result: ScanResult, ms: number): string {
  const { files, failed, findings } = result.summary;
  const withFindings = new Set(result.findings.map((f) => f.file)).size;
  const parts = [
    `${files} file${files === 1 ? '' : 's'} scanned`,
    ...(failed > 0 ? [`${failed} could not be read`] : []),
    findings > 0 ? `${findings} finding${findings === 1 ? '' : 's'} in ${withFindings} file${withFindings === 1 ? '' : 's'}` : 'no findings',
  ];
  return `qmsr: ${parts.join(', ')} (${(ms / 1000).toFixed(1)} s)`;
}
