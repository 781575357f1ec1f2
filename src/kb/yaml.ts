/**
 * YAML parsed with line numbers, so that a schema error can name `file:line`.
 * Loaded only where YAML is parsed: a command that uses the knowledge-base
 * snapshot never loads the YAML parser.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Parsed } from './files.js';

/** Parse YAML text and validate it against a schema; every problem is returned, with its line. */
export function parseYaml<T>(text: string, file: string, schema: z.ZodType<T>): Parsed<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      return { file, line: lineOf(doc, lineCounter, path), path: path.join('.'), message: issue.message };
    }),
  };
}

function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: string[]): number | undefined {
  // Walk up the path until a node with a source range is found.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
