/** How a knowledge base that does not load is reported. */
import type { KbProblem } from './files.js';

/** The knowledge base failed to load; the message lists every problem as `file:line: message`. */
export class KbLoadError extends Error {
  constructor(readonly problems: KbProblem[]) {
    super(`The knowledge base has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KbLoadError';
  }
}

/** `regulations/qsr.yaml:120 (subparts.2.title): message`. */
export function formatProblem(p: KbProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return `${where}${p.path ? ` (${p.path})` : ''}: ${p.message}`;
}
