/**
 * The start page: every assessment with its progress, and (for assessors and
 * administrators) the form that starts a new one from an organisation profile.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { post } from '../api.js';
import { ErrorAlert, Loading } from '../components/Alert.js';
import type { AssessmentList } from '../endpoints.js';
import { Field } from '../components/Field.js';
import { ProfileForm } from '../components/ProfileForm.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { formatDateTime, percent } from '../lib/format.js';
import { emptyProfile } from '../lib/profile.js';
import type { ProfileDraft } from '../lib/profile.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { Link, navigate, pathOf } from '../router.js';
import { can, useSession } from '../session.js';
import type { Assessment } from '../types.js';

function Progress({ a }: { a: Assessment }) {
  const applicable = a.applicable;
  const done = applicable - a.counts['not-assessed'];
  const pct = percent(done, applicable);
  return (
    <span className="progress-cell">
      <span className="mini-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
      {done} of {applicable} assessed
    </span>
  );
}

function NewAssessment({ onCancel }: { onCancel: () => void }) {
  const [name, setName] = useState('');
  const [profile, setProfile] = useState<ProfileDraft>(emptyProfile);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [tried, setTried] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!profile.organization.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const defaultName = `${profile.organization.trim()} QMSR gap assessment`;
      const created = await post<Assessment>('/api/assessments', { name: name.trim() || defaultName, profile });
      navigate(pathOf('assessments', created.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="new-assessment">
      <h2 id="new-assessment">New assessment</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorAlert error={error} title="The assessment was not created." />
        <Field label="Assessment name" hint="Leave empty for “<organisation> QMSR gap assessment”.">
          {({ id, describedBy }) => <input id={id} name="name" value={name} onChange={(e) => setName(e.target.value)} aria-describedby={describedBy} />}
        </Field>
        <ProfileForm value={profile} onChange={setProfile} />
        {tried && !profile.organization.trim() && (
          <p className="field-error" role="alert">
            Give the organisation’s name.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create assessment'}
          </button>
          <button type="button" className="button-quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** The list of assessments. */
export function AssessmentsPage() {
  useTitle('Assessments');
  const { user } = useSession();
  const list = useResource<AssessmentList>('/api/assessments');
  const [creating, setCreating] = useState(false);
  const assessments = list.data?.assessments ?? [];

  return (
    <div className="page">
      <div className="page-head">
        <h1>Assessments</h1>
        {can(user, 'edit') && !creating && (
          <div className="page-head-actions">
            <button type="button" className="button-primary" onClick={() => setCreating(true)}>
              New assessment
            </button>
          </div>
        )}
      </div>
      <p className="lead">Each assessment checks one organisation’s quality system against the QMSR (21 CFR Part 820 as of 2 February 2026).</p>
      {creating && <NewAssessment onCancel={() => setCreating(false)} />}
      <ErrorAlert error={list.error} />
      {list.loading && !list.data && <Loading what="Loading assessments" />}
      {list.data && assessments.length === 0 && !creating && (
        <p className="empty">{can(user, 'edit') ? 'No assessments yet. Start one with “New assessment”.' : 'No assessments yet. An assessor starts them.'}</p>
      )}
      {assessments.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Assessments</caption>
            <thead>
              <tr>
                <th scope="col">Assessment</th>
                <th scope="col">Organisation</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Knowledge base</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {assessments.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={pathOf('assessments', a.id)}>{a.name}</Link>
                  </td>
                  <td>{a.organization}</td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>
                    <Progress a={a} />
                  </td>
                  <td>v{a.kbVersion}</td>
                  <td>
                    {formatDateTime(a.updatedAt)}
                    {a.updatedBy && <span className="muted"> by {a.updatedBy}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
