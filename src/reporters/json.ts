/**
 * The `qmsr scan --format json` output: the shape promised in
 * shared/contracts/cli.md, keys in the contract's order, then the fields the
 * contract allows us to add (kb, generatedAt, kbRefs, context, ...). Files are
 * sorted by path and findings by file and position, so output is reproducible.
 */
import type { FileResult, Finding, ScanResult } from '../scanner/types.js';
import { sortFiles, sortFindings } from './order.js';
import type { ReporterOptions } from './types.js';

/** Pretty-printed JSON (two-space indent) with a trailing newline. */
export function jsonReporter(result: ScanResult, options: ReporterOptions = {}): string {
  return [...jsonChunks(result, options)].join('');
}

/**
 * The same text as `jsonReporter`, in pieces of about `CHUNK` characters, so a
 * large scan is written out without ever holding the whole report as one
 * string: exactly what `JSON.stringify(report, null, 2)` gives, each file and
 * finding serialised on its own and indented to its depth.
 */
export function* jsonChunks(result: ScanResult, _options: ReporterOptions = {}): Generator<string> {
  const { schemaVersion, tool, summary, files, findings, ...extra } = result;
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
  field('schemaVersion', schemaVersion);
  field('tool', tool);
  field('summary', summary);
  const lists: [string, Iterable<string>][] = [
    ['files', serialised(sortFiles(files), orderFile)],
    ['findings', serialised(sortFindings(findings), orderFinding)],
  ];
  for (const [name, items] of lists) {
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
  }
  for (const [name, value] of Object.entries(extra)) field(name, value);
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

function orderFinding(finding: Finding): Finding {
  const { file, ruleId, kind, severity, match, citation, term, location, message, replacements, ...extra } = finding;
  return {
    file,
    ruleId,
    kind,
    severity,
    match,
    ...(citation !== undefined ? { citation } : {}),
    ...(term !== undefined ? { term } : {}),
    location,
    message,
    replacements,
    ...extra,
  };
}
