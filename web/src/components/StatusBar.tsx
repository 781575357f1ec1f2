/**
 * Items by status as one stacked bar drawn in SVG, with a legend that states
 * every number, so the chart never has to be read by colour alone.
 */
import { STATUS_LABELS, percent } from '../lib/format.js';
import type { ItemStatus } from '../types.js';
import { ITEM_STATUSES } from '../types.js';

interface StatusBarProps {
  counts: Partial<Record<ItemStatus, number>>;
  /** Which statuses to draw, in order. */
  statuses?: readonly ItemStatus[];
  label: string;
}

/** A 100% stacked bar of items by status. */
export function StatusBar({ counts, statuses = ITEM_STATUSES, label }: StatusBarProps) {
  const total = statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const width = 600;
  const height = 28;
  let x = 0;
  const segments = statuses.map((status) => {
    const n = counts[status] ?? 0;
    const w = total > 0 ? (n / total) * width : 0;
    const segment = { status, n, x, w };
    x += w;
    return segment;
  });
  const description = segments.map((s) => `${STATUS_LABELS[s.status]} ${s.n}`).join(', ');
  return (
    <figure className="status-bar">
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={`${label}: ${description}`}>
        <rect x="0" y="0" width={width} height={height} className="bar-empty" />
        {segments
          .filter((s) => s.w > 0)
          .map((s) => (
            <rect key={s.status} x={s.x} y="0" width={s.w} height={height} className={`fill-${s.status}`}>
              <title>{`${STATUS_LABELS[s.status]}: ${s.n}`}</title>
            </rect>
          ))}
      </svg>
      <figcaption>
        <ul className="legend">
          {segments.map((s) => (
            <li key={s.status}>
              <span className={`swatch fill-${s.status}`} aria-hidden="true" />
              {STATUS_LABELS[s.status]} <strong>{s.n}</strong> <span className="muted">({percent(s.n, total)}%)</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
