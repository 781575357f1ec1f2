/**
 * Login rate limiting, kept in the database (`login_attempts`) so that every
 * server instance sees the same counts, and every attempt is on record.
 *
 * Per username: after `maxFailures` failed password checks in a row (logins,
 * signature re-authentication and password changes all count; a success or a
 * password reset starts the count again), the name is locked for
 * `baseLockSeconds`, doubled for each further failure, up to
 * `maxLockSeconds`. Unknown usernames are counted the same way, so the answer
 * does not reveal whether a name exists.
 *
 * Per address: `ipMaxFailures` failures within `ipWindowMinutes` lock the
 * address until the window has passed, which slows down guessing across
 * many usernames.
 *
 * While locked, the password is not checked at all (no hashing work), and the
 * attempt is recorded as `locked-user` or `locked-ip`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { LoginAttemptsTable, Schema } from '../../store/schema.js';
import { newId } from '../../store/schema.js';
import type { LockoutSettings } from '../options.js';

/** What a password check was for. */
export type AttemptKind = LoginAttemptsTable['kind'];
/** How it ended. */
export type AttemptOutcome = LoginAttemptsTable['outcome'];

/** Whether password checks are refused right now, and for how long. */
export type LockState = { locked: false } | { locked: true; scope: 'user' | 'ip'; retryAfterSeconds: number };

/** Failures that count towards a lock (locked attempts do not, or a lock could be kept up forever for free). */
const FAILURES = sql`('bad-password', 'unknown-user', 'inactive')`;

/** A username as recorded: trimmed, lower case, at most 200 characters. */
export function normaliseUsername(name: string): string {
  return name.trim().toLowerCase().slice(0, 200);
}

/** The lock state of a username and an address. */
export async function lockState(db: Kysely<Schema>, username: string, ip: string, s: LockoutSettings): Promise<LockState> {
  const user = await sql<{ n: string; last: Date | null; now: Date }>`
    select count(*) as n, max(a.at) as last, now() as now
    from login_attempts a
    where a.username = ${username} and not a.success and a.outcome in ${FAILURES}
      and a.at > now() - interval '1 day'
      and a.at > coalesce((select max(b.at) from login_attempts b where b.username = ${username} and b.success), '-infinity'::timestamptz)
      and a.at > coalesce((select u.password_changed_at from users u where u.username = ${username}), '-infinity'::timestamptz)
  `.execute(db);
  const u = user.rows[0]!;
  const failures = Number(u.n);
  if (failures >= s.maxFailures && u.last) {
    const lockSeconds = Math.min(s.baseLockSeconds * 2 ** (failures - s.maxFailures), s.maxLockSeconds);
    const remaining = (u.last.getTime() + lockSeconds * 1000 - u.now.getTime()) / 1000;
    if (remaining > 0) return { locked: true, scope: 'user', retryAfterSeconds: remaining };
  }
  const byIp = await sql<{ n: string; first: Date | null; now: Date }>`
    select count(*) as n, min(t.at) as first, now() as now from (
      select a.at from login_attempts a
      where a.ip = ${ip} and not a.success and a.outcome in ${FAILURES}
        and a.at > now() - make_interval(secs => ${s.ipWindowMinutes * 60})
      order by a.at desc limit ${s.ipMaxFailures}
    ) t
  `.execute(db);
  const i = byIp.rows[0]!;
  if (Number(i.n) >= s.ipMaxFailures && i.first) {
    const remaining = (i.first.getTime() + s.ipWindowMinutes * 60_000 - i.now.getTime()) / 1000;
    if (remaining > 0) return { locked: true, scope: 'ip', retryAfterSeconds: remaining };
  }
  return { locked: false };
}

/** Record one password check. */
export async function recordAttempt(
  db: Kysely<Schema>,
  a: { username: string; ip: string; kind: AttemptKind; outcome: AttemptOutcome },
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ id: newId(), username: a.username, ip: a.ip, kind: a.kind, success: a.outcome === 'ok', outcome: a.outcome })
    .execute();
}
