/**
 * The electronic-signature dialog (21 CFR Part 11): the signer sees exactly
 * what they sign — the assessment at its current version with its numbers,
 * or one report format — chooses the meaning, and re-enters their password.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { ApiError, post } from '../api.js';
import { assessmentPath } from '../endpoints.js';
import type { AssessmentView } from '../endpoints.js';
import { STATUS_LABELS } from '../lib/format.js';
import { useSession } from '../session.js';
import type { ReportFormat, Signature, SignatureMeaning } from '../types.js';
import { ITEM_STATUSES, SIGNATURE_MEANINGS } from '../types.js';
import { ErrorAlert } from './Alert.js';
import { Dialog } from './Dialog.js';
import { Field } from './Field.js';

/** What each meaning states, as printed with the signature. */
export const MEANING_TEXT: Record<SignatureMeaning, string> = {
  review: 'Review — I have reviewed this assessment and its evidence.',
  approval: 'Approval — I approve this assessment as the record of our QMSR gap analysis.',
  responsibility: 'Responsibility — I take responsibility for this assessment and its remediation plan.',
};

interface SignDialogProps {
  open: boolean;
  onClose: () => void;
  view: AssessmentView;
  /** A report format to sign instead of the assessment itself. */
  report?: ReportFormat | undefined;
  /** The state hash the signer reviewed (from the manifest): the server refuses with 409 if it changed. */
  stateSha256: string | undefined;
  onSigned: (signature: Signature) => void;
  /** The assessment changed since it was shown: load it again. */
  onStale: () => void;
}

/** The dialog. */
export function SignDialog({ open, onClose, view, report, stateSha256, onSigned, onStale }: SignDialogProps) {
  const { user } = useSession();
  const [meaning, setMeaning] = useState<SignatureMeaning>('review');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const a = view.assessment;
  const s = view.summary;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password || !username.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const url = report ? assessmentPath(a.id, 'reports', report, 'signatures') : assessmentPath(a.id, 'signatures');
      const body = {
        username: username.trim(),
        password,
        meaning,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(stateSha256 ? { expectedStateSha256: stateSha256 } : {}),
      };
      const signature = await post<Signature>(url, body, { redirectOn401: false });
      setPassword('');
      setComment('');
      onSigned(signature);
    } catch (err) {
      setPassword('');
      if (err instanceof ApiError && err.isConflict) {
        setError(new Error(`${err.message} What you see below has been reloaded; check it and sign again.`));
        onStale();
      } else setError(err instanceof ApiError && err.status === 401 ? new Error(`${err.message} The signature was not applied.`) : err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={report ? `Sign the ${report.toUpperCase()} report` : 'Sign this assessment'} open={open} onClose={onClose} wide>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <section className="signing-subject" aria-labelledby="subject-heading">
          <h3 id="subject-heading">You are signing</h3>
          <dl className="facts">
            <dt>Subject</dt>
            <dd>{report ? `The ${report.toUpperCase()} report of “${a.name}”, generated now from version ${a.version}` : `The assessment “${a.name}”`}</dd>
            <dt>Organisation</dt>
            <dd>{a.organization}</dd>
            <dt>Assessment version</dt>
            <dd>
              {a.version}, last changed {new Date(a.updatedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC{a.updatedBy ? ` by ${a.updatedBy}` : ''}
            </dd>
            <dt>Applicable items</dt>
            <dd>
              {s.applicable}: {ITEM_STATUSES.filter((st) => st !== 'not-applicable').map((st) => `${STATUS_LABELS[st]} ${s.byStatus[st]}`).join(', ')}
            </dd>
            <dt>State fingerprint</dt>
            <dd>
              <code>{stateSha256 ?? 'loading…'}</code> (SHA-256 of the assessment’s canonical state, recorded with the signature)
            </dd>
            <dt>Knowledge base</dt>
            <dd>
              v{a.checklist.kb.version} ({a.checklist.kb.hash.slice(0, 16)}…)
            </dd>
            <dt>Signer</dt>
            <dd>
              {user?.fullName} ({user?.username}) — the printed name on the signature
            </dd>
            <dt>Date and time</dt>
            <dd>Recorded by the server when you sign</dd>
          </dl>
          <p className="hint">If anyone changes the assessment after you sign, the signature stays attached to this version and its content hash.</p>
        </section>
        <fieldset className="radio-group">
          <legend>Meaning of your signature</legend>
          {SIGNATURE_MEANINGS.map((m) => (
            <label key={m} className="radio">
              <input type="radio" name="meaning" value={m} checked={meaning === m} onChange={() => setMeaning(m)} />
              {MEANING_TEXT[m]}
            </label>
          ))}
        </fieldset>
        <Field label="Comment (optional)">{({ id }) => <input id={id} value={comment} onChange={(e) => setComment(e.target.value)} autoComplete="off" />}</Field>
        <Field label="Your username" required hint="Both parts of your signature, typed by you (21 CFR 11.200(a)).">
          {({ id, describedBy }) => (
            <input id={id} name="signatureUsername" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby={describedBy} required />
          )}
        </Field>
        <Field label="Your password" required hint="Re-enter it to sign: the signature is yours alone. Wrong passwords count towards the lockout.">
          {({ id, describedBy }) => (
            <input id={id} name="signaturePassword" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={describedBy} required />
          )}
        </Field>
        <ErrorAlert error={error} title="Not signed." />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy || !password || !username.trim()}>
            {busy ? 'Signing…' : 'Sign'}
          </button>
          <button type="button" className="button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
