/**
 * One file's findings kept as the JSON report prints them ("packed"), from
 * the worker that found them, through the cache, to the report.
 *
 * A large scan has tens of thousands of findings. Sending them from the
 * workers as objects, copying them into and out of the cache, and serialising
 * them again for the report costs the main thread more than anything else it
 * does, and a cached re-scan would spend most of its time on it. Packed, each
 * file's findings are one block of UTF-8 bytes, serialised once where they are
 * found: the worker sends it (transferred, not copied), the cache stores it as
 * it is, and the JSON report writes it as it is. Only when the file's path in
 * this scan differs from the one the findings were packed for (a cache entry
 * made when the folder was scanned from elsewhere, or a copy of a file) is the
 * path put in again (`forFile`). The findings become objects again only when
 * something asks for them (`ScanResult.findings`, the other report formats).
 */
import { compareText } from '../util/compare.js';
import { engineKeyOrder, reportKeyOrder, sortByDocument, sortForReport } from './finding-order.js';
import type { Finding, ScanResult, Severity } from './types.js';

/** One file's findings, serialised as the JSON report prints them. */
export interface PackedFindings {
  /** The path the findings were packed for: the value of `file` in each of them. */
  file: string;
  /**
   * The findings in report order (`sortForReport`), each as the report prints
   * it (two-space indentation, at its depth in the report), joined by
   * `,\n    `; UTF-8.
   */
  json: Uint8Array;
  /** One letter per finding, in the same order: `e`rror, `w`arning, `i`nfo. */
  severities: string;
  /**
   * Document order (`sortByDocument`), when it differs from report order:
   * `order[k]` is the report position of the k-th finding in document order.
   */
  order?: number[];
}

/** No findings. */
export const NO_FINDINGS: PackedFindings = Object.freeze({ file: '', json: new Uint8Array(0), severities: '' });

const SEVERITY_LETTER: Record<Severity, string> = { error: 'e', warning: 'w', info: 'i' };
const LETTER_RANK: Record<string, number> = { i: 0, w: 1, e: 2 };
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** How every finding starts in the report: its first key is `file`. */
const ITEM_START = '{\n      "file": ';
/** What a batch of findings is serialised in, and cut out of (so JSON.stringify itself indents them to their depth). */
const HEAD = '{\n  "a": [\n    ';
const TAIL = '\n  ]\n}';

const encoder = new TextEncoder();

/** Pack the findings of one file, whose path is `file` (their own `file` fields are not used). */
export function packFindings(findings: readonly Finding[], file: string): PackedFindings {
  if (findings.length === 0) return { ...NO_FINDINGS, file };
  const byDocument = sortByDocument(findings.map((f) => ({ ...f, file })));
  const forReport = sortForReport(byDocument);
  const text = JSON.stringify({ a: forReport.map(reportKeyOrder) }, null, 2);
  const packed: PackedFindings = { file, json: encoder.encode(text.slice(HEAD.length, text.length - TAIL.length)), severities: forReport.map((f) => SEVERITY_LETTER[f.severity]).join('') };
  const position = new Map(forReport.map((f, i) => [f, i]));
  const order = byDocument.map((f) => position.get(f)!);
  if (order.some((p, k) => p !== k)) packed.order = order;
  return packed;
}

/** The findings of a packed file as objects, in document order. */
export function unpackFindings(packed: PackedFindings): Finding[] {
  if (packed.severities.length === 0) return [];
  const parsed = (JSON.parse(`[${decode(packed.json)}]`) as Finding[]).map(engineKeyOrder);
  return packed.order ? packed.order.map((i) => parsed[i]!) : parsed;
}

/**
 * The same findings packed for the path `file`. A raw line break occurs in
 * JSON text only between values, so each finding's start (with its `file`
 * value) is found by searching the text.
 */
export function forFile(packed: PackedFindings, file: string): PackedFindings {
  if (packed.file === file) return packed;
  if (packed.severities.length === 0) return { ...packed, file };
  const from = ITEM_START + JSON.stringify(packed.file);
  const to = ITEM_START + JSON.stringify(file);
  return { ...packed, file, json: encoder.encode(decode(packed.json).replaceAll(from, () => to)) };
}

/** The same file's findings without those below `min` (packed again only if some are left out). */
export function keepAtLeast(packed: PackedFindings, min: Severity | undefined): PackedFindings {
  if (!min || [...packed.severities].every((s) => LETTER_RANK[s]! >= SEVERITY_RANK[min])) return packed;
  return packFindings(
    unpackFindings(packed).filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min]),
    packed.file,
  );
}

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Whether `value` has the shape of packed findings (for data read back from disk). */
export function isPackedFindings(value: unknown): value is PackedFindings {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PackedFindings>;
  if (typeof v.file !== 'string' || !(v.json instanceof Uint8Array) || typeof v.severities !== 'string' || !/^[ewi]*$/.test(v.severities)) return false;
  if (v.order === undefined) return true;
  const n = v.severities.length;
  if (!Array.isArray(v.order) || v.order.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const p of v.order) {
    if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) return false;
    seen[p] = 1;
  }
  return true;
}

/** Packed findings of results made by `withPackedFindings`, while their `findings` have not been looked at. */
const packedByResult = new WeakMap<ScanResult, readonly PackedFindings[]>();

/**
 * Make `result.findings` the findings of `files` (in the order of
 * `sortByDocument`), turned into objects when first read; until then,
 * `packedFindings(result)` gives them packed.
 */
export function withPackedFindings(result: ScanResult, files: readonly PackedFindings[]): ScanResult {
  let list: Finding[] | undefined;
  Object.defineProperty(result, 'findings', {
    enumerable: true,
    configurable: true,
    get(): Finding[] {
      packedByResult.delete(result);
      list ??= sortByDocument(files.flatMap(unpackFindings));
      return list;
    },
    set(value: Finding[]) {
      packedByResult.delete(result);
      list = value;
    },
  });
  packedByResult.set(result, files);
  return result;
}

/**
 * The packed findings of a result from `withPackedFindings`, files in report
 * order, if its `findings` have not been read or replaced (a caller may have
 * changed them) and no two files share a path; otherwise undefined.
 */
export function packedFindings(result: ScanResult): PackedFindings[] | undefined {
  const files = packedByResult.get(result);
  if (!files) return undefined;
  const withFindings = files.filter((f) => f.severities.length > 0).sort((a, b) => compareText(a.file, b.file));
  for (let i = 1; i < withFindings.length; i++) if (withFindings[i - 1]!.file === withFindings[i]!.file) return undefined;
  return withFindings;
}
