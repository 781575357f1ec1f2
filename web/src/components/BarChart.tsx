/**
 * Horizontal bars with the value written at the end of each bar, drawn in
 * SVG (no chart library, nothing fetched from a CDN).
 */

export interface Bar {
  label: string;
  value: number;
  /** CSS class for the fill colour. */
  tone?: string;
}

/** Labelled horizontal bars scaled to the largest value. */
export function BarChart({ bars, label }: { bars: Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowHeight = 26;
  const labelWidth = 130;
  const barWidth = 360;
  const height = bars.length * rowHeight;
  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${labelWidth + barWidth + 50} ${height}`}
      role="img"
      aria-label={`${label}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`}
    >
      {bars.map((bar, i) => {
        const y = i * rowHeight;
        const w = (bar.value / max) * barWidth;
        return (
          <g key={bar.label} transform={`translate(0 ${y})`}>
            <text x={labelWidth - 8} y={rowHeight / 2 + 1} textAnchor="end" dominantBaseline="middle" className="chart-label">
              {bar.label}
            </text>
            <rect x={labelWidth} y={4} width={barWidth} height={rowHeight - 8} className="bar-empty" />
            <rect x={labelWidth} y={4} width={Math.max(w, bar.value > 0 ? 2 : 0)} height={rowHeight - 8} className={bar.tone ?? 'fill-default'} />
            <text x={labelWidth + Math.max(w, 0) + 6} y={rowHeight / 2 + 1} dominantBaseline="middle" className="chart-value">
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
