/**
 * Sign in. A wrong password or a lockout is shown in the server's words; the
 * page the user asked for opens after sign-in.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { post } from '../api.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Field } from '../components/Field.js';
import { BareLayout } from '../components/Layout.js';
import { useTitle } from '../lib/use-title.js';
import { useSession } from '../session.js';
import type { SessionInfo } from '../types.js';

/** The sign-in form. */
export function SignInPage({ message }: { message?: string | undefined }) {
  useTitle('Sign in');
  const { signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      signedIn(await post<SessionInfo>('/api/session', { username: username.trim(), password }, { redirectOn401: false }));
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <BareLayout>
      <h1>Sign in</h1>
      {message && !error && <Notice>{message}</Notice>}
      <form className="card form" onSubmit={(e) => void submit(e)}>
        <ErrorAlert error={error} />
        <Field label="Username">
          {({ id }) => <input id={id} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />}
        </Field>
        <Field label="Password">
          {({ id }) => (
            <input id={id} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        <p className="hint">No account? Ask your workspace administrator. Repeated wrong passwords lock the account for a while.</p>
      </form>
    </BareLayout>
  );
}
