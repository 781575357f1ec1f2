/**
 * One checklist item: what it asks and where that comes from, the assessment
 * form, evidence to accept or reject, remediation actions, comments and the
 * full change history.
 */
import { useState } from 'react';
import { ErrorAlert, Loading, Notice } from '../components/Alert.js';
import { AssessmentNav } from '../components/AssessmentNav.js';
import { ActionsPanel } from '../components/item/ActionsPanel.js';
import { CommentsPanel } from '../components/item/CommentsPanel.js';
import { EvidenceList } from '../components/item/EvidenceList.js';
import { HistoryTable } from '../components/item/HistoryTable.js';
import { ItemEditForm } from '../components/item/ItemEditForm.js';
import { ItemFacts } from '../components/item/ItemFacts.js';
import { PriorityBadge, StatusBadge } from '../components/StatusBadge.js';
import { itemPath } from '../endpoints.js';
import { formatDate } from '../lib/format.js';
import { useAssessment } from '../lib/use-assessment.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { can, useSession } from '../session.js';
import type { ItemDetail } from '../types.js';

function Summary({ item }: { item: ItemDetail }) {
  return (
    <p className="item-badges">
      <StatusBadge status={item.status} /> <PriorityBadge priority={item.priority} />
      {item.fdaSpecific && <span className="badge badge-fda">FDA-specific</span>}
      {!item.applicable && <span className="badge">does not apply</span>}
      <span className="muted">
        Owner: {item.owner ?? 'none'} · Due: {formatDate(item.dueDate)}
      </span>
    </p>
  );
}

/** The item page. */
export function ItemPage({ id, itemId }: { id: string; itemId: string }) {
  const { user } = useSession();
  const assessment = useAssessment(id);
  const item = useResource<ItemDetail>(itemPath(id, itemId));
  const [notice, setNotice] = useState<string>();
  const data = item.data;
  useTitle(data ? `${data.requirement} ${data.title}` : 'Checklist item');

  const changed = (message: string) => {
    setNotice(message);
    item.reload();
  };

  return (
    <div className="page page-wide">
      <AssessmentNav id={id} name={assessment.data?.assessment.name} />
      <h1>{data ? `${data.requirement} — ${data.title}` : 'Checklist item'}</h1>
      <ErrorAlert error={item.error} />
      {item.loading && !data && <Loading what="Loading the item" />}
      {data && (
        <>
          <Summary item={data} />
          {notice && <Notice>{notice}</Notice>}
          <div className="item-layout">
            <div className="item-main">
              <ItemFacts item={data} />
              <section aria-labelledby="evidence-heading">
                <h2 id="evidence-heading">Evidence ({data.evidence.length})</h2>
                <EvidenceList assessmentId={id} evidence={data.evidence} canDecide={can(user, 'review')} onChanged={changed} />
              </section>
              <section aria-labelledby="actions-heading">
                <h2 id="actions-heading">Actions ({data.actions.length})</h2>
                <ActionsPanel assessmentId={id} itemId={itemId} requirement={data.requirement} actions={data.actions} canEdit={can(user, 'edit')} onChanged={changed} />
              </section>
              <section aria-labelledby="comments-heading">
                <h2 id="comments-heading">Comments ({data.comments.length})</h2>
                <CommentsPanel assessmentId={id} itemId={itemId} comments={data.comments} canComment={can(user, 'review')} onChanged={changed} />
              </section>
              <section aria-labelledby="history-heading">
                <h2 id="history-heading">History</h2>
                <HistoryTable history={data.history} />
              </section>
            </div>
            <aside className="item-side" aria-label="Assessment of this item">
              {can(user, 'edit') ? (
                <ItemEditForm key={data.itemId} assessmentId={id} item={data} reload={item.reload} onSaved={() => setNotice(undefined)} />
              ) : (
                <div className="card">
                  <h2>Assessment</h2>
                  <p>Your role can read this item but not change it.</p>
                  {data.justification && <p>Justification: {data.justification}</p>}
                  {data.notes && <p>Notes: {data.notes}</p>}
                </div>
              )}
            </aside>
          </div>
        </>
      )}
    </div>
  );
}
