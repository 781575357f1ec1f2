/**
 * Edit an item's status, owner, due date, priority, justification and notes,
 * with a required reason that goes into the audit trail.
 *
 * Optimistic concurrency: the form sends the version it was opened on. When
 * someone else saved in between, the server answers 409 with who and when;
 * the form says so, keeps every value the user typed, and offers to load the
 * newer version underneath them, then lists what the other person changed.
 */
import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { ApiError, patch } from '../../api.js';
import { itemPath } from '../../endpoints.js';
import { STATUS_LABELS, capitalise, formatDateTime } from '../../lib/format.js';
import type { ItemDetail, ItemStatus, Priority } from '../../types.js';
import { ITEM_STATUSES, PRIORITIES } from '../../types.js';
import { ErrorAlert, Notice } from '../Alert.js';
import { Field } from '../Field.js';

interface Draft {
  status: ItemStatus;
  owner: string;
  dueDate: string;
  priority: Priority;
  justification: string;
  notes: string;
}

const FIELD_LABELS: Record<keyof Draft, string> = {
  status: 'Status',
  owner: 'Owner',
  dueDate: 'Due date',
  priority: 'Priority',
  justification: 'Justification',
  notes: 'Notes',
};

function draftOf(item: ItemDetail): Draft {
  return {
    status: item.status,
    owner: item.owner ?? '',
    dueDate: item.dueDate ?? '',
    priority: item.priority,
    justification: item.justification ?? '',
    notes: item.notes ?? '',
  };
}

function changesBetween(base: Draft, draft: Draft): Partial<Record<keyof Draft, string | null>> {
  const out: Partial<Record<keyof Draft, string | null>> = {};
  for (const key of Object.keys(draft) as (keyof Draft)[]) {
    const before = base[key].trim();
    const after = draft[key].trim();
    if (before !== after) out[key] = after === '' && key !== 'status' && key !== 'priority' ? null : after;
  }
  return out;
}

interface Conflict {
  changedBy: string;
  changedAt: string;
  message: string;
}

function conflictOf(err: ApiError): Conflict {
  const by = typeof err.body.changedBy === 'string' ? err.body.changedBy : 'someone';
  const at = typeof err.body.changedAt === 'string' ? err.body.changedAt : '';
  return { changedBy: by, changedAt: at, message: err.message };
}

interface ItemEditFormProps {
  assessmentId: string;
  item: ItemDetail;
  /** Ask the page to load the item again. */
  reload: () => void;
  onSaved: (message: string) => void;
}

/** The edit form. */
export function ItemEditForm({ assessmentId, item, reload, onSaved }: ItemEditFormProps) {
  const [base, setBase] = useState<ItemDetail>(item);
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState<Conflict>();
  const [theirChanges, setTheirChanges] = useState<string[]>([]);
  const [saved, setSaved] = useState<string>();
  /** True between our own successful save and the reload that follows it. */
  const ownSave = useRef(false);

  // A newer version arrived: after our own save, take it as it is; after
  // someone else's ("reload their version"), keep what the user typed.
  useEffect(() => {
    if (item.version === base.version) return;
    if (ownSave.current) {
      ownSave.current = false;
      setBase(item);
      setDraft(draftOf(item));
      return;
    }
    // Merge: the fields the user changed keep the user's entry; every other field takes the newer value.
    const mine = changesBetween(draftOf(base), draft);
    const theirs = changesBetween(draftOf(base), draftOf(item));
    const merged: Draft = { ...draftOf(item) };
    for (const key of Object.keys(mine) as (keyof Draft)[]) Object.assign(merged, { [key]: draft[key] });
    const shown = (k: keyof Draft, v: string | null | undefined) => (k === 'status' && v ? STATUS_LABELS[v as ItemStatus] : v || 'empty');
    setTheirChanges(
      (Object.keys(theirs) as (keyof Draft)[]).map((k) =>
        k in mine
          ? `${FIELD_LABELS[k]}: they set “${shown(k, theirs[k])}”; your entry “${shown(k, draft[k])}” is kept — check which is right`
          : `${FIELD_LABELS[k]}: now “${shown(k, theirs[k])}”`,
      ),
    );
    setBase(item);
    setDraft(merged);
    setConflict(undefined);
  }, [item, base, draft]);

  const changes = changesBetween(draftOf(base), draft);
  const changed = Object.keys(changes).length > 0;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!changed || !reason.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await patch(itemPath(assessmentId, item.itemId), { version: base.version, reason: reason.trim(), ...changes });
      ownSave.current = true;
      setReason('');
      setTried(false);
      setTheirChanges([]);
      setSaved(`Saved: ${Object.keys(changes).map((k) => FIELD_LABELS[k as keyof Draft].toLowerCase()).join(', ')}.`);
      onSaved('Item saved.');
      reload();
    } catch (err) {
      if (err instanceof ApiError && err.isConflict) setConflict(conflictOf(err));
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form edit-item" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="edit-heading">
      <h2 id="edit-heading">Assess this item</h2>
      {conflict && (
        <div className="alert alert-conflict" role="alert">
          <p>
            <strong>
              Changed by {conflict.changedBy}
              {conflict.changedAt ? ` at ${formatDateTime(conflict.changedAt)}` : ''}
            </strong>{' '}
            since you opened this item. Your entries below are kept. Reload to see their version, then save again.
          </p>
          <button type="button" onClick={reload}>
            Reload their version (keeps your entries)
          </button>
        </div>
      )}
      {theirChanges.length > 0 && (
        <div className="alert alert-info" role="status">
          <p>The latest version is loaded. Meanwhile, the other person changed:</p>
          <ul>
            {theirChanges.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p>Check your entries, then save.</p>
        </div>
      )}
      <ErrorAlert error={error} title="Not saved." />
      {saved && <Notice>{saved}</Notice>}
      <div className="form-grid">
        <Field label="Status">
          {({ id }) => (
            <select id={id} name="status" value={draft.status} onChange={(e) => set('status', e.target.value as ItemStatus)}>
              {ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Priority">
          {({ id }) => (
            <select id={id} name="priority" value={draft.priority} onChange={(e) => set('priority', e.target.value as Priority)}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {capitalise(p)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Owner">{({ id }) => <input id={id} name="owner" value={draft.owner} onChange={(e) => set('owner', e.target.value)} autoComplete="off" />}</Field>
        <Field label="Due date">
          {({ id }) => <input id={id} name="dueDate" type="date" value={draft.dueDate} onChange={(e) => set('dueDate', e.target.value)} />}
        </Field>
      </div>
      <Field label="Justification" hint="Why this status: what you saw, or why the item does not apply.">
        {({ id, describedBy }) => (
          <textarea id={id} name="justification" rows={3} value={draft.justification} onChange={(e) => set('justification', e.target.value)} aria-describedby={describedBy} />
        )}
      </Field>
      <Field label="Notes">{({ id }) => <textarea id={id} name="notes" rows={2} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />}</Field>
      <Field
        label="Reason for this change"
        required
        hint="Recorded with the change in the item’s history and the audit trail."
        error={tried && !changed ? 'Nothing has changed yet.' : tried && !reason.trim() ? 'Give a reason for the change.' : undefined}
      >
        {({ id, describedBy, invalid }) => (
          <input id={id} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} autoComplete="off" />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save change'}
        </button>
        {changed && (
          <button
            type="button"
            className="button-quiet"
            onClick={() => {
              setDraft(draftOf(base));
              setReason('');
              setTried(false);
            }}
          >
            Discard my entries
          </button>
        )}
      </div>
      <p className="muted small">
        Version {base.version}, last changed {formatDateTime(base.updatedAt)}
        {base.updatedBy ? ` by ${base.updatedBy}` : ''}.
      </p>
    </form>
  );
}
