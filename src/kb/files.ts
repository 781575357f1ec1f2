/**
 * Reading knowledge-base files: YAML parsed with line numbers so that a
 * schema error can name `file:line`, and Markdown guide pages with front matter.
 */
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** One problem found while loading the knowledge base. */
export interface KbProblem {
  file: string;
  line?: number;
  /** Path inside the file, e.g. `subparts.2.sections.0.title`. */
  path?: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: KbProblem[] };

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

/** Split a Markdown file into YAML front matter and body. */
export function splitFrontMatter(text: string): { frontMatter: string; body: string; bodyLine: number } | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return undefined;
  const frontMatter = match[1] ?? '';
  return { frontMatter, body: text.slice(match[0].length), bodyLine: match[0].split('\n').length };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
