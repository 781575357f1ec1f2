/**
 * Unified diffs (`---`/`+++`/`@@`, three lines of context) between two texts,
 * line by line, with Myers' O(ND) algorithm. Lines keep their own line
 * endings, so a CRLF file gives a diff with CRLF content lines that `patch`
 * and `git apply` apply to it as it is; a last line without a line ending is
 * followed by `\ No newline at end of file`.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Splits text into lines, each with its own ending (`\n`, `\r\n` or a lone `\r`). */
export function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
}

/**
 * The shortest edit script from `a` to `b` (Myers 1986). The trace keeps, for
 * each step d, only diagonals -d-1..d+1, so memory grows with the square of
 * the number of changed lines, not with the file size.
 */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let steps = 0;
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        steps = d;
        break search;
      }
    }
  }
  // Walk back through the trace: trace[d] holds the furthest x on each diagonal before step d.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = steps; d >= 0; d--) {
    const vd = trace[d]!;
    const get = (k: number): number => vd[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && get(k - 1) < get(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : get(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ kind: '+', line: b[--y]! });
    else ops.push({ kind: '-', line: a[--x]! });
  }
  return ops.reverse();
}

/** Options for the diff header. */
export interface DiffLabels {
  /** Path shown after `--- ` (e.g. `a/SOPs/x.md`). */
  from: string;
  /** Path shown after `+++ ` (e.g. `b/SOPs/x.md`). */
  to: string;
  context?: number;
}

/** A unified diff of `before` → `after`; empty when they are equal. */
export function unifiedDiff(before: string, after: string, labels: DiffLabels): string {
  if (before === after) return '';
  const context = labels.context ?? 3;
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = editScript(a, b);
  // Positions (0-based) of each op in a and b.
  const at: { ai: number; bi: number }[] = [];
  let ai = 0;
  let bi = 0;
  for (const op of ops) {
    at.push({ ai, bi });
    if (op.kind !== '+') ai++;
    if (op.kind !== '-') bi++;
  }
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const from = Math.max(0, i - context);
    const to = Math.min(ops.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }
  const out: string[] = [`--- ${quote(labels.from)}\n`, `+++ ${quote(labels.to)}\n`];
  for (const [from, to] of hunks) {
    const slice = ops.slice(from, to + 1);
    const aCount = slice.filter((o) => o.kind !== '+').length;
    const bCount = slice.filter((o) => o.kind !== '-').length;
    const aStart = aCount === 0 ? at[from]!.ai : at[from]!.ai + 1;
    const bStart = bCount === 0 ? at[from]!.bi : at[from]!.bi + 1;
    out.push(`@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@\n`);
    for (const op of slice) {
      out.push(op.kind + op.line);
      if (!/[\r\n]$/.test(op.line)) out.push('\n\\ No newline at end of file\n');
    }
  }
  return out.join('');
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** File names with spaces, quotes or control characters are C-quoted, as git writes them. */
function quote(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\s"\\\u0000-\u001f]/.test(name)) return name;
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}
