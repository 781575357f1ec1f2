/** One guide page: its summary, the sections it covers, and the Markdown body with linked sources. */
import { ErrorAlert, Loading } from '../components/Alert.js';
import { CitationLinks } from '../components/Citations.js';
import { Markdown } from '../components/Markdown.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { Link, pathOf } from '../router.js';
import type { GuidePage } from '../types.js';

/** A guide page by slug. */
export function GuidePageView({ slug }: { slug: string }) {
  const page = useResource<GuidePage>(`/api/guide/${encodeURIComponent(slug)}`);
  useTitle(page.data?.title ?? 'Guide');
  const suggestions = Array.isArray(page.error?.body.suggestions) ? (page.error.body.suggestions as string[]) : [];
  return (
    <div className="page page-reading">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/guide">Guide</Link>
          </li>
        </ol>
      </nav>
      {page.loading && !page.data && (
        <>
          <h1>Guide</h1>
          <Loading what="Loading the page" />
        </>
      )}
      {page.error && (
        <>
          <h1>Guide page not found</h1>
          <ErrorAlert error={page.error} />
          {suggestions.length > 0 && (
            <p>
              Closest pages:{' '}
              {suggestions.map((s, i) => (
                <span key={s}>
                  {i > 0 && ', '}
                  <Link to={pathOf('guide', s)}>{s}</Link>
                </span>
              ))}
            </p>
          )}
        </>
      )}
      {page.data && (
        <article>
          <h1>{page.data.title}</h1>
          <p className="lead">{page.data.summary}</p>
          {page.data.sections.length > 0 && (
            <p className="meta-line">
              Covers 21 CFR <CitationLinks citations={page.data.sections} />
            </p>
          )}
          <Markdown source={page.data.body} />
        </article>
      )}
    </div>
  );
}
