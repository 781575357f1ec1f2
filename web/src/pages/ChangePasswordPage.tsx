/**
 * Choose a new password: required on first sign-in when an administrator set
 * the password (the server allows nothing else until then), and available
 * from the account menu at any time.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { post } from '../api.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Field } from '../components/Field.js';
import { BareLayout } from '../components/Layout.js';
import { PASSWORD_RULES, passwordProblems } from '../lib/passwords.js';
import { useTitle } from '../lib/use-title.js';
import { useSession } from '../session.js';

function PasswordForm({ onDone }: { onDone: () => void }) {
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const problems = passwordProblems(next, user?.username ?? '');
  const mismatch = confirm !== next ? 'The two new passwords differ.' : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!current || problems.length || mismatch) return;
    setBusy(true);
    setError(undefined);
    try {
      await post('/api/users/me/password', { currentPassword: current, newPassword: next }, { redirectOn401: false });
      setCurrent('');
      setNext('');
      setConfirm('');
      setTried(false);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorAlert error={error} title="Password not changed." />
      <Field label="Current password" required error={tried && !current ? 'Give your current password.' : undefined}>
        {({ id, describedBy, invalid }) => (
          <input id={id} name="currentPassword" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />
        )}
      </Field>
      <Field label="New password" required hint={PASSWORD_RULES} error={tried && problems.length ? problems.join(' ') : undefined}>
        {({ id, describedBy, invalid }) => (
          <input id={id} name="newPassword" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />
        )}
      </Field>
      <Field label="Repeat the new password" required error={tried ? mismatch : undefined}>
        {({ id, describedBy, invalid }) => (
          <input id={id} name="confirmPassword" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

/** The page; `forced` when the server requires a new password before anything else. */
export function ChangePasswordPage({ forced }: { forced: boolean }) {
  useTitle('Change your password');
  const { refresh, signOut, user } = useSession();
  const [done, setDone] = useState(false);

  if (forced) {
    return (
      <BareLayout>
        <h1>Choose your own password</h1>
        <p className="lead">
          {user?.fullName ? `${user.fullName}, an` : 'An'} administrator set your password. Choose one only you know before you continue: your
          electronic signature rests on it.
        </p>
        <PasswordForm onDone={() => void refresh()} />
        <p>
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            Sign out instead
          </button>
        </p>
      </BareLayout>
    );
  }
  return (
    <div className="page page-narrow">
      <h1>Change your password</h1>
      {done && <Notice>Your password has been changed.</Notice>}
      <PasswordForm onDone={() => setDone(true)} />
    </div>
  );
}
