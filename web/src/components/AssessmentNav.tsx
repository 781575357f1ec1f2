/**
 * The tabs of one assessment (overview, checklist, documents, reports and
 * signatures) with a breadcrumb back to the list.
 */
import { Link, pathOf, useLocation } from '../router.js';

const TABS = [
  { sub: '', label: 'Overview' },
  { sub: 'checklist', label: 'Checklist' },
  { sub: 'documents', label: 'Documents' },
  { sub: 'reports', label: 'Reports & signatures' },
] as const;

/** Breadcrumb + tabs for the assessment `id`. */
export function AssessmentNav({ id, name }: { id: string; name: string | undefined }) {
  const { path } = useLocation();
  const base = pathOf('assessments', id);
  const currentSub = path === base ? '' : path.slice(base.length + 1).split('/')[0];
  const active = currentSub === 'items' ? 'checklist' : currentSub;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">Assessments</Link>
          </li>
          <li>
            <Link to={base}>{name ?? 'Assessment'}</Link>
          </li>
        </ol>
      </nav>
      <nav aria-label="Assessment" className="tabs">
        <ul>
          {TABS.map((tab) => (
            <li key={tab.sub}>
              <Link to={tab.sub ? `${base}/${tab.sub}` : base} aria-current={active === tab.sub ? 'page' : undefined}>
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
