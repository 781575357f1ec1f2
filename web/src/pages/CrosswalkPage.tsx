/**
 * Crosswalk search: type any citation (`820.30(g)`, `21 CFR 820.198(e)`,
 * `Subpart M`, `ISO 13485 7.3.7`) or words; get the explanation and the
 * crosswalk rows that match, filterable by subpart and relation.
 */
import type { FormEvent } from 'react';
import { useEffect, useMemo, useState } from 'react';
import { apiUrl } from '../api.js';
import { ErrorAlert, Loading } from '../components/Alert.js';
import { CitationLinks } from '../components/Citations.js';
import { ExplainCard } from '../components/ExplainCard.js';
import { Field } from '../components/Field.js';
import { isoClauseOf } from '../lib/citations.js';
import { filterCrosswalk } from '../lib/crosswalk-filter.js';
import { plural } from '../lib/format.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { Link, setQuery, useLocation } from '../router.js';
import type { CrosswalkRow, Explanation } from '../types.js';

function Suggestions({ list }: { list: string[] }) {
  if (list.length === 0) return null;
  return (
    <p>
      Did you mean{' '}
      {list.map((s, i) => (
        <span key={s}>
          {i > 0 && ', '}
          <Link to={`/crosswalk?q=${encodeURIComponent(s)}`}>{s}</Link>
        </span>
      ))}
      ?
    </p>
  );
}

function Explain({ q }: { q: string }) {
  const answer = useResource<Explanation>(q && !isoClauseOf(q) ? apiUrl('/api/explain', { q }) : null);
  if (!q || isoClauseOf(q)) return null;
  if (answer.loading) return <Loading what={`Looking up ${q}`} />;
  if (answer.error) {
    const suggestions = Array.isArray(answer.error.body.suggestions) ? (answer.error.body.suggestions as string[]) : [];
    return (
      <div className="card">
        <ErrorAlert error={answer.error} />
        <Suggestions list={suggestions} />
      </div>
    );
  }
  return answer.data ? <ExplainCard e={answer.data} /> : null;
}

function CrosswalkTable({ rows, total }: { rows: CrosswalkRow[]; total: number }) {
  return (
    <>
      <p className="table-count" role="status">
        Showing {plural(rows.length, 'row')} of {total}.
      </p>
      <div className="table-wrap table-tall">
        <table className="data-table crosswalk-table">
          <caption className="visually-hidden">Old QSR provisions and where they live now</caption>
          <thead>
            <tr>
              <th scope="col">Old QSR</th>
              <th scope="col">Title</th>
              <th scope="col">Relation</th>
              <th scope="col">ISO 13485:2016</th>
              <th scope="col">QMSR</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.qsr}>
                <th scope="row" className="nowrap">
                  <Link to={`/crosswalk?q=${encodeURIComponent(r.qsr)}`}>§ {r.qsr}</Link>
                </th>
                <td>
                  {r.title}
                  {r.qsr !== r.section && <span className="muted small block">{r.sectionTitle}</span>}
                </td>
                <td>
                  <span className={`badge relation-${r.relation}`}>{r.relation}</span>
                  {r.confidence === 'unconfirmed' && <span className="badge badge-warn">unconfirmed</span>}
                </td>
                <td>
                  <CitationLinks citations={r.isoClauses} prefix="ISO 13485 " />
                </td>
                <td>
                  <CitationLinks citations={r.qmsrProvisions} />
                </td>
                <td className="why">
                  <details>
                    <summary>Rationale</summary>
                    <p>{r.rationale}</p>
                    {r.notes.map((n) => (
                      <p key={n} className="muted">
                        {n}
                      </p>
                    ))}
                    {r.uncertainty && <p className="muted">Uncertain: {r.uncertainty}</p>}
                    <p className="muted small">Sources: {r.sources.join(', ')} · {r.kbRef}</p>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The crosswalk page. */
export function CrosswalkPage() {
  useTitle('Crosswalk');
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const subpart = query.get('subpart') ?? '';
  const relation = query.get('relation') ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const crosswalk = useResource<{ entries: CrosswalkRow[] }>('/api/crosswalk');
  const all = useMemo(() => crosswalk.data?.entries ?? [], [crosswalk.data]);
  const subparts = useMemo(() => [...new Set(all.map((r) => r.subpart))], [all]);
  const relations = useMemo(() => [...new Set(all.map((r) => r.relation))].sort(), [all]);
  const rows = filterCrosswalk(all, q).filter((r) => (!subpart || r.subpart === subpart) && (!relation || r.relation === relation));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ q: draft.trim() });
  };

  return (
    <div className="page">
      <h1>Crosswalk: old QSR to QMSR</h1>
      <p className="lead">Type a citation the way your SOPs write it, or words. The answer says where the requirement lives now, and why.</p>
      <form className="search-bar" role="search" onSubmit={submit}>
        <Field label="Citation or words" hint="e.g. 820.30(g), 21 CFR 820.198, Subpart M, ISO 13485 7.3.7, complaint">
          {({ id, describedBy }) => <input id={id} type="search" name="q" value={draft} onChange={(e) => setDraft(e.target.value)} aria-describedby={describedBy} />}
        </Field>
        <button type="submit" className="button-primary">
          Explain
        </button>
      </form>
      <Explain q={q} />
      <h2>Crosswalk table</h2>
      <div className="filters">
        <Field label="Subpart">
          {({ id }) => (
            <select id={id} value={subpart} onChange={(e) => setQuery({ subpart: e.target.value })}>
              <option value="">All subparts</option>
              {subparts.map((s) => (
                <option key={s} value={s}>
                  Subpart {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Relation">
          {({ id }) => (
            <select id={id} value={relation} onChange={(e) => setQuery({ relation: e.target.value })}>
              <option value="">Any relation</option>
              {relations.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        {(q || subpart || relation) && (
          <button type="button" className="button-quiet" onClick={() => setQuery({ q: undefined, subpart: undefined, relation: undefined })}>
            Clear search and filters
          </button>
        )}
      </div>
      <ErrorAlert error={crosswalk.error} />
      {crosswalk.loading && !crosswalk.data && <Loading what="Loading the crosswalk" />}
      {crosswalk.data && <CrosswalkTable rows={rows} total={all.length} />}
    </div>
  );
}
