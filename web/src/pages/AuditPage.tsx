/**
 * The audit trail: every change, sign-in and signature in one hash chain,
 * newest first; "Verify" recomputes the chain on the server and names the
 * first event that does not match; "Export" gives the CSV for an auditor.
 */
import { useState } from 'react';
import { apiUrl, download, get } from '../api.js';
import { ErrorAlert, Loading } from '../components/Alert.js';
import { Field } from '../components/Field.js';
import type { AuditList } from '../endpoints.js';
import { actionLabel } from '../lib/audit-labels.js';
import { formatDateTimeSeconds, plural } from '../lib/format.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { setQuery, useLocation } from '../router.js';
import { can, useSession } from '../session.js';
import type { AuditEvent, AuditVerification } from '../types.js';

function VerifyResult({ result }: { result: AuditVerification }) {
  return (
    <div className={`alert verify-result ${result.ok ? 'alert-ok' : 'alert-error'}`} role="status">
      {result.ok ? (
        <>
          <strong>Intact.</strong> All {plural(result.count, 'event')} verify.
          {result.head && (
            <>
              {' '}
              Head: event {result.head.seq}, hash <code title={result.head.hash}>{result.head.hash.slice(0, 16)}…</code> — compare it with the head printed in a
              report.
            </>
          )}
        </>
      ) : (
        <>
          <strong>Broken.</strong> Event {result.firstBadSeq} does not verify: {result.reason}
        </>
      )}
    </div>
  );
}

function useVerify() {
  const [result, setResult] = useState<AuditVerification>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await get<AuditVerification>('/api/audit/verify'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { result, busy, error, run };
}

function Value({ v }: { v: string | null }) {
  return v === null ? <span className="muted">—</span> : <>{v}</>;
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <div className="table-wrap table-tall">
      <table className="data-table audit-table">
        <caption className="visually-hidden">Audit events</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Record</th>
            <th scope="col">Change</th>
            <th scope="col">Reason</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td className="num">{e.seq}</td>
              <td className="nowrap">
                <time dateTime={e.at} title={e.at}>
                  {formatDateTimeSeconds(e.at)}
                </time>
              </td>
              <td>{e.actorName}</td>
              <td>
                {actionLabel(e.action)}
                <code className="block small">{e.action}</code>
              </td>
              <td className="small">
                {e.entity} {e.itemId ?? (e.entityId.length > 20 ? `${e.entityId.slice(0, 8)}…` : e.entityId)}
              </td>
              <td className="small">
                {e.field ? (
                  <>
                    {e.field}: <Value v={e.oldValue} /> → <Value v={e.newValue} />
                  </>
                ) : (
                  <Value v={e.newValue} />
                )}
              </td>
              <td className="small">
                <Value v={e.reason} />
              </td>
              <td>
                <code title={e.hash}>{e.hash.slice(0, 10)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The audit page. */
export function AuditPage() {
  useTitle('Audit trail');
  const { user } = useSession();
  const { query } = useLocation();
  const actor = query.get('actor') ?? '';
  const action = query.get('action') ?? '';
  const events = useResource<AuditList>(can(user, 'audit') ? apiUrl('/api/audit', { limit: 500 }) : null);
  const [exportError, setExportError] = useState<unknown>();
  const verify = useVerify();
  const all = events.data?.events ?? [];
  const shown = all
    .filter((e) => (!actor || e.actorName === actor) && (!action || e.action.startsWith(action)))
    .sort((a, b) => b.seq - a.seq);
  const actors = [...new Set(all.map((e) => e.actorName))].sort();
  const actions = [...new Set(all.map((e) => e.action.split('.')[0]!))].sort();

  if (!can(user, 'audit')) {
    return (
      <div className="page">
        <h1>Audit trail</h1>
        <p>Reviewers and administrators read the audit trail.</p>
      </div>
    );
  }

  const exportCsv = async () => {
    setExportError(undefined);
    try {
      await download(apiUrl('/api/audit/export', { format: 'csv' }), 'qmsr-audit-trail.csv');
    } catch (err) {
      setExportError(err);
    }
  };

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>Audit trail</h1>
        <div className="page-head-actions">
          <button type="button" onClick={() => void verify.run()} disabled={verify.busy}>
            {verify.busy ? 'Verifying…' : 'Verify the chain'}
          </button>
          <button type="button" onClick={() => void exportCsv()}>
            Export CSV
          </button>
        </div>
      </div>
      <p className="lead">Every change, sign-in and signature, who made it, when and why. Events cannot be edited or deleted; each one seals the one before.</p>
      {verify.result && <VerifyResult result={verify.result} />}
      <ErrorAlert error={verify.error} title="Verification failed." />
      <ErrorAlert error={exportError} title="Export failed." />
      <div className="filters">
        <Field label="Who">
          {({ id }) => (
            <select id={id} value={actor} onChange={(e) => setQuery({ actor: e.target.value })}>
              <option value="">Anyone</option>
              {actors.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Kind of event">
          {({ id }) => (
            <select id={id} value={action} onChange={(e) => setQuery({ action: e.target.value })}>
              <option value="">All events</option>
              {actions.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ErrorAlert error={events.error} />
      {events.loading && !events.data && <Loading what="Loading the audit trail" />}
      {events.data && (
        <>
          <p className="table-count" role="status">
            Showing {plural(shown.length, 'event')} of {all.length}.
          </p>
          <AuditTable events={shown} />
        </>
      )}
    </div>
  );
}
