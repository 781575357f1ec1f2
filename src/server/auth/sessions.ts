/**
 * Sessions kept in the database, so that any number of server instances on
 * one PostgreSQL database share them and nothing that matters is in memory.
 *
 * - The browser holds a random 256-bit token (base64url) in an HttpOnly,
 *   SameSite=Strict cookie; the database holds only its SHA-256.
 * - A session ends after `idleMinutes` without a request or `absoluteHours`
 *   after sign-in, whichever comes first, and at sign-out. Both limits are
 *   checked with the database clock, the one clock all instances share.
 * - `last_seen_at` is written at most once a minute per session, so reads do
 *   not each cost a commit.
 * - Deactivating a user ends their sessions at once (the lookup joins the
 *   user row); a role change takes effect on the next request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Schema, UserRole } from '../../store/schema.js';

/** Seconds between two writes of a session's `last_seen_at`. */
export const TOUCH_SECONDS = 60;

/** The signed-in user, as requests see it. */
export interface SignedInUser {
  id: string;
  username: string;
  fullName: string;
  role: UserRole;
  mustChangePassword: boolean;
}

/** A live session. */
export interface CurrentSession {
  /** SHA-256 of the token (the `sessions.id`). */
  id: string;
  user: SignedInUser;
  createdAt: Date;
  expiresAt: Date;
  /** The CSRF token for this session (see csrf.ts). */
  csrfToken: string;
}

/** A new random session token (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token of a session: derived from the session token with a one-way
 * function, so it can be handed to the page (which cannot read the HttpOnly
 * cookie) without revealing the session token, and checked without storage.
 */
export function csrfTokenFor(token: string): string {
  return createHash('sha256').update(`qmsr-csrf\0${token}`).digest('base64url');
}

/** Whether `given` is the CSRF token of the session whose token is `token` (constant time). */
export function csrfMatches(token: string, given: string | undefined): boolean {
  if (!given) return false;
  const want = Buffer.from(csrfTokenFor(token));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Start a session for `userId`; returns the token for the cookie. */
export async function createSession(
  db: Kysely<Schema>,
  input: { userId: string; ip: string; userAgent: string | undefined; absoluteHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const row = await db
    .insertInto('sessions')
    .values({
      id: tokenHash(token),
      user_id: input.userId,
      expires_at: sql<Date>`now() + make_interval(secs => ${input.absoluteHours * 3600})`,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return { token, expiresAt: row.expires_at };
}

interface SessionRow {
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  user_id: string;
  username: string;
  full_name: string;
  role: UserRole;
  active: boolean;
  must_change_password: boolean;
  now: Date;
  audit_head?: string | number | null;
}

/** A live session as read from the database, with what a cache of it needs. */
export interface SessionLookup {
  session: CurrentSession;
  /** The database clock when the row was read. */
  now: Date;
  /** `last_seen_at` after this lookup (now, if it wrote it). */
  lastSeenAt: Date;
  /** With `auditHead: true`: the audit trail's last seq (0 when empty), read in the same statement. */
  auditHead?: number;
}

/** The live session for a token, or undefined (unknown, expired, idle too long, revoked, or user deactivated). */
export async function findSession(db: Kysely<Schema>, token: string, idleMinutes: number): Promise<CurrentSession | undefined> {
  return (await lookupSession(db, token, idleMinutes))?.session;
}

/** {@link findSession} with the clock and last-seen time (see {@link lookupSessions}). */
export async function lookupSession(db: Kysely<Schema>, token: string, idleMinutes: number, options: { auditHead?: boolean } = {}): Promise<SessionLookup | undefined> {
  return (await lookupSessions(db, [token], idleMinutes, options)).get(token);
}

/**
 * The live sessions of several tokens in one statement, by token; tokens
 * without a live session are left out. Writes `last_seen_at` (one statement
 * for all of them) where the last write is more than a minute old. With
 * `auditHead`, each lookup also carries the audit trail's head, read in the
 * same statement: a version stamp of all assessment data, since every change
 * appends an event in its own transaction.
 */
export async function lookupSessions(
  db: Kysely<Schema>,
  tokens: readonly string[],
  idleMinutes: number,
  options: { auditHead?: boolean } = {},
): Promise<Map<string, SessionLookup>> {
  const out = new Map<string, SessionLookup>();
  if (tokens.length === 0) return out;
  const byId = new Map(tokens.map((t) => [tokenHash(t), t]));
  const ids = [...byId.keys()];
  // Plain columns and the database clock, written as SQL: this runs for every signed-in request that is not
  // answered from the session cache, and a simple statement without the query builder takes about half the time.
  const head = options.auditHead ? sql`, (select seq from audit_events order by seq desc limit 1) as audit_head` : sql``;
  const where = ids.length === 1 ? sql`s.id = ${ids[0]}` : sql`s.id in (${sql.join(ids)})`;
  const { rows } = await sql<SessionRow & { id: string }>`
    select s.id, s.created_at, s.expires_at, s.last_seen_at, s.revoked_at,
      u.id as user_id, u.username, u.full_name, u.role, u.active, u.must_change_password, now() as now${head}
    from sessions s join users u on u.id = s.user_id
    where ${where}`.execute(db);
  const touch: string[] = [];
  for (const row of rows) {
    if (row.revoked_at !== null || !row.active) continue;
    const now = row.now.getTime();
    if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() <= now - idleMinutes * 60_000) continue;
    const stale = row.last_seen_at.getTime() < now - TOUCH_SECONDS * 1000;
    if (stale) touch.push(row.id);
    const token = byId.get(row.id)!;
    out.set(token, {
      session: {
        id: row.id,
        user: { id: row.user_id, username: row.username, fullName: row.full_name, role: row.role, mustChangePassword: row.must_change_password },
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        csrfToken: csrfTokenFor(token),
      },
      now: row.now,
      lastSeenAt: stale ? row.now : row.last_seen_at,
      ...(options.auditHead ? { auditHead: Number(row.audit_head ?? 0) } : {}),
    });
  }
  if (touch.length > 0) await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', 'in', touch).execute();
  return out;
}

/** End one session. */
export async function revokeSession(db: Kysely<Schema>, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** End every session of a user, except `keep` (the session making the change). */
export async function revokeUserSessions(db: Kysely<Schema>, userId: string, keep?: string): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keep) q = q.where('id', '<>', keep);
  await q.execute();
}
