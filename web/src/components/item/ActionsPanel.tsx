/**
 * Remediation actions of an item: list, change (status, owner, due date,
 * title) and add. Every change needs a reason for the audit trail; actions
 * carry versions, so a stale change answers 409 with who changed it.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { patch, post } from '../../api.js';
import { assessmentPath } from '../../endpoints.js';
import { capitalise, formatDate } from '../../lib/format.js';
import type { Action, ActionStatus } from '../../types.js';
import { ACTION_STATUSES } from '../../types.js';
import { ErrorAlert } from '../Alert.js';
import { Dialog } from '../Dialog.js';
import { Field } from '../Field.js';

interface ActionsPanelProps {
  assessmentId: string;
  itemId: string;
  /** E.g. "ISO 13485:2016 7.3.7", for the default reason. */
  requirement: string;
  actions: Action[];
  canEdit: boolean;
  onChanged: (message: string) => void;
}

const statusWord = (s: string) => capitalise(s.replace('-', ' '));

function EditAction({ assessmentId, action, onDone, onCancel }: { assessmentId: string; action: Action; onDone: (m: string) => void; onCancel: () => void }) {
  const [title, setTitle] = useState(action.title);
  const [owner, setOwner] = useState(action.owner ?? '');
  const [dueDate, setDueDate] = useState(action.dueDate ?? '');
  const [status, setStatus] = useState<ActionStatus>(action.status);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const changes: Record<string, string | null> = {};
  if (title.trim() !== action.title) changes.title = title.trim();
  if (owner.trim() !== (action.owner ?? '')) changes.owner = owner.trim() || null;
  if (dueDate !== (action.dueDate ?? '')) changes.dueDate = dueDate || null;
  if (status !== action.status) changes.status = status;
  const changed = Object.keys(changes).length > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!changed || !reason.trim() || !title.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await patch(assessmentPath(assessmentId, 'actions', encodeURIComponent(action.id)), { version: action.version, reason: reason.trim(), ...changes });
      onDone(`Action “${title.trim()}” saved.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorAlert error={error} title="Not saved." />
      <Field label="Action">{({ id }) => <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} />}</Field>
      <div className="form-grid">
        <Field label="Status">
          {({ id }) => (
            <select id={id} value={status} onChange={(e) => setStatus(e.target.value as ActionStatus)}>
              {ACTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusWord(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Owner">{({ id }) => <input id={id} value={owner} onChange={(e) => setOwner(e.target.value)} autoComplete="off" />}</Field>
        <Field label="Due">{({ id }) => <input id={id} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}</Field>
      </div>
      <Field label="Reason for the change" required error={tried && !changed ? 'Nothing has changed.' : tried && !reason.trim() ? 'Give a reason.' : undefined}>
        {({ id, invalid, describedBy }) => <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} autoComplete="off" />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AddAction({ assessmentId, itemId, requirement, onChanged }: { assessmentId: string; itemId: string; requirement: string; onChanged: (m: string) => void }) {
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [reason, setReason] = useState(`Remediation of ${requirement}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || !reason.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await post(assessmentPath(assessmentId, 'actions'), {
        itemId,
        title: title.trim(),
        owner: owner.trim() || null,
        dueDate: dueDate || null,
        reason: reason.trim(),
      });
      setTitle('');
      setOwner('');
      setDueDate('');
      onChanged('Action added.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form form-row add-action" onSubmit={(e) => void submit(e)} aria-label="Add an action">
      <ErrorAlert error={error} title="Action not added." />
      <Field label="New action" className="grow">
        {({ id }) => <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Revise SOP-004 to cite ISO 13485 7.3.7" required />}
      </Field>
      <Field label="Owner">{({ id }) => <input id={id} value={owner} onChange={(e) => setOwner(e.target.value)} autoComplete="off" />}</Field>
      <Field label="Due">{({ id }) => <input id={id} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}</Field>
      <Field label="Reason" className="grow">
        {({ id }) => <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} required autoComplete="off" />}
      </Field>
      <button type="submit" disabled={busy || !title.trim()}>
        Add action
      </button>
    </form>
  );
}

/** The panel. */
export function ActionsPanel({ assessmentId, itemId, requirement, actions, canEdit, onChanged }: ActionsPanelProps) {
  const [editing, setEditing] = useState<Action>();
  return (
    <>
      {actions.length === 0 ? (
        <p className="empty">No actions for this item.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Remediation actions</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">Change</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <tr key={a.id}>
                  <td>{a.title}</td>
                  <td>{a.owner ?? '—'}</td>
                  <td className="nowrap">{formatDate(a.dueDate)}</td>
                  <td>
                    <span className={`badge action-${a.status}`}>{statusWord(a.status)}</span>
                  </td>
                  {canEdit && (
                    <td>
                      <button type="button" className="button-small" onClick={() => setEditing(a)} aria-label={`Change “${a.title}”`}>
                        Change
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && <AddAction assessmentId={assessmentId} itemId={itemId} requirement={requirement} onChanged={onChanged} />}
      <Dialog title="Change the action" open={editing !== undefined} onClose={() => setEditing(undefined)}>
        {editing && (
          <EditAction
            assessmentId={assessmentId}
            action={editing}
            onCancel={() => setEditing(undefined)}
            onDone={(m) => {
              setEditing(undefined);
              onChanged(m);
            }}
          />
        )}
      </Dialog>
    </>
  );
}
