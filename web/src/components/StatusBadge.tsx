import { statusLabel } from '../lib/format.js';

/** A status as a word on a coloured chip (the word carries the meaning; the colour only helps). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{statusLabel(status)}</span>;
}

/** A priority as a word on a chip. */
export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`badge priority-${priority}`}>{priority}</span>;
}
