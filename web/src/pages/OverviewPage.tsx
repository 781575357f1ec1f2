/**
 * The dashboard of one assessment: how far the work is, by status, priority
 * and inspection area, what evidence covers, and which documents need
 * revising. Every number links to the items behind it.
 */
import { ErrorAlert, Loading } from '../components/Alert.js';
import { AssessmentNav } from '../components/AssessmentNav.js';
import { BarChart } from '../components/BarChart.js';
import { HeatMap } from '../components/HeatMap.js';
import { StatusBar } from '../components/StatusBar.js';
import { StatusBadge } from '../components/StatusBadge.js';
import type { AssessmentView } from '../endpoints.js';
import { capitalise, formatDateTime, percent, statusLabel } from '../lib/format.js';
import { useAssessment } from '../lib/use-assessment.js';
import { useTitle } from '../lib/use-title.js';
import { Link, pathOf } from '../router.js';
import { PRIORITIES } from '../types.js';

function Stat({ label, value, detail, to }: { label: string; value: string | number; detail?: string; to?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{to ? <Link to={to}>{value}</Link> : value}</span>
        {detail && <span className="stat-detail">{detail}</span>}
      </dd>
    </div>
  );
}

function Dashboard({ view }: { view: AssessmentView }) {
  const { assessment: a, summary: s } = view;
  const base = pathOf('assessments', a.id);
  const checklist = (q: Record<string, string>) => `${base}/checklist?${new URLSearchParams(q).toString()}`;
  const assessed = s.applicable - s.byStatus['not-assessed'];
  return (
    <>
      <dl className="stats">
        <Stat label="Applicable items" value={s.applicable} detail={`${s.excluded} excluded with reasons`} to={checklist({ applicable: 'true' })} />
        <Stat label="Assessed" value={`${percent(assessed, s.applicable)}%`} detail={`${assessed} of ${s.applicable}`} />
        <Stat label="Gaps" value={s.byStatus.gap} detail={`${s.byStatus.partial} partial`} to={checklist({ status: 'gap' })} />
        <Stat label="Open actions" value={s.openActions} detail={s.actions.overdue ? `${s.actions.overdue} overdue` : 'none overdue'} />
        <Stat label="Documents" value={s.documents} detail={`${s.needsRevision.length} need revision`} to={`${base}/documents`} />
        <Stat label="Evidence accepted" value={s.evidence.accepted} detail={`${s.evidence.proposed} proposed, awaiting review`} />
      </dl>

      <div className="grid-2">
        <section className="card" aria-labelledby="by-status">
          <h2 id="by-status">Progress by status</h2>
          <StatusBar counts={s.byStatus} label="Applicable items by status" />
        </section>
        <section className="card" aria-labelledby="by-priority">
          <h2 id="by-priority">Applicable items by priority</h2>
          <BarChart
            label="Applicable items by priority"
            bars={PRIORITIES.map((p) => ({ label: capitalise(p), value: s.byPriority[p], tone: `fill-priority-${p}` }))}
          />
        </section>
      </div>

      <section className="card" aria-labelledby="heat">
        <h2 id="heat">Heat map: inspection area × status</h2>
        <p className="hint">Areas of FDA’s inspection programme (CP 7382.850). Each number opens the items behind it.</p>
        <HeatMap
          data={s.heatMap}
          caption="Applicable items by inspection area and status"
          columnLabel={statusLabel}
          hrefFor={(area, status) => checklist({ area, status })}
        />
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="coverage">
          <h2 id="coverage">Evidence coverage</h2>
          <BarChart
            label="Applicable items by evidence"
            bars={[
              { label: 'Accepted', value: s.coverage.accepted.length, tone: 'fill-compliant' },
              { label: 'Proposed only', value: s.coverage.proposedOnly.length, tone: 'fill-partial' },
              { label: 'None', value: s.coverage.uncovered.length, tone: 'fill-gap' },
            ]}
          />
        </section>
        <section className="card" aria-labelledby="revision">
          <h2 id="revision">Documents that need revision</h2>
          {s.needsRevision.length === 0 ? (
            <p className="empty">{s.documents ? 'No scanned document needs revision.' : 'No documents scanned yet.'}</p>
          ) : (
            <ul className="plain-list">
              {s.needsRevision.map((d) => (
                <li key={d.path}>
                  <Link to={`${base}/documents?doc=${encodeURIComponent(d.path)}`}>{d.path}</Link>{' '}
                  <span className="muted">({d.findingsCount} findings)</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

/** The assessment overview page. */
export function OverviewPage({ id }: { id: string }) {
  const view = useAssessment(id);
  const a = view.data?.assessment;
  useTitle(a?.name ?? 'Assessment');
  return (
    <div className="page">
      <AssessmentNav id={id} name={a?.name} />
      <div className="page-head">
        <h1>{a?.name ?? 'Assessment'}</h1>
        {a && <StatusBadge status={a.status} />}
      </div>
      {a && (
        <p className="meta-line">
          {a.organization} · checklist from knowledge base v{a.checklist.kb.version} ({a.checklist.kb.hash.slice(0, 12)}) · created{' '}
          {formatDateTime(a.createdAt)} · version {a.version}, last changed {formatDateTime(a.updatedAt)}
          {a.updatedBy ? ` by ${a.updatedBy}` : ''}
        </p>
      )}
      <ErrorAlert error={view.error} />
      {view.loading && !view.data && <Loading what="Loading the assessment" />}
      {view.data && <Dashboard view={view.data} />}
    </div>
  );
}
