/**
 * Starting a session once a password has been checked: a fresh token (never
 * reused from before sign-in, so a planted cookie cannot be promoted), the
 * cookie, and the audit event, all in one transaction.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Selectable, Transaction } from 'kysely';
import type { Schema, UsersTable } from '../../store/schema.js';
import { actorOf, recordEvent } from '../audit-events.js';
import type { ServerDeps } from '../deps.js';
import { setSessionCookie } from './cookies.js';
import { createSession, csrfTokenFor, tokenHash } from './sessions.js';
import type { SignedInUser } from './sessions.js';

/** What sign-in (and setup) answer. */
export interface SessionReply {
  user: SignedInUser;
  /** Send this in the `x-csrf-token` header of every state-changing request. */
  csrfToken: string;
  /** Absolute end of the session (UTC, ISO 8601). */
  expiresAt: string;
  /** Minutes without a request after which the session ends. */
  idleMinutes: number;
}

/** The user as requests see it. */
export function signedInUser(row: Selectable<UsersTable>): SignedInUser {
  return { id: row.id, username: row.username, fullName: row.full_name, role: row.role, mustChangePassword: row.must_change_password };
}

/**
 * Start a session for `user` inside `trx` (an audited transaction), set the
 * cookie and return the reply body.
 */
export async function startSession(
  deps: ServerDeps,
  trx: Transaction<Schema>,
  request: FastifyRequest,
  reply: FastifyReply,
  user: Selectable<UsersTable>,
): Promise<SessionReply> {
  const { token, expiresAt } = await createSession(trx, {
    userId: user.id,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    absoluteHours: deps.options.session.absoluteHours,
  });
  await recordEvent(trx, {
    actor: actorOf(signedInUser(user)),
    action: 'session.login',
    entity: 'session',
    entityId: tokenHash(token).slice(0, 16),
    reason: `Signed in from ${request.ip}`,
  });
  setSessionCookie(reply, token, deps.options.tls);
  return {
    user: signedInUser(user),
    csrfToken: csrfTokenFor(token),
    expiresAt: expiresAt.toISOString(),
    idleMinutes: deps.options.session.idleMinutes,
  };
}
