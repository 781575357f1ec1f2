/**
 * The evidence for an item: passages the scanner proposed or a person
 * attached, each with its document, place, excerpt and why it was proposed.
 * Reviewers accept or reject proposals; the decision is recorded with who and
 * when, and a reason when given.
 */
import { useState } from 'react';
import { post } from '../../api.js';
import { assessmentPath } from '../../endpoints.js';
import { formatDateTime } from '../../lib/format.js';
import { describeLocation } from '../../lib/location.js';
import { Link, pathOf } from '../../router.js';
import type { Evidence } from '../../types.js';
import { ErrorAlert } from '../Alert.js';
import { Field } from '../Field.js';

interface EvidenceListProps {
  assessmentId: string;
  evidence: Evidence[];
  canDecide: boolean;
  onChanged: (message: string) => void;
}

function Decision({ assessmentId, e, onChanged }: { assessmentId: string; e: Evidence; onChanged: (m: string) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const decide = async (decision: 'accepted' | 'rejected') => {
    setBusy(true);
    setError(undefined);
    try {
      await post(assessmentPath(assessmentId, 'evidence', encodeURIComponent(e.id), 'decision'), {
        decision,
        expectedState: e.state,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      onChanged(`Evidence from ${e.documentPath} ${decision}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="decision">
      <ErrorAlert error={error} title="Decision not recorded." />
      <Field label="Reason (optional)" className="field-inline">
        {({ id }) => <input id={id} value={reason} onChange={(ev) => setReason(ev.target.value)} autoComplete="off" />}
      </Field>
      <div className="button-row">
        <button type="button" className="button-accept" disabled={busy} onClick={() => void decide('accepted')}>
          Accept
        </button>
        <button type="button" className="button-reject" disabled={busy} onClick={() => void decide('rejected')}>
          Reject
        </button>
      </div>
    </div>
  );
}

/** The list. */
export function EvidenceList({ assessmentId, evidence, canDecide, onChanged }: EvidenceListProps) {
  if (evidence.length === 0) {
    return <p className="empty">No evidence yet. Upload and scan the quality-system documents; the scanner proposes passages that address each item.</p>;
  }
  return (
    <ul className="evidence-list">
      {evidence.map((e) => (
        <li key={e.id} className={`evidence evidence-${e.state}`}>
          <div className="evidence-head">
            <span className={`badge evidence-state-${e.state}`}>{e.state}</span>
            <Link to={`${pathOf('assessments', assessmentId, 'documents')}?doc=${encodeURIComponent(e.documentPath)}`} className="doc-path">
              {e.documentPath}
            </Link>
            <span className="muted">{describeLocation(e.location)}</span>
            <span className="muted small">{e.source === 'scan' ? `proposed by the scanner${e.score !== null ? ` (score ${e.score})` : ''}` : 'attached by a person'}</span>
          </div>
          {e.excerpt && <blockquote className="excerpt">{e.excerpt}</blockquote>}
          {e.basis && <p className="small">Why: {e.basis}</p>}
          {!e.current && (
            <p className="alert alert-warn small">The document has been scanned again since, with different content: check the passage is still there.</p>
          )}
          <p className="muted small">
            Document SHA-256 <code title={e.documentSha256}>{e.documentSha256.slice(0, 16)}…</code>
            {e.decidedBy && ` · ${e.state} by ${e.decidedBy} at ${formatDateTime(e.decidedAt)}`}
          </p>
          {canDecide && e.state === 'proposed' && <Decision assessmentId={assessmentId} e={e} onChanged={onChanged} />}
        </li>
      ))}
    </ul>
  );
}
