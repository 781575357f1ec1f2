/**
 * The `qmsr scan --format json` output: the shape promised in
 * shared/contracts/cli.md, keys in the contract's order, then the fields the
 * contract allows us to add (kb, generatedAt, kbRefs, context, ...). Files are
 * sorted by path and findings by file and position, so output is reproducible.
 */
import { reportKeyOrder } from '../scanner/finding-order.js';
import { packedFindings, type PackedFindings } from '../scanner/packed.js';
import type { FileResult, ScanResult } from '../scanner/types.js';
import { sortFiles, sortFindings } from './order.js';
import type { ReporterOptions } from './types.js';

/** Pretty-printed JSON (two-space indent) with a trailing newline. */
export function jsonReporter(result: ScanResult, options: ReporterOptions = {}): string {
  const decoder = new TextDecoder();
  return [...jsonChunks(result, options)].map((piece) => (typeof piece === 'string' ? piece : decoder.decode(piece))).join('');
}

/** The contract's top-level keys, in its order; other keys of the result follow them. */
const CONTRACT_KEYS = new Set(['schemaVersion', 'tool', 'summary', 'files', 'findings']);

/**
 * The same text as `jsonReporter`, in pieces of about `CHUNK` characters, so a
 * large scan is written out without ever holding the whole report: exactly
 * what `JSON.stringify(report, null, 2)` gives, each file and finding
 * serialised on its own and indented to its depth. Pieces are strings, except
 * that the findings of a result straight from the scanner come as UTF-8 bytes,
 * a piece per document: the scanner keeps each file's findings serialised as
 * this report prints them (scanner/packed.ts), and they are written as they are.
 */
export function* jsonChunks(result: ScanResult, _options: ReporterOptions = {}): Generator<string | Uint8Array> {
  // Before anything reads `result.findings`, which turns packed findings into objects.
  const packed = packedFindings(result);
  let buffer = '{';
  let first = true;
  const key = (name: string): string => {
    const text = `${first ? '' : ','}\n  ${JSON.stringify(name)}: `;
    first = false;
    return text;
  };
  const field = (name: string, value: unknown): void => {
    if (value !== undefined) buffer += key(name) + indent(JSON.stringify(value, null, 2), 2);
  };
  field('schemaVersion', result.schemaVersion);
  field('tool', result.tool);
  field('summary', result.summary);
  const list = function* (name: string, items: Iterable<string>): Generator<string> {
    buffer += key(name);
    let count = 0;
    for (const item of items) {
      buffer += `${count++ === 0 ? '[' : ','}\n    ${item}`;
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += count === 0 ? '[]' : '\n  ]';
  };
  yield* list('files', serialised(sortFiles(result.files), orderFile));
  if (!packed) {
    yield* list('findings', serialised(sortFindings(result.findings), reportKeyOrder));
  } else if (packed.length === 0) {
    buffer += `${key('findings')}[]`;
  } else {
    yield `${buffer}${key('findings')}[\n    `;
    yield* packedChunks(packed);
    buffer = '\n  ]';
  }
  for (const name of Object.keys(result)) {
    if (!CONTRACT_KEYS.has(name)) field(name, (result as unknown as Record<string, unknown>)[name]);
  }
  yield `${buffer}\n}\n`;
}

/**
 * The items as pretty JSON indented to their depth in the report, a batch at a
 * time: each batch is serialised as the array of a one-key object, so
 * JSON.stringify itself indents it, and the wrapper is cut off.
 */
function* serialised<T>(items: readonly T[], order: (item: T) => T): Generator<string> {
  const head = '{\n  "a": [\n    ';
  const tail = '\n  ]\n}';
  for (let i = 0; i < items.length; i += BATCH) {
    const text = JSON.stringify({ a: items.slice(i, i + BATCH).map(order) }, null, 2);
    yield text.slice(head.length, text.length - tail.length);
  }
}

/** Between two findings in the report. */
const SEPARATOR = Buffer.from(',\n    ');

/** The packed findings of every file, one after the other: the findings list's items, as bytes, a piece per file. */
function* packedChunks(files: readonly PackedFindings[]): Generator<Uint8Array> {
  for (const [i, file] of files.entries()) {
    if (i > 0) yield SEPARATOR;
    yield file.json;
  }
}

/** Items serialised at once by `serialised`. */
const BATCH = 64;

/** Characters per piece of `jsonChunks`. */
const CHUNK = 1 << 20;

/** Indent every line after the first (JSON strings never hold a raw line break). */
function indent(json: string, spaces: number): string {
  return json.includes('\n') ? json.replaceAll('\n', `\n${' '.repeat(spaces)}`) : json;
}

function orderFile(file: FileResult): FileResult {
  const { path, format, status, error, ...extra } = file;
  return { path, format, status, ...(error !== undefined ? { error } : {}), ...extra };
}
