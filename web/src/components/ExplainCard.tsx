/**
 * The answer to "what is this reference and where does it live now?": the
 * `qmsr explain` JSON shown as a card, sources and knowledge-base records
 * included, so nobody has to take the answer on trust.
 */
import { CitationLinks } from './Citations.js';
import { Link } from '../router.js';
import type { Explanation } from '../types.js';

const STATUS_WORDS: Record<Explanation['status'], string> = {
  removed: 'Removed on 2 February 2026',
  current: 'Current',
  reserved: 'Reserved',
  unknown: 'Unknown',
};

/** One explanation. */
export function ExplainCard({ e }: { e: Explanation }) {
  return (
    <section className="card explain" aria-labelledby="explain-title">
      <p className="eyebrow">
        {e.regulation === 'QSR' ? 'Old QSR (21 CFR 820, until 1 February 2026)' : 'QMSR (21 CFR 820, from 2 February 2026)'}
      </p>
      <h2 id="explain-title">
        <span className="citation">{e.citation.startsWith('Subpart') || e.citation.startsWith('Part') ? e.citation : `§ ${e.citation}`}</span> {e.title}
      </h2>
      <p className="explain-status">
        <span className={`badge status-${e.status}`}>{STATUS_WORDS[e.status]}</span>
        {e.statusDetail === 'not-adopted' && <span className="badge">not adopted</span>}
        {e.fdaSpecific && <span className="badge badge-fda">FDA-specific</span>}
        {e.confidence === 'unconfirmed' && (
          <span className="badge badge-warn" title="The mapping rests on a single secondary source or on inference.">
            unconfirmed
          </span>
        )}
      </p>
      <p>{e.summary}</p>
      <dl className="facts">
        {e.relation && (
          <>
            <dt>How it maps</dt>
            <dd>{e.relation}</dd>
          </>
        )}
        <dt>ISO 13485:2016</dt>
        <dd>
          <CitationLinks citations={e.isoClauses} prefix="ISO 13485 " />
        </dd>
        <dt>QMSR provisions</dt>
        <dd>
          <CitationLinks citations={e.qmsrProvisions} />
        </dd>
      </dl>
      {e.notes.length > 0 && (
        <>
          <h3>Notes</h3>
          <ul>
            {e.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
      {e.paragraphs.length > 0 && (
        <>
          <h3>Paragraphs</h3>
          <ul className="columns">
            {e.paragraphs.map((p) => (
              <li key={p.citation}>
                <Link to={`/crosswalk?q=${encodeURIComponent(p.citation)}`}>{p.citation}</Link> {p.title}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Where this comes from</h3>
      <ul className="sources">
        {e.sources.map((s) => (
          <li key={s.id}>
            {s.url ? (
              <a href={s.url} target="_blank" rel="noreferrer noopener">
                {s.title}
              </a>
            ) : (
              s.title
            )}
          </li>
        ))}
        <li>
          <a href={e.url} target="_blank" rel="noreferrer noopener">
            Official text on eCFR
          </a>
        </li>
      </ul>
      <p className="muted small">
        Knowledge-base records: {e.kbRefs.join(', ')} · knowledge base v{e.kb.version}
      </p>
    </section>
  );
}
