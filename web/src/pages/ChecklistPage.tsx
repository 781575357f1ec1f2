/**
 * The checklist of one assessment: filters (area, status, owner, FDA-specific,
 * applicable, words) kept in the address, counts by status for the current
 * filters, and a table that stays readable at 150+ rows.
 */
import type { FormEvent } from 'react';
import { useEffect, useMemo, useState } from 'react';
import { ErrorAlert, Loading } from '../components/Alert.js';
import { AssessmentNav } from '../components/AssessmentNav.js';
import { Field } from '../components/Field.js';
import { PriorityBadge, StatusBadge } from '../components/StatusBadge.js';
import { itemsUrl } from '../endpoints.js';
import type { ItemList } from '../endpoints.js';
import { STATUS_LABELS, formatDate, plural } from '../lib/format.js';
import { useAssessment } from '../lib/use-assessment.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { Link, pathOf, setQuery, useLocation } from '../router.js';
import type { ItemRow } from '../types.js';
import { ITEM_STATUSES } from '../types.js';

function matchesWords(item: ItemRow, q: string): boolean {
  if (!q) return true;
  const hay = `${item.requirement} ${item.title} ${item.itemId} ${item.isoClauses.join(' ')} ${item.qmsrProvisions.join(' ')}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .every((w) => hay.includes(w));
}

function StatusCounts({ items, current }: { items: ItemRow[]; current: string }) {
  const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, items.filter((i) => i.status === s).length]));
  return (
    <ul className="count-chips" aria-label="Items by status for these filters">
      <li>
        <button type="button" aria-pressed={current === ''} onClick={() => setQuery({ status: undefined })}>
          All <strong>{items.length}</strong>
        </button>
      </li>
      {ITEM_STATUSES.map((s) => (
        <li key={s}>
          <button type="button" className={`chip-${s}`} aria-pressed={current === s} onClick={() => setQuery({ status: current === s ? undefined : s })}>
            {STATUS_LABELS[s]} <strong>{counts[s]}</strong>
          </button>
        </li>
      ))}
    </ul>
  );
}

function ItemTable({ id, items }: { id: string; items: ItemRow[] }) {
  return (
    <div className="table-wrap table-tall">
      <table className="data-table checklist-table">
        <caption className="visually-hidden">Checklist items</caption>
        <thead>
          <tr>
            <th scope="col">Requirement</th>
            <th scope="col">Title</th>
            <th scope="col">Inspection area</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col" className="num" title="Accepted, and + proposed awaiting review">
              Evidence
            </th>
            <th scope="col" className="num">
              Open actions
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.itemId} className={item.applicable ? undefined : 'row-inactive'}>
              <th scope="row">
                <Link to={pathOf('assessments', id, 'items', item.itemId)}>{item.requirement}</Link>
                {item.fdaSpecific && (
                  <span className="badge badge-fda" title="Goes beyond ISO 13485: FDA-specific">
                    FDA
                  </span>
                )}
              </th>
              <td className="title-cell">
                {item.title}
                {!item.applicable && <span className="muted small block">Does not apply</span>}
              </td>
              <td className="small area-cell">{item.area.name}</td>
              <td>
                <PriorityBadge priority={item.priority} />
              </td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>{item.owner ?? <span className="muted">—</span>}</td>
              <td className="nowrap">{formatDate(item.dueDate)}</td>
              <td className="num nowrap" title={`${item.evidenceCounts.accepted} accepted, ${item.evidenceCounts.proposed} proposed`}>
                {item.evidenceCounts.accepted}
                <span className="visually-hidden"> accepted</span>
                {item.evidenceCounts.proposed > 0 && (
                  <span className="muted proposed-count">
                    {' '}+{item.evidenceCounts.proposed}
                    <span className="visually-hidden"> proposed</span>
                  </span>
                )}
              </td>
              <td className="num">{item.openActions || <span className="muted">0</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The checklist page. */
export function ChecklistPage({ id }: { id: string }) {
  const view = useAssessment(id);
  const name = view.data?.assessment.name;
  useTitle(name ? `Checklist · ${name}` : 'Checklist');
  const { query } = useLocation();
  const area = query.get('area') ?? '';
  const status = query.get('status') ?? '';
  const owner = query.get('owner') ?? '';
  const fdaSpecific = query.get('fdaSpecific') ?? '';
  const applicable = query.get('applicable') ?? '';
  const q = query.get('q') ?? '';
  const [words, setWords] = useState(q);
  useEffect(() => setWords(q), [q]);

  // Status is filtered here so the counts can show every status for the other filters.
  const list = useResource<ItemList>(itemsUrl(id, { area, owner, fdaSpecific, applicable }));
  const matching = useMemo(() => (list.data?.items ?? []).filter((i) => matchesWords(i, q)), [list.data, q]);
  const shown = status ? matching.filter((i) => i.status === status) : matching;
  const owners = useMemo(() => [...new Set((list.data?.items ?? []).map((i) => i.owner).filter((o): o is string => Boolean(o)))].sort(), [list.data]);
  const areas = view.data?.assessment.checklist.inspectionAreas ?? [];
  const filtered = Boolean(area || status || owner || fdaSpecific || applicable || q);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ q: words.trim() });
  };

  return (
    <div className="page page-wide">
      <AssessmentNav id={id} name={name} />
      <h1>Checklist</h1>
      <form className="filters" onSubmit={search} aria-label="Filter the checklist">
        <Field label="Inspection area">
          {({ id: fid }) => (
            <select id={fid} value={area} onChange={(e) => setQuery({ area: e.target.value })}>
              <option value="">All areas</option>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status">
          {({ id: fid }) => (
            <select id={fid} value={status} onChange={(e) => setQuery({ status: e.target.value })}>
              <option value="">Any status</option>
              {ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Owner">
          {({ id: fid }) => (
            <select id={fid} value={owner} onChange={(e) => setQuery({ owner: e.target.value })}>
              <option value="">Anyone</option>
              {[...new Set([...owners, ...(owner ? [owner] : [])])].map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="FDA-specific">
          {({ id: fid }) => (
            <select id={fid} value={fdaSpecific} onChange={(e) => setQuery({ fdaSpecific: e.target.value })}>
              <option value="">All items</option>
              <option value="true">FDA-specific only</option>
              <option value="false">ISO 13485 only</option>
            </select>
          )}
        </Field>
        <Field label="Applies">
          {({ id: fid }) => (
            <select id={fid} value={applicable} onChange={(e) => setQuery({ applicable: e.target.value })}>
              <option value="">Applicable or not</option>
              <option value="true">Applicable</option>
              <option value="false">Excluded</option>
            </select>
          )}
        </Field>
        <Field label="Words or clause">
          {({ id: fid }) => <input id={fid} type="search" value={words} onChange={(e) => setWords(e.target.value)} onBlur={() => setQuery({ q: words.trim() })} />}
        </Field>
        <div className="filter-buttons">
          <button type="submit">Search</button>
          {filtered && (
            <button
              type="button"
              className="button-quiet"
              onClick={() => setQuery({ area: undefined, status: undefined, owner: undefined, fdaSpecific: undefined, applicable: undefined, q: undefined })}
            >
              Clear filters
            </button>
          )}
        </div>
      </form>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data && <Loading what="Loading the checklist" />}
      {list.data && (
        <>
          <StatusCounts items={matching} current={status} />
          <p className="table-count" role="status">
            Showing {plural(shown.length, 'item')}
            {filtered ? ' matching the filters' : ''}.
          </p>
          {shown.length === 0 ? <p className="empty">No item matches these filters.</p> : <ItemTable id={id} items={shown} />}
        </>
      )}
    </div>
  );
}
