/**
 * `qmsr fix PATH... --out DIR`: corrected copies with Word tracked changes and
 * comments (.docx), corrected text and unified diffs (.md, .txt, .html), and
 * suggestion lists for formats that cannot be rewritten, plus a change log.
 * The fixer is loaded when the command runs.
 */
import type { Command } from 'commander';
import type { ChangeAction, ChangeRecord, FixedFile } from '../../fixer/types.js';
import type { FixResult } from '../../fixer/fix-files.js';
import { replacementStyles, type ReplacementStyle } from '../../scanner/replacement.js';
import { EXIT, emit, fail, say, toJson } from '../io.js';

interface Options {
  out?: string;
  force?: boolean;
  author: string;
  date?: string;
  style?: string;
  trackRevisions: boolean;
  format: string;
  config?: string;
}

/** `qmsr fix PATH... --out DIR`. */
export function registerFix(program: Command, done: (code: number) => void): void {
  program
    .command('fix')
    .description('Write corrected copies: Word tracked changes with comments, corrected text with diffs, and a change log')
    .argument('<paths...>', 'files or folders (folders are walked)')
    .option('--out <dir>', 'folder for the corrected copies and the change log (required; originals are never changed)')
    .option('--force', 'overwrite outputs that already exist')
    .option('--author <name>', 'author of the tracked changes and comments', 'qmsr')
    .option('--date <iso>', 'date of the tracked changes (ISO 8601; default: now)')
    .option('--style <style>', `replacement text style: ${replacementStyles.join(', ')}`)
    .option('--no-track-revisions', 'do not switch on Track Changes in the corrected Word copies')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('-c, --config <file>', 'configuration file (default: qmsr.config.json/.yaml or .qmsrrc.json/.yaml in the current folder)')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing to change; 1 changes or suggestions written, or a file could not be fixed;\n' +
        '2 usage error (no --out, an output that already exists without --force, bad configuration).\n' +
        'Word files get one tracked change (deletion + insertion) and one comment per correction; findings that need a\n' +
        "person's judgement get a comment only. Text files get a corrected copy and <name>.diff. PDF and workbooks get\n" +
        '<name>.suggestions.md. changes.json and changes.csv list every change for the document change order.\n' +
        'Files with nothing to report get no copy. --out may lie inside a folder being fixed (it is then never read as input),\n' +
        'but must not be that folder itself.',
    )
    .action(async (paths: string[], opts: Options) => done(await runFix(paths, opts)));
}

async function runFix(paths: string[], opts: Options): Promise<number> {
  if (!opts.out) return fail('--out DIR is required: qmsr fix writes corrected copies there and never changes the originals');
  if (opts.format !== 'text' && opts.format !== 'json') return fail(`unknown format "${opts.format}"; use text or json`);
  if (opts.style !== undefined && !(replacementStyles as readonly string[]).includes(opts.style)) {
    return fail(`unknown style "${opts.style}"; use ${replacementStyles.join(', ')}`);
  }
  const [{ loadScanConfig }, { fixPaths, FixUsageError }] = await Promise.all([import('../../scanner/config-file.js'), import('../../fixer/fix-files.js')]);
  const loaded = loadScanConfig(opts.config ? { file: opts.config } : {});
  if (!loaded.ok) return fail(`bad configuration: ${loaded.error}`);

  let result: FixResult;
  try {
    result = await fixPaths(paths, {
      out: opts.out,
      force: opts.force === true,
      author: opts.author,
      ...(opts.date !== undefined ? { date: opts.date } : {}),
      ...(opts.style ? { style: opts.style as ReplacementStyle } : {}),
      config: loaded.config,
      trackRevisions: opts.trackRevisions,
    });
  } catch (err) {
    if (err instanceof FixUsageError) return fail(err.message);
    throw err;
  }

  if (opts.format === 'json') {
    emit(toJson({ tool: result.tool, kb: result.kb, out: result.out, author: result.author, date: result.date, summary: summarise(result), files: result.files, changes: result.changes }));
  } else {
    emit(textReport(result));
    for (const f of result.files) for (const note of f.notes) say(`qmsr: ${f.path}: ${note}`);
  }
  const failed = result.files.some((f) => f.status === 'error');
  return result.changes.length > 0 || failed ? EXIT.findings : EXIT.ok;
}

/** Counts for the JSON summary and the last line of the text report. */
function summarise(result: FixResult): { files: number; changed: number; unchanged: number; failed: number; actions: Record<ChangeAction, number> } {
  const actions: Record<ChangeAction, number> = { 'tracked-change': 0, 'comment-only': 0, replaced: 0, suggestion: 0, skipped: 0 };
  for (const c of result.changes) actions[c.action]++;
  const count = (s: FixedFile['status']): number => result.files.filter((f) => f.status === s).length;
  return { files: result.files.length, changed: count('changed'), unchanged: count('unchanged'), failed: count('error'), actions };
}

const ACTION_LABEL: Record<ChangeAction, string> = {
  'tracked-change': 'tracked change',
  'comment-only': 'comment only  ',
  replaced: 'replaced      ',
  suggestion: 'suggestion    ',
  skipped: 'skipped       ',
};

/** What was changed, file by file, for a person. */
function textReport(result: FixResult): string {
  const lines: string[] = [];
  const byFile = new Map<string, ChangeRecord[]>();
  for (const c of result.changes) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  for (const f of result.files) {
    if (f.status === 'error') {
      lines.push(`${f.path}: not fixed: ${f.error ?? 'unknown error'}`);
      continue;
    }
    if (f.status === 'unchanged' && f.findings === 0) continue;
    lines.push(f.outputs.length > 0 ? `${f.path} → ${f.outputs.join(', ')}` : `${f.path}: nothing written`);
    for (const c of byFile.get(f.path) ?? []) {
      const change = c.new !== undefined && (c.action === 'tracked-change' || c.action === 'replaced') ? `"${c.old}" → "${c.new}"` : `"${c.old}"`;
      lines.push(`  ${ACTION_LABEL[c.action]}  ${c.where.padEnd(10)} ${change}${c.reason && c.action !== 'suggestion' ? ` (${c.reason})` : ''}`);
    }
  }
  const s = summarise(result);
  const a = s.actions;
  const parts = [
    `${s.files} file${s.files === 1 ? '' : 's'}`,
    `${a['tracked-change']} tracked change${a['tracked-change'] === 1 ? '' : 's'}`,
    `${a['comment-only']} comment${a['comment-only'] === 1 ? '' : 's'} only`,
    `${a.replaced} replaced`,
    `${a.suggestion} suggestion${a.suggestion === 1 ? '' : 's'}`,
    `${a.skipped} skipped`,
    ...(s.failed > 0 ? [`${s.failed} could not be fixed`] : []),
  ];
  lines.push('', `qmsr: ${parts.join(', ')}. Change log: ${result.changeLog.map((n) => `${result.out}/${n}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
