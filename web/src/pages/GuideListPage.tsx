/**
 * The plain-English guide: one page per current QMSR section and per topic
 * people ask about, with a filter over titles, aliases and sections.
 */
import { useState } from 'react';
import { ErrorAlert, Loading } from '../components/Alert.js';
import { Field } from '../components/Field.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { Link, pathOf } from '../router.js';
import type { GuideSummary } from '../types.js';

function matches(page: GuideSummary, q: string): boolean {
  if (!q) return true;
  const hay = [page.title, page.summary, page.slug, ...page.aliases, ...page.sections].join(' ').toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .every((word) => hay.includes(word));
}

function GuideList({ pages, heading }: { pages: GuideSummary[]; heading: string }) {
  if (pages.length === 0) return null;
  return (
    <section aria-label={heading}>
      <h2>{heading}</h2>
      <ul className="card-list">
        {pages.map((p) => (
          <li key={p.slug} className="card guide-card">
            <h3>
              <Link to={pathOf('guide', p.slug)}>{p.title}</Link>
            </h3>
            <p>{p.summary}</p>
            {p.sections.length > 0 && <p className="muted small">21 CFR {p.sections.map((s) => `§ ${s}`).join(', ')}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The guide's table of contents. */
export function GuideListPage() {
  useTitle('Guide');
  const guide = useResource<{ pages: GuideSummary[] }>('/api/guide');
  const [q, setQ] = useState('');
  const pages = (guide.data?.pages ?? []).filter((p) => matches(p, q.trim()));
  return (
    <div className="page">
      <h1>Guide to the QMSR</h1>
      <p className="lead">
        What each part of the new regulation requires, what changed from the QSR and what to do about it. Every statement ends with its sources in
        brackets; each links to the crosswalk.
      </p>
      <Field label="Find a topic" className="field-inline">
        {({ id }) => <input id={id} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. CAPA, design controls, 820.35" />}
      </Field>
      <ErrorAlert error={guide.error} />
      {guide.loading && !guide.data && <Loading what="Loading the guide" />}
      {guide.data && pages.length === 0 && <p className="empty">No guide page matches “{q}”. Try the crosswalk for a citation.</p>}
      <GuideList heading="QMSR sections" pages={pages.filter((p) => p.kind === 'section')} />
      <GuideList heading="Topics" pages={pages.filter((p) => p.kind !== 'section')} />
    </div>
  );
}
