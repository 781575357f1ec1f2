/**
 * `qmsr fix`: scan each supported file under the given paths and write a
 * corrected copy into the output folder, keeping relative paths. Originals
 * are only ever read.
 *
 * - .docx (and .docm/.dotx/.dotm): tracked changes and comments (docx-redline.ts).
 * - .md, .txt, .html: a corrected copy and `<name>.diff` (text-fix.ts).
 * - .pdf, .xlsx and other read-only formats: `<name>.suggestions.md`.
 * - Always: `changes.json` and `changes.csv` in the output folder.
 *
 * Files with nothing to report get no output. Before anything is written, every
 * output a file could produce is checked: if one exists and `force` is not
 * set, the run stops with a FixUsageError naming it and writes nothing.
 *
 * Output folder inside an input folder: allowed. The output folder is left out
 * of discovery, so a run never reads a previous run's outputs as inputs. An
 * output folder equal to an input folder, or any output path equal to an
 * input file, is refused, since it would overwrite the original.
 *
 * One file that cannot be read or fixed becomes an error entry; the batch goes on.
 */
import { mkdir, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { DocumentFormat, TextDocument } from '../doc-model/types.js';
import { getKnowledgeBase } from '../kb/load.js';
import type { KnowledgeBase } from '../kb/model.js';
import { decodeText } from '../readers/encoding.js';
import { isReadError } from '../readers/errors.js';
import { formatOf, readDocument } from '../readers/index.js';
import { defaultConfig, type ScanConfig } from '../scanner/config.js';
import { discover, type DiscoveredFile, type DiscoveryItem } from '../scanner/discover.js';
import { prepareScan, scanDocument, type PreparedScan } from '../scanner/engine.js';
import type { ReplacementStyle } from '../scanner/replacement.js';
import { noSuppressions, parseSuppressions, type Suppressions } from '../scanner/suppress.js';
import { toolVersion } from '../util/version.js';
import { changeLogCsv, changeLogJson, toRecord } from './change-log.js';
import { redlineDocx } from './docx-redline.js';
import { suggestionOutcomes, suggestionsMarkdown } from './suggestions.js';
import { fixText } from './text-fix.js';
import type { ChangeRecord, FindingOutcome, FixedFile } from './types.js';

/** Options for `fixPaths`. */
export interface FixOptions {
  /** Output folder (created when missing). */
  out: string;
  /** Overwrite outputs that already exist. */
  force?: boolean;
  /** Author of the revisions and comments; default "qmsr". */
  author?: string;
  /** Date of the revisions (ISO 8601); default now. */
  date?: string | Date;
  /** Replacement style; default the configuration's. */
  style?: ReplacementStyle;
  config?: ScanConfig;
  /** Switch on Track Changes in corrected .docx copies; default true. */
  trackRevisions?: boolean;
  /** Folder relative paths are resolved against; default the process's. */
  cwd?: string;
  /** Default: the shipped knowledge base. */
  kb?: KnowledgeBase;
}

/** Everything a fix run did. */
export interface FixResult {
  tool: { name: 'qmsr'; version: string };
  kb: { version: string; hash: string };
  /** Absolute output folder. */
  out: string;
  author: string;
  date: string;
  files: FixedFile[];
  changes: ChangeRecord[];
  /** The change log files, relative to `out`. */
  changeLog: string[];
}

/** A problem with the request itself (exit code 2): nothing was written. */
export class FixUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixUsageError';
  }
}

/** Formats rewritten as text with a diff. */
const TEXT_FORMATS = new Set<DocumentFormat>(['md', 'txt', 'html']);
const CHANGE_LOG = ['changes.json', 'changes.csv'];

/** The xsd:dateTime of `date` (seconds precision, UTC), or a usage error. */
export function revisionDate(date: string | Date | undefined): string {
  const d = date === undefined ? new Date() : new Date(date);
  if (Number.isNaN(d.getTime())) throw new FixUsageError(`--date takes an ISO 8601 date such as 2026-02-02 or 2026-02-02T09:30:00Z, not "${String(date)}"`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Fix every supported document under `paths`; see the module comment for what is written. */
export async function fixPaths(paths: readonly string[], options: FixOptions): Promise<FixResult> {
  if (paths.length === 0) throw new FixUsageError('give at least one file or folder to fix');
  if (!options.out) throw new FixUsageError('--out DIR is required: qmsr fix never changes the original files');
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out);
  const author = (options.author ?? 'qmsr').trim();
  if (!author) throw new FixUsageError('--author must not be empty');
  const date = revisionDate(options.date);
  const base = options.config ?? defaultConfig;
  const config: ScanConfig = options.style ? { ...base, replacementStyle: options.style } : base;
  const kb = options.kb ?? getKnowledgeBase();

  const items = await discoverInputs(paths, config, cwd, out);
  await checkOutputs(items, paths, out, cwd, options.force === true);

  const prepared = prepareScan(kb, config);
  const files: FixedFile[] = [];
  const changes: ChangeRecord[] = [];
  for (const item of items) {
    const fixed = item.kind === 'error' ? errorFile(item.display, item.format, item.message) : await fixOne(item, prepared, { out, author, date, kb, trackRevisions: options.trackRevisions !== false, changes });
    files.push(fixed);
  }

  await mkdir(out, { recursive: true });
  const meta = { tool: { name: 'qmsr' as const, version: toolVersion() }, kb: { version: kb.version, hash: kb.hash }, generatedAt: new Date().toISOString(), author, date };
  await writeAtomic(join(out, 'changes.json'), changeLogJson(meta, changes));
  await writeAtomic(join(out, 'changes.csv'), changeLogCsv(changes));
  return { tool: meta.tool, kb: meta.kb, out, author, date, files, changes, changeLog: [...CHANGE_LOG] };
}

/** Every input, without anything inside the output folder. */
async function discoverInputs(paths: readonly string[], config: ScanConfig, cwd: string, out: string): Promise<DiscoveryItem[]> {
  const outReal = await realpath(out).catch(() => out);
  const items: DiscoveryItem[] = [];
  for await (const item of discover(paths, { include: config.include, exclude: config.exclude, cwd })) {
    const real = await realpath(item.path).catch(() => item.path);
    if (isInside(item.path, out) || isInside(real, outReal)) continue;
    items.push(item);
  }
  return items;
}

/** Refuses outputs that would overwrite an input or (without force) an existing file. */
async function checkOutputs(items: readonly DiscoveryItem[], paths: readonly string[], out: string, cwd: string, force: boolean): Promise<void> {
  const outReal = await realpath(out).catch(() => out);
  for (const given of paths) {
    const input = resolve(cwd, given);
    const real = await realpath(input).catch(() => input);
    if ((real === outReal || input === out) && (await stat(input).catch(() => undefined))?.isDirectory()) {
      throw new FixUsageError(`--out ${relative(cwd, out) || '.'} is the folder being fixed; choose another folder so the originals stay as they are`);
    }
  }
  const inputs = new Set<string>();
  for (const item of items) {
    inputs.add(item.path);
    inputs.add(await realpath(item.path).catch(() => item.path));
  }
  const existing: string[] = [];
  const candidates = [...CHANGE_LOG.map((n) => join(out, n)), ...items.filter((i): i is DiscoveredFile => i.kind === 'file').flatMap((i) => outputsFor(i, out))];
  for (const path of candidates) {
    const real = await realpath(path).catch(() => path);
    if (inputs.has(path) || inputs.has(real)) throw new FixUsageError(`the output ${relative(cwd, path)} would overwrite an input file; choose another --out folder`);
    if (!force && (await stat(path).catch(() => undefined))) existing.push(relative(cwd, path));
  }
  if (existing.length > 0) {
    const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ` and ${existing.length - 5} more` : '');
    throw new FixUsageError(`output already exists: ${shown}. Use --force to overwrite, or choose another --out folder. Nothing was written.`);
  }
}

/** Every file a fix of `item` may write. */
function outputsFor(item: DiscoveredFile, out: string): string[] {
  const target = join(out, ...item.display.split('/'));
  const format = formatOf(item.path);
  if (format === 'docx') return [target];
  if (format && TEXT_FORMATS.has(format)) return [target, `${target}.diff`];
  return [`${target}.suggestions.md`];
}

interface FixContext {
  out: string;
  author: string;
  date: string;
  kb: KnowledgeBase;
  trackRevisions: boolean;
  changes: ChangeRecord[];
}

/** Reads, scans and fixes one file; never throws. */
async function fixOne(item: DiscoveredFile, prepared: PreparedScan, ctx: FixContext): Promise<FixedFile> {
  const file: FixedFile = { path: item.display, format: item.format, status: 'unchanged', outputs: [], findings: 0, notes: [] };
  try {
    const raw = await readFile(item.path);
    const doc = await readDocument(item.path);
    file.format = doc.format;
    const findings = scanDocument(prepared, doc, item.display, suppressionsFor(doc, raw));
    file.findings = findings.length;
    if (findings.length === 0) return file;

    const target = join(ctx.out, ...item.display.split('/'));
    const rel = (p: string): string => relative(ctx.out, p).split(sep).join('/');
    let outcomes: FindingOutcome[];
    let output: string | undefined;
    if (doc.format === 'docx') {
      const result = await redlineDocx(raw, doc, findings, { author: ctx.author, date: ctx.date, trackRevisions: ctx.trackRevisions, kbVersion: ctx.kb.version });
      outcomes = result.outcomes;
      file.notes.push(...result.notes);
      if (result.data) {
        await writeAtomic(target, result.data);
        output = rel(target);
        file.outputs.push(output);
      }
    } else if (TEXT_FORMATS.has(doc.format)) {
      const result = fixText(raw, doc, findings, { diffFrom: `a/${item.display}`, diffTo: `b/${item.display}` });
      outcomes = result.outcomes;
      file.notes.push(...result.notes);
      if (result.data) {
        await writeAtomic(target, result.data);
        output = rel(target);
        file.outputs.push(output);
        if (result.diff) {
          await writeAtomic(`${target}.diff`, result.diff);
          file.outputs.push(rel(`${target}.diff`));
        }
      }
    } else {
      outcomes = suggestionOutcomes(findings, doc.format);
      const md = suggestionsMarkdown({ file: item.display, format: doc.format, date: ctx.date, kbVersion: ctx.kb.version }, outcomes);
      await writeAtomic(`${target}.suggestions.md`, md);
      output = rel(`${target}.suggestions.md`);
      file.outputs.push(output);
    }
    if (file.outputs.length > 0) file.status = 'changed';
    for (const o of outcomes) {
      ctx.changes.push(toRecord(o, { file: item.display, ...(output !== undefined ? { output } : {}), format: doc.format, author: ctx.author, date: ctx.date }));
    }
    return file;
  } catch (err) {
    const message = isReadError(err) ? err.message : `could not fix this file: ${err instanceof Error ? err.message : String(err)}`;
    return { ...file, status: 'error', error: message };
  }
}

/** Inline `qmsr-disable` comments, honoured as the scan honours them (text formats only). */
function suppressionsFor(doc: TextDocument, raw: Buffer): Suppressions {
  return TEXT_FORMATS.has(doc.format) ? parseSuppressions(decodeText(raw).text) : noSuppressions;
}

function errorFile(path: string, format: DocumentFormat | 'unknown', error: string): FixedFile {
  return { path, format, status: 'error', outputs: [], findings: 0, error, notes: [] };
}

/** Writes through a temporary file and a rename, so an interrupted run leaves no half-written output. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.qmsr-tmp-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Whether `path` is `dir` or lies under it. */
function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
