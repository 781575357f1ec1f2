/**
 * Scanning one file: read it into the document model, run the rules, and turn
 * anything that goes wrong into a file error in plain words. Runs inside a
 * worker thread, or in the main thread for small jobs; never throws.
 */
import { readFile } from 'node:fs/promises';
import type { DocumentFormat } from '../doc-model/types.js';
import { decodeText } from '../readers/encoding.js';
import { isReadError } from '../readers/errors.js';
import { readDocument } from '../readers/index.js';
import { formatOf } from './discover.js';
import { scanDocument, type PreparedScan } from './engine.js';
import { noSuppressions, parseSuppressions } from './suppress.js';
import type { Finding } from './types.js';

/** A file to scan. */
export interface FileTask {
  /** Absolute path. */
  path: string;
  /** Path reported in findings. */
  display: string;
  /** The file's bytes when the scan has already read them (to hash them); the file is then not opened again. */
  data?: Uint8Array;
}

/** What scanning one file gave. */
export interface FileOutcome {
  format: DocumentFormat | 'unknown';
  status: 'ok' | 'error';
  /** Why the file could not be read, for a person. */
  error?: string;
  /** Whether the same bytes would fail the same way again (so the failure may be cached). */
  deterministic: boolean;
  findings: Finding[];
}

/** Read errors that depend only on the file's bytes. */
const CONTENT_ERRORS = new Set(['unsupported-type', 'empty-file', 'damaged-file', 'encrypted', 'no-text-layer', 'too-large', 'zip-bomb', 'unsafe-xml']);

/** Formats whose raw text can carry `qmsr-disable` comments. */
const TEXT_FORMATS = new Set<string>(['md', 'txt', 'html']);

/** Read and scan one file. */
export async function scanOne(prepared: PreparedScan, task: FileTask, signal?: AbortSignal): Promise<FileOutcome> {
  try {
    const doc = await readDocument(task.path, { ...(signal ? { signal } : {}), ...(task.data ? { data: task.data } : {}) });
    const suppressions = TEXT_FORMATS.has(doc.format) ? parseSuppressions(decodeText(task.data ?? (await readFile(task.path))).text) : noSuppressions;
    return { format: doc.format, status: 'ok', deterministic: true, findings: scanDocument(prepared, doc, task.display, suppressions) };
  } catch (err) {
    return failure(task, err);
  }
}

/** The file error for something thrown while reading or scanning. */
export function failure(task: FileTask, err: unknown): FileOutcome {
  const format = formatOf(task.path);
  if (isReadError(err)) return { format, status: 'error', error: err.message, deterministic: CONTENT_ERRORS.has(err.code), findings: [] };
  const message = err instanceof Error ? err.message : String(err);
  return { format, status: 'error', error: `could not read this file: ${message}`, deterministic: false, findings: [] };
}

