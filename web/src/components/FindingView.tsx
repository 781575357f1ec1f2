/**
 * One finding in its context: the sentence around the match with the match
 * marked, the proposed replacement shown as a tracked change, the rule's
 * message, where it is, and the knowledge-base records behind it.
 */
import { describeLocation } from '../lib/location.js';
import { Link } from '../router.js';
import type { Finding } from '../types.js';
import { CitationLinks } from './Citations.js';

/** The context with the match marked (first occurrence). */
function InContext({ finding }: { finding: Finding }) {
  const context = finding.context ?? finding.match;
  const at = context.indexOf(finding.match);
  const replacement = finding.replacements[0]?.text;
  if (at < 0) return <p className="context">{context}</p>;
  return (
    <p className="context">
      {context.slice(0, at)}
      {replacement !== undefined ? (
        <>
          <del aria-label={`remove: ${finding.match}`}>{finding.match}</del>
          <ins aria-label={`insert: ${replacement}`}>{replacement}</ins>
        </>
      ) : (
        <mark>{finding.match}</mark>
      )}
      {context.slice(at + finding.match.length)}
    </p>
  );
}

/** The finding, in full. */
export function FindingView({ finding }: { finding: Finding }) {
  const where = describeLocation(finding.location as Record<string, unknown>);
  return (
    <article className="finding" aria-labelledby="finding-title">
      <p className="eyebrow">
        <span className={`badge severity-${finding.severity}`}>{finding.severity}</span> {finding.kind} · rule <code>{finding.ruleId}</code>
        {where && ` · ${where}`}
      </p>
      <h3 id="finding-title">
        “{finding.match}”
        {finding.citation && (
          <>
            {' '}
            <Link to={`/crosswalk?q=${encodeURIComponent(finding.citation)}`} className="cite">
              explain {finding.citation}
            </Link>
          </>
        )}
      </h3>
      <p>{finding.message}</p>
      <h4>In context, with the proposed change</h4>
      <InContext finding={finding} />
      {finding.replacements.length > 0 ? (
        <>
          <h4>Replacement{finding.replacements.length > 1 ? 's' : ''}</h4>
          <ol className="replacements">
            {finding.replacements.map((r) => (
              <li key={r.text}>
                <strong className="replacement-text">{r.text}</strong>
                {(r.isoClauses?.length ?? 0) > 0 && (
                  <span className="small">
                    {' '}
                    ISO 13485: <CitationLinks citations={r.isoClauses ?? []} prefix="ISO 13485 " />
                  </span>
                )}
                {(r.qmsrProvisions?.length ?? 0) > 0 && (
                  <span className="small">
                    {' '}
                    QMSR: <CitationLinks citations={r.qmsrProvisions ?? []} />
                  </span>
                )}
              </li>
            ))}
          </ol>
          <p className="muted small">
            {finding.fixable ? 'The redlined copy applies the first replacement as a tracked change.' : 'Needs a person’s judgement: the redlined copy adds a comment here instead of a change.'}
          </p>
        </>
      ) : (
        <p className="muted">No direct replacement: the message says what to do.</p>
      )}
      <p className="muted small">Knowledge-base records: {finding.kbRefs.join(', ') || '—'}</p>
    </article>
  );
}
