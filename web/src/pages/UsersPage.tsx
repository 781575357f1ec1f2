/**
 * User and role administration (administrators only): create accounts,
 * change roles and names, deactivate (accounts are never deleted) and reset
 * passwords. Every change asks for a reason, which goes into the audit trail.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { patch, post } from '../api.js';
import { ErrorAlert, Loading, Notice } from '../components/Alert.js';
import { Dialog } from '../components/Dialog.js';
import { Field } from '../components/Field.js';
import { formatDateTime } from '../lib/format.js';
import { PASSWORD_RULES, passwordProblems } from '../lib/passwords.js';
import { useResource } from '../lib/use-resource.js';
import { useTitle } from '../lib/use-title.js';
import { ROLE_LABELS, can, useSession } from '../session.js';
import type { Role, UserAccount } from '../types.js';
import { ROLES } from '../types.js';

const ROLE_HELP: Record<Role, string> = {
  admin: 'Manages accounts; may do and sign everything.',
  assessor: 'Does the assessment work: statuses, evidence, actions, documents.',
  reviewer: 'Reviews evidence, comments, signs assessments and reports; reads the audit trail.',
  viewer: 'Reads everything and exports reports; changes nothing.',
};

function RoleSelect({ id, value, onChange }: { id: string; value: Role; onChange: (r: Role) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}

function CreateUser({ onCreated }: { onCreated: (u: UserAccount) => void }) {
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<Role>('assessor');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const problems = passwordProblems(password, username);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!username.trim() || !fullName.trim() || problems.length) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await post<UserAccount>('/api/users', { username: username.trim(), fullName: fullName.trim(), role, password });
      onCreated(created);
      setUsername('');
      setFullName('');
      setPassword('');
      setTried(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="add-user">
      <h2 id="add-user">Add a user</h2>
      <form className="form form-narrow" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorAlert error={error} title="The user was not created." />
        <Field label="Username" required error={tried && !username.trim() ? 'Give a username.' : undefined}>
          {({ id, invalid, describedBy }) => (
            <input id={id} name="newUsername" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />
          )}
        </Field>
        <Field label="Full name" required hint="Printed with their signatures." error={tried && !fullName.trim() ? 'Give the full name.' : undefined}>
          {({ id, invalid, describedBy }) => (
            <input id={id} name="newFullName" autoComplete="off" value={fullName} onChange={(e) => setFullName(e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />
          )}
        </Field>
        <Field label="Role" hint={ROLE_HELP[role]}>
          {({ id }) => <RoleSelect id={id} value={role} onChange={setRole} />}
        </Field>
        <Field label="Initial password" required hint={`They must change it when they first sign in. ${PASSWORD_RULES}`} error={tried && problems.length ? problems.join(' ') : undefined}>
          {({ id, invalid, describedBy }) => (
            <input id={id} name="newPassword" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add user'}
          </button>
        </div>
      </form>
    </section>
  );
}

function EditUser({ user, onSaved, onClose }: { user: UserAccount; onSaved: (u: UserAccount, note: string) => void; onClose: () => void }) {
  const [role, setRole] = useState<Role>(user.role);
  const [fullName, setFullName] = useState(user.fullName);
  const [active, setActive] = useState(user.active);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const changed = role !== user.role || fullName.trim() !== user.fullName || active !== user.active;
  const problems = password ? passwordProblems(password, user.username) : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!reason.trim() || (!changed && !password) || problems.length) return;
    setBusy(true);
    setError(undefined);
    try {
      let saved = user;
      if (changed) {
        const body: Record<string, unknown> = { version: user.version, reason: reason.trim() };
        if (role !== user.role) body.role = role;
        if (fullName.trim() !== user.fullName) body.fullName = fullName.trim();
        if (active !== user.active) body.active = active;
        saved = await patch<UserAccount>(`/api/users/${encodeURIComponent(user.id)}`, body);
      }
      if (password) saved = await post<UserAccount>(`/api/users/${encodeURIComponent(user.id)}/password`, { password, reason: reason.trim() });
      onSaved(saved, `${saved.username} saved.${password ? ' They must choose a new password at their next sign-in.' : ''}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorAlert error={error} title="Not saved." />
      <Field label="Full name">{({ id }) => <input id={id} value={fullName} onChange={(e) => setFullName(e.target.value)} />}</Field>
      <Field label="Role" hint={ROLE_HELP[role]}>
        {({ id }) => <RoleSelect id={id} value={role} onChange={setRole} />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        Account active (unticking ends their sessions; the account and its history stay)
      </label>
      <Field label="Set a new password (optional)" hint={PASSWORD_RULES} error={problems.length ? problems.join(' ') : undefined}>
        {({ id, invalid, describedBy }) => (
          <input id={id} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />
        )}
      </Field>
      <Field
        label="Reason for the change"
        required
        hint="Recorded in the audit trail."
        error={tried && !reason.trim() ? 'Give a reason.' : tried && !changed && !password ? 'Nothing has changed.' : undefined}
      >
        {({ id, invalid, describedBy }) => <textarea id={id} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button-quiet" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The users page. */
export function UsersPage() {
  useTitle('Users and roles');
  const { user: me } = useSession();
  const users = useResource<{ users: UserAccount[] }>(can(me, 'admin') ? '/api/users' : null);
  const [editing, setEditing] = useState<UserAccount>();
  const [notice, setNotice] = useState<string>();

  if (!can(me, 'admin')) {
    return (
      <div className="page">
        <h1>Users and roles</h1>
        <p>Only administrators manage accounts.</p>
      </div>
    );
  }

  return (
    <div className="page">
      <h1>Users and roles</h1>
      <p className="lead">Accounts are never deleted: deactivate them instead, so every signature and change keeps a name behind it.</p>
      {notice && <Notice>{notice}</Notice>}
      <ErrorAlert error={users.error} />
      {users.loading && !users.data && <Loading what="Loading users" />}
      {users.data && (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Workspace accounts</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Full name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Password set</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.id} className={u.active ? undefined : 'row-inactive'}>
                  <th scope="row">{u.username}</th>
                  <td>{u.fullName}</td>
                  <td>{ROLE_LABELS[u.role]}</td>
                  <td>
                    {u.active ? 'Active' : 'Deactivated'}
                    {u.mustChangePassword && <span className="badge badge-warn">must change password</span>}
                  </td>
                  <td>{formatDateTime(u.passwordChangedAt)}</td>
                  <td>
                    <button type="button" className="button-small" onClick={() => setEditing(u)} aria-label={`Edit ${u.username}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateUser
        onCreated={(u) => {
          setNotice(`${u.username} added as ${ROLE_LABELS[u.role]}. Give them the initial password in person or by phone; they must change it at first sign-in.`);
          users.reload();
        }}
      />
      <Dialog title={editing ? `Edit ${editing.username}` : 'Edit user'} open={editing !== undefined} onClose={() => setEditing(undefined)}>
        {editing && (
          <EditUser
            user={editing}
            onClose={() => setEditing(undefined)}
            onSaved={(_u, note) => {
              setEditing(undefined);
              setNotice(note);
              users.reload();
            }}
          />
        )}
      </Dialog>
    </div>
  );
}
