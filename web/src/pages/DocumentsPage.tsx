/**
 * The document library of an assessment: upload the quality-system documents,
 * scan them for old QSR citations, obsolete terms and stale statements, read
 * each finding in its context with its replacement, and download the
 * redlined copy (Word tracked changes, or a corrected copy for text formats).
 */
import type { FormEvent } from 'react';
import { useRef, useState } from 'react';
import { download, post } from '../api.js';
import { ErrorAlert, Loading, Notice } from '../components/Alert.js';
import { AssessmentNav } from '../components/AssessmentNav.js';
import { Field } from '../components/Field.js';
import { FindingView } from '../components/FindingView.js';
import { assessmentPath, findingsUrl, redlineUrl } from '../endpoints.js';
import type { DocumentList, FindingList, ScanOutcome, UploadOutcome } from '../endpoints.js';
import { formatDateTime, plural } from '../lib/format.js';
import { describeLocation } from '../lib/location.js';
import { useAssessment } from '../lib/use-assessment.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { setQuery, useLocation } from '../router.js';
import { can, useSession } from '../session.js';
import type { DocumentRow } from '../types.js';

const ACCEPTED = '.docx,.pdf,.md,.markdown,.txt,.html,.htm,.xlsx,.odt,.pptx';

function Upload({ id, onDone }: { id: string; onDone: (message: string, paths: string[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [count, setCount] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const files = input.current?.files;
    if (!files || files.length === 0) return;
    const form = new FormData();
    for (const file of files) form.append('files', file, file.name);
    setBusy(true);
    setError(undefined);
    try {
      const reply = await post<UploadOutcome>(assessmentPath(id, 'documents'), form);
      onDone(
        `${plural(reply.uploaded.length, 'file')} uploaded. Scan to see the findings.`,
        reply.uploaded.map((u) => u.path),
      );
      if (input.current) input.current.value = '';
      setCount(0);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form form-row" onSubmit={(e) => void submit(e)} aria-label="Upload documents">
      <ErrorAlert error={error} title="Upload failed." />
      <Field label="Documents to upload" hint="Word, PDF, Markdown, text, HTML, Excel, OpenDocument or PowerPoint; several at once." className="grow">
        {({ id: fid, describedBy }) => (
          <input id={fid} ref={input} type="file" multiple accept={ACCEPTED} onChange={(e) => setCount(e.target.files?.length ?? 0)} aria-describedby={describedBy} />
        )}
      </Field>
      <button type="submit" disabled={busy || count === 0}>
        {busy ? 'Uploading…' : count > 1 ? `Upload ${count} files` : 'Upload'}
      </button>
    </form>
  );
}


function DocumentTable({ id, documents, selected }: { id: string; documents: DocumentRow[]; selected: string }) {
  const [error, setError] = useState<unknown>();
  const redline = async (path: string) => {
    setError(undefined);
    try {
      await download(redlineUrl(id, path), path.split('/').pop() ?? 'redlined');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <ErrorAlert error={error} title="No redlined copy." />
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">Documents</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Format</th>
              <th scope="col">Scanned</th>
              <th scope="col" className="num">
                Findings
              </th>
              <th scope="col">Needs revision</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.path} aria-current={d.path === selected ? 'true' : undefined} className={d.path === selected ? 'row-selected' : undefined}>
                <th scope="row" className="doc-path">
                  {d.path}
                </th>
                <td>{d.format}</td>
                <td className="nowrap">{formatDateTime(d.scannedAt)}</td>
                <td className="num">{d.findingsCount}</td>
                <td>{d.needsRevision ? <span className="badge status-gap">yes</span> : <span className="badge status-compliant">no</span>}</td>
                <td className="nowrap">
                  <button type="button" className="button-small" onClick={() => setQuery({ doc: d.path, finding: undefined })} disabled={d.findingsCount === 0} aria-label={`Show the findings in ${d.path}`}>
                    Findings
                  </button>{' '}
                  <button type="button" className="button-small" onClick={() => void redline(d.path)} disabled={d.findingsCount === 0} aria-label={`Download the redlined copy of ${d.path}`}>
                    Redlined copy
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Findings({ id, path, index }: { id: string; path: string; index: number }) {
  const list = useResource<FindingList>(findingsUrl(id, path));
  const findings = list.data?.findings ?? [];
  const current = findings[index];
  return (
    <section className="card" aria-labelledby="findings-heading">
      <h2 id="findings-heading">
        Findings in <span className="doc-path">{path}</span>
      </h2>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data && <Loading what="Loading findings" />}
      {list.data && findings.length === 0 && <p className="empty">No findings in this document.</p>}
      {findings.length > 0 && (
        <div className="findings-layout">
          <ol className="finding-list" aria-label="Findings">
            {findings.map((f, i) => (
              <li key={`${f.ruleId}-${i}`}>
                <button type="button" aria-current={i === index ? 'true' : undefined} onClick={() => setQuery({ finding: String(i) })}>
                  <span className={`dot severity-${f.severity}`} aria-hidden="true" />
                  <span className="finding-match">{f.match}</span>
                  <span className="muted small">
                    {f.kind}
                    {describeLocation(f.location as Record<string, unknown>) ? ` · ${describeLocation(f.location as Record<string, unknown>)}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ol>
          <div className="finding-detail">{current ? <FindingView finding={current} /> : <p className="empty">Choose a finding.</p>}</div>
        </div>
      )}
    </section>
  );
}

/** The documents page. */
export function DocumentsPage({ id }: { id: string }) {
  const { user } = useSession();
  const view = useAssessment(id);
  const name = view.data?.assessment.name;
  useTitle(name ? `Documents · ${name}` : 'Documents');
  const { query } = useLocation();
  const selected = query.get('doc') ?? '';
  const findingIndex = Number(query.get('finding') ?? '0') || 0;
  const docs = useResource<DocumentList>(assessmentPath(id, 'documents'));
  const [notice, setNotice] = useState<string>();
  const [scanning, setScanning] = useState(false);
  const [scanError, setScanError] = useState<unknown>();
  /** Uploaded in this visit and not scanned yet (the list below shows scanned documents). */
  const [waiting, setWaiting] = useState<string[]>([]);
  const documents = docs.data?.documents ?? [];

  const scan = async () => {
    setScanning(true);
    setScanError(undefined);
    setNotice(undefined);
    try {
      const reply = await post<ScanOutcome>(assessmentPath(id, 'scan'), {});
      const unreadable = reply.unreadable.map((u) => `${u.path} (${u.error})`).join('; ');
      setNotice(
        `Scan finished: ${plural(reply.scan.scanned, 'document')} scanned, ${plural(reply.scan.findings, 'finding')}, ` +
          `${plural(reply.proposed, 'new evidence proposal')}.${unreadable ? ` Could not read: ${unreadable}.` : ''}`,
      );
      setWaiting([]);
      docs.reload();
      view.reload();
    } catch (err) {
      setScanError(err);
    } finally {
      setScanning(false);
    }
  };

  return (
    <div className="page page-wide">
      <AssessmentNav id={id} name={name} />
      <div className="page-head">
        <h1>Documents</h1>
        {can(user, 'edit') && (
          <div className="page-head-actions">
            <button type="button" className="button-primary" onClick={() => void scan()} disabled={scanning}>
              {scanning ? 'Scanning…' : 'Scan all documents'}
            </button>
          </div>
        )}
      </div>
      <p className="lead">
        The scan finds old QSR citations, obsolete terms and statements that no longer hold, proposes the QMSR wording, and proposes passages as
        evidence for checklist items.
      </p>
      {can(user, 'edit') && (
        <section className="card" aria-label="Upload">
          <Upload
            id={id}
            onDone={(m, paths) => {
              setNotice(m);
              setWaiting((w) => [...new Set([...w, ...paths])]);
            }}
          />
          {waiting.length > 0 && (
            <div className="waiting">
              <h2 className="h-small">Waiting for a scan ({waiting.length})</h2>
              <ul className="plain-list doc-path">
                {waiting.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}
      {notice && <Notice>{notice}</Notice>}
      <ErrorAlert error={scanError} title="Scan failed." />
      <ErrorAlert error={docs.error} />
      {docs.loading && !docs.data && <Loading what="Loading documents" />}
      {docs.data && documents.length === 0 && waiting.length === 0 && (
        <p className="empty">No documents scanned yet.{can(user, 'edit') ? ' Upload the SOPs and the quality manual above, then scan them.' : ''}</p>
      )}
      {documents.length > 0 && <DocumentTable id={id} documents={documents} selected={selected} />}
      {selected && <Findings key={selected} id={id} path={selected} index={findingIndex} />}
    </div>
  );
}
