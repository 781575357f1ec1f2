/**
 * First run: create the first administrator, who is then signed in. Shown
 * only while the workspace has no users (the server refuses it afterwards).
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { post } from '../api.js';
import { ErrorAlert } from '../components/Alert.js';
import { Field } from '../components/Field.js';
import { BareLayout } from '../components/Layout.js';
import { PASSWORD_RULES, passwordProblems } from '../lib/passwords.js';
import { useTitle } from '../lib/use-title.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import type { SessionInfo } from '../types.js';

/** The setup form. */
export function SetupPage() {
  useTitle('Set up the workspace');
  const { signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const problems = passwordProblems(password, username);
  const mismatch = confirm !== password ? 'The two passwords differ.' : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!username.trim() || !fullName.trim() || problems.length || mismatch) return;
    setBusy(true);
    setError(undefined);
    try {
      const session = await post<SessionInfo>('/api/setup', { username: username.trim(), fullName: fullName.trim(), password }, { redirectOn401: false });
      signedIn(session);
      navigate('/', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <BareLayout>
      <h1>Set up the workspace</h1>
      <p className="lead">
        This workspace has no accounts yet. Create the first administrator: the person who will add colleagues and give them roles. Everything
        done here is recorded in the audit trail under this name.
      </p>
      <form className="card form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorAlert error={error} title="Setup failed." />
        <Field label="Username" required hint="Lower case letters, digits, “.”, “_”, “@” or “-”. It can never be reused." error={tried && !username.trim() ? 'Give a username.' : undefined}>
          {({ id, describedBy, invalid }) => (
            <input id={id} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
          )}
        </Field>
        <Field label="Full name" required hint="Printed with this person’s electronic signatures." error={tried && !fullName.trim() ? 'Give the full name.' : undefined}>
          {({ id, describedBy, invalid }) => (
            <input id={id} name="fullName" autoComplete="name" value={fullName} onChange={(e) => setFullName(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
          )}
        </Field>
        <Field label="Password" required hint={PASSWORD_RULES} error={tried && problems.length ? problems.join(' ') : undefined}>
          {({ id, describedBy, invalid }) => (
            <input id={id} name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
          )}
        </Field>
        <Field label="Repeat the password" required error={tried ? mismatch : undefined}>
          {({ id, describedBy, invalid }) => (
            <input id={id} name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create administrator and sign in'}
          </button>
        </div>
      </form>
    </BareLayout>
  );
}
