/**
 * The one place a password is checked: sign-in, re-authentication for an
 * electronic signature, and a user's own password change. Each check is
 * rate-limited (lockout.ts), recorded in `login_attempts`, and a failure is
 * written to the audit trail, in one transaction.
 */
import type { Selectable } from 'kysely';
import { auditedTransaction } from '../../assessment/audit.js';
import type { Actor } from '../../assessment/audit.js';
import type { UsersTable } from '../../store/schema.js';
import { anonymousActor, recordEvent } from '../audit-events.js';
import type { ServerDeps } from '../deps.js';
import { tooManyAttempts, unauthorized } from '../errors.js';
import type { AttemptKind, AttemptOutcome } from './lockout.js';
import { lockState, normaliseUsername, recordAttempt } from './lockout.js';
import { verifyPassword } from './passwords.js';
import { findByUsername } from './users.js';

/** Who is checked, from where, and why. */
export interface PasswordCheck {
  username: string;
  password: string;
  ip: string;
  kind: AttemptKind;
  /** Who is asking, when already signed in (signature, password change). */
  actor?: Actor;
}

const WRONG: Record<AttemptKind, string> = {
  login: 'Wrong username or password.',
  signature: 'Wrong password: the signature was not recorded.',
  'password-change': 'The current password is wrong.',
};

/** The active user whose password this is; otherwise 401 (or 429 while locked). */
export async function checkPassword(deps: ServerDeps, check: PasswordCheck): Promise<Selectable<UsersTable>> {
  const { store, options } = deps;
  const username = normaliseUsername(check.username);
  const lock = await lockState(store.db, username, check.ip, options.lockout);
  if (lock.locked) {
    await fail(deps, username, check, lock.scope === 'user' ? 'locked-user' : 'locked-ip');
    const minutes = Math.ceil(lock.retryAfterSeconds / 60);
    throw tooManyAttempts(
      lock.scope === 'user'
        ? `Too many failed attempts for this account: try again in ${minutes} minute(s), or ask an administrator to reset the password.`
        : `Too many failed attempts from this address: try again in ${minutes} minute(s).`,
      lock.retryAfterSeconds,
    );
  }
  const user = await findByUsername(store.db, username);
  const ok = await verifyPassword(user?.password_hash, check.password);
  const outcome: AttemptOutcome = !user ? 'unknown-user' : !user.active ? 'inactive' : ok ? 'ok' : 'bad-password';
  if (outcome !== 'ok' || !user) {
    await fail(deps, username, check, outcome);
    throw unauthorized(WRONG[check.kind]);
  }
  await recordAttempt(store.db, { username, ip: check.ip, kind: check.kind, outcome });
  return user;
}

/** Record a failed check that was refused before the password was looked at (e.g. a signer typed someone else's username). */
export async function recordFailedCheck(deps: ServerDeps, check: Omit<PasswordCheck, 'password'>, outcome: AttemptOutcome): Promise<void> {
  await fail(deps, normaliseUsername(check.username), check, outcome);
}

async function fail(deps: ServerDeps, username: string, check: Omit<PasswordCheck, 'password'>, outcome: AttemptOutcome): Promise<void> {
  await auditedTransaction(deps.store, async (trx) => {
    await recordAttempt(trx, { username, ip: check.ip, kind: check.kind, outcome });
    await recordEvent(trx, {
      actor: check.actor ?? anonymousActor(username),
      action: check.kind === 'login' ? 'session.login-failed' : check.kind === 'signature' ? 'signature.failed' : 'user.password-change-failed',
      entity: 'user',
      entityId: username || '(empty)',
      reason: `Password check failed from ${check.ip}`,
      changes: [{ field: 'outcome', oldValue: null, newValue: outcome }],
    });
  });
}
