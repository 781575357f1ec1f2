/**
 * Inspection area × status (or priority) as a table whose cells are shaded
 * by count: a real table, so screen readers and keyboard users get the same
 * numbers, and each number links to the checklist filtered to those items.
 */
import { Link } from '../router.js';
import type { HeatMap as HeatMapData } from '../types.js';

interface HeatMapProps {
  data: HeatMapData;
  caption: string;
  /** Column heading text. */
  columnLabel: (column: string) => string;
  /** Link to the items of one cell, or undefined for no link. */
  hrefFor?: (area: string, column: string) => string | undefined;
}

/** The heat map table. */
export function HeatMap({ data, caption, columnLabel, hrefFor }: HeatMapProps) {
  const counts = new Map(data.cells.map((c) => [`${c.area}\u0000${c.column}`, c.count]));
  const count = (area: string, column: string) => counts.get(`${area}\u0000${column}`) ?? 0;
  const max = Math.max(1, ...data.cells.map((c) => c.count));
  const rows = data.areas.filter((a) => data.columns.some((c) => count(a.id, c) > 0));
  return (
    <div className="table-wrap">
      <table className="heat-map">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Inspection area (CP 7382.850)</th>
            {data.columns.map((c) => (
              <th scope="col" key={c} className="num">
                {columnLabel(c)}
              </th>
            ))}
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((area) => {
            const total = data.columns.reduce((sum, c) => sum + count(area.id, c), 0);
            return (
              <tr key={area.id}>
                <th scope="row">{area.name}</th>
                {data.columns.map((c) => {
                  const n = count(area.id, c);
                  const level = n === 0 ? 0 : Math.min(4, Math.ceil((n / max) * 4));
                  const href = n > 0 ? hrefFor?.(area.id, c) : undefined;
                  return (
                    <td key={c} className={`num heat heat-${c} heat-level-${level}`}>
                      {href ? (
                        <Link to={href} aria-label={`${n} ${columnLabel(c)} in ${area.name}`}>
                          {n}
                        </Link>
                      ) : (
                        <span className={n === 0 ? 'muted' : undefined}>{n}</span>
                      )}
                    </td>
                  );
                })}
                <td className="num total">{total}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
