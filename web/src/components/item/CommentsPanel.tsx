/** Comments on an item: part of the audit trail, so they cannot be edited or deleted. */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { post } from '../../api.js';
import { itemPath } from '../../endpoints.js';
import { formatDateTime } from '../../lib/format.js';
import type { Comment } from '../../types.js';
import { ErrorAlert } from '../Alert.js';
import { Field } from '../Field.js';

interface CommentsPanelProps {
  assessmentId: string;
  itemId: string;
  comments: Comment[];
  canComment: boolean;
  onChanged: (message: string) => void;
}

/** The panel. */
export function CommentsPanel({ assessmentId, itemId, comments, canComment, onChanged }: CommentsPanelProps) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await post(`${itemPath(assessmentId, itemId)}/comments`, { body: body.trim() });
      setBody('');
      onChanged('Comment added.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {comments.length === 0 ? (
        <p className="empty">No comments yet.</p>
      ) : (
        <ol className="comments">
          {comments.map((c) => (
            <li key={c.id}>
              <p className="comment-meta">
                <strong>{c.author}</strong> <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
              </p>
              <p className="comment-body">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <form className="form" onSubmit={(e) => void submit(e)}>
          <ErrorAlert error={error} title="Comment not added." />
          <Field label="Add a comment" hint="Comments are part of the record: they cannot be edited or deleted.">
            {({ id, describedBy }) => <textarea id={id} rows={3} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby={describedBy} />}
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={busy || !body.trim()}>
              Add comment
            </button>
          </div>
        </form>
      )}
    </>
  );
}
