/**
 * A bracket of sources, each one a link to the crosswalk search for it, so a
 * reader can check where a statement comes from in one click.
 */
import { citationParts } from '../lib/citations.js';
import { Link } from '../router.js';

/** `[§820.10(c); ISO 13485 7.3.1]` with linked parts. */
export function Citations({ inside }: { inside: string }) {
  const parts = citationParts(inside);
  return (
    <span className="cites">
      <span aria-hidden="true">[</span>
      {parts.map((part, i) => (
        <span key={`${part.text}-${i}`}>
          {i > 0 && '; '}
          {part.query ? (
            <Link to={`/crosswalk?q=${encodeURIComponent(part.query)}`} className="cite" title={`Look up ${part.query} in the crosswalk`}>
              {part.text}
            </Link>
          ) : (
            <cite className="cite-plain">{part.text}</cite>
          )}
        </span>
      ))}
      <span aria-hidden="true">]</span>
    </span>
  );
}

/** A list of citations (e.g. an item's ISO clauses) each linked to the crosswalk. */
export function CitationLinks({ citations, prefix = '' }: { citations: string[]; prefix?: string }) {
  if (citations.length === 0) return <span className="muted">—</span>;
  return (
    <span className="cite-list">
      {citations.map((c, i) => (
        <span key={c}>
          {i > 0 && ', '}
          <Link to={`/crosswalk?q=${encodeURIComponent(prefix + c)}`} className="cite">
            {c}
          </Link>
        </span>
      ))}
    </span>
  );
}
