/**
 * Reports and signatures of one assessment: download the report in each
 * format, sign the assessment or a report, and see every signature with its
 * meaning and the version it applies to.
 */
import { useState } from 'react';
import { download } from '../api.js';
import { ErrorAlert, Loading, Notice } from '../components/Alert.js';
import { AssessmentNav } from '../components/AssessmentNav.js';
import { SignDialog } from '../components/SignDialog.js';
import { assessmentPath, reportUrl } from '../endpoints.js';
import { capitalise, formatBytes, formatDateTime } from '../lib/format.js';
import { useAssessment } from '../lib/use-assessment.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { can, useSession } from '../session.js';
import type { ReportFormat, SignatureManifest } from '../types.js';
import { REPORT_FORMATS } from '../types.js';

const FORMAT_INFO: Record<ReportFormat, { label: string; use: string }> = {
  xlsx: { label: 'Excel workbook', use: 'The gap register to work in: one row per item, filters, actions.' },
  pdf: { label: 'PDF report', use: 'For the file and for management review; prints as it looks.' },
  html: { label: 'Web page', use: 'One self-contained file to e-mail or put on the intranet.' },
  md: { label: 'Markdown', use: 'For wikis and version control.' },
  csv: { label: 'CSV', use: 'For any other tool.' },
  json: { label: 'JSON', use: 'Everything, machine-readable.' },
};

function ExportButtons({ id, name }: { id: string; name: string }) {
  const [busy, setBusy] = useState<ReportFormat>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const get = async (format: ReportFormat) => {
    setBusy(format);
    setError(undefined);
    setDone(undefined);
    try {
      const file = await download(reportUrl(id, format), `${name.replace(/[^\w.-]+/g, '-')}.${format}`);
      setDone(`${file.filename} downloaded (${formatBytes(file.bytes)}).`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <ul className="export-list">
        {REPORT_FORMATS.map((f) => (
          <li key={f}>
            <button type="button" onClick={() => void get(f)} disabled={busy !== undefined} aria-describedby={`use-${f}`}>
              {busy === f ? 'Preparing…' : `Download ${FORMAT_INFO[f].label}`}
            </button>
            <span id={`use-${f}`} className="muted small">
              .{f} — {FORMAT_INFO[f].use}
            </span>
          </li>
        ))}
      </ul>
      <ErrorAlert error={error} title="The report could not be produced." />
      {done && <Notice>{done}</Notice>}
    </>
  );
}

/** The reports page. */
export function ReportsPage({ id }: { id: string }) {
  const { user } = useSession();
  const view = useAssessment(id);
  const signatures = useResource<SignatureManifest>(assessmentPath(id, 'signatures'));
  const [signing, setSigning] = useState<{ report?: ReportFormat } | undefined>();
  const [notice, setNotice] = useState<string>();
  const a = view.data?.assessment;
  useTitle(a ? `Reports · ${a.name}` : 'Reports');

  return (
    <div className="page">
      <AssessmentNav id={id} name={a?.name} />
      <h1>Reports and signatures</h1>
      <ErrorAlert error={view.error} />
      {view.loading && !view.data && <Loading what="Loading the assessment" />}
      {a && (
        <section className="card" aria-labelledby="export-heading">
          <h2 id="export-heading">Export</h2>
          <p className="hint">Every report is built from the same data, names the knowledge-base version and ends with the audit-trail head.</p>
          <ExportButtons id={id} name={a.name} />
        </section>
      )}
      <section className="card" aria-labelledby="signatures-heading">
        <div className="section-head">
          <h2 id="signatures-heading">Electronic signatures</h2>
          {view.data && can(user, 'sign') && (
            <div className="button-row">
              <button type="button" className="button-primary" onClick={() => setSigning({})}>
                Sign the assessment…
              </button>
              <button type="button" onClick={() => setSigning({ report: 'pdf' })}>
                Sign the PDF report…
              </button>
            </div>
          )}
        </div>
        {notice && <Notice>{notice}</Notice>}
        <ErrorAlert error={signatures.error} />
        {signatures.data && signatures.data.signatures.length === 0 && <p className="empty">Not signed yet.</p>}
        {signatures.data && signatures.data.signatures.length > 0 && (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Signatures</caption>
              <thead>
                <tr>
                  <th scope="col">Signed by</th>
                  <th scope="col">Meaning</th>
                  <th scope="col">Subject</th>
                  <th scope="col">When</th>
                  <th scope="col">Still valid?</th>
                  <th scope="col">Content hash</th>
                  <th scope="col">Comment</th>
                </tr>
              </thead>
              <tbody>
                {signatures.data.signatures.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.printedName} <span className="muted">({s.username})</span>
                    </td>
                    <td>{capitalise(s.meaning)}</td>
                    <td>{s.subjectType === 'report' ? `${(s.reportFormat ?? '').toUpperCase()} report, version ${s.assessmentVersion}` : `Assessment, version ${s.assessmentVersion}`}</td>
                    <td className="nowrap">
                      <time dateTime={s.signedAt} title={s.signedAt}>
                        {formatDateTime(s.signedAt)}
                      </time>
                    </td>
                    <td>
                      <span className={`badge ${s.status === 'valid' ? 'status-compliant' : 'status-partial'}`}>{s.status === 'valid' ? 'valid' : 'assessment changed since'}</span>
                      <span className="muted small block">{s.statusText}</span>
                    </td>
                    <td>
                      <code title={s.subjectSha256}>{s.subjectSha256.slice(0, 16)}…</code>{' '}
                      <a href={`/api/signatures/${encodeURIComponent(s.id)}/content`} className="small">
                        what was signed
                      </a>
                    </td>
                    <td>{s.comment ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {!can(user, 'sign') && <p className="hint">Reviewers and administrators sign. Your role can read the signatures.</p>}
      </section>
      {view.data && (
        <SignDialog
          open={signing !== undefined}
          report={signing?.report}
          view={view.data}
          stateSha256={signatures.data?.currentStateSha256}
          onStale={() => {
            view.reload();
            signatures.reload();
          }}
          onClose={() => setSigning(undefined)}
          onSigned={(s) => {
            setSigning(undefined);
            setNotice(`Signed by ${s.printedName} (${s.meaning}) at ${formatDateTime(s.signedAt)}.`);
            signatures.reload();
            view.reload();
          }}
        />
      )}
    </div>
  );
}
