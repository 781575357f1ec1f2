/**
 * Reading knowledge-base files: their text, Markdown guide pages with front
 * matter, and the shape of a problem found in them (YAML is parsed in yaml.ts).
 */
import { readFileSync } from 'node:fs';

/** One problem found while loading the knowledge base. */
export interface KbProblem {
  file: string;
  line?: number;
  /** Path inside the file, e.g. `subparts.2.sections.0.title`. */
  path?: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: KbProblem[] };

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
