/** Every recorded change to an item: who, when, what, from what to what, and why. */
import { actionLabel, fieldLabel } from '../../lib/audit-labels.js';
import { formatDateTimeSeconds, statusLabel } from '../../lib/format.js';
import type { HistoryEntry } from '../../types.js';

function show(field: string | null, value: string | null) {
  if (value === null || value === '') return <span className="muted">empty</span>;
  return field === 'status' ? statusLabel(value) : value;
}

/** The history table, newest first. */
export function HistoryTable({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <p className="empty">No changes recorded yet.</p>;
  const rows = [...history].sort((a, b) => b.seq - a.seq);
  return (
    <div className="table-wrap">
      <table className="data-table history-table">
        <caption className="visually-hidden">Change history</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((h) => (
            <tr key={h.id}>
              <td className="nowrap">
                <time dateTime={h.changedAt} title={h.changedAt}>
                  {formatDateTimeSeconds(h.changedAt)}
                </time>
              </td>
              <td>{h.changedBy}</td>
              <td>
                {actionLabel(h.action)}
                {h.field && <span className="muted block small">{fieldLabel(h.field)}</span>}
              </td>
              <td>{show(h.field, h.oldValue)}</td>
              <td>{show(h.field, h.newValue)}</td>
              <td>{h.reason ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
