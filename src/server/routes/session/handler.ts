/**
 * Sign in (`POST /api/session`), who am I (`GET`), sign out (`DELETE`).
 * Sign-in is rate-limited and recorded (auth/password-check.ts); sign-out
 * ends the session in the database, so the cookie is worthless afterwards.
 */
import type { FastifyInstance } from 'fastify';
import { auditedTransaction } from '../../../assessment/audit.js';
import { actorOf, recordEvent } from '../../audit-events.js';
import { clearSessionCookie } from '../../auth/cookies.js';
import { checkPassword } from '../../auth/password-check.js';
import { revokeSession } from '../../auth/sessions.js';
import { startSession } from '../../auth/sign-in.js';
import type { ServerDeps } from '../../deps.js';
import { unauthorized } from '../../errors.js';
import { currentSchema, loginBody, loginSchema, logoutSchema } from './schema.js';

/** Register the session routes. */
export function sessionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store, options } = deps;

  app.post('/api/session', { schema: loginSchema }, async (request, reply) => {
    const body = loginBody.parse(request.body);
    const user = await checkPassword(deps, { username: body.username, password: body.password, ip: request.ip, kind: 'login' });
    return auditedTransaction(store, (trx) => startSession(deps, trx, request, reply, user));
  });

  app.get('/api/session', { schema: currentSchema }, async (request) => {
    const s = request.session;
    if (!s) throw unauthorized();
    return { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString(), idleMinutes: options.session.idleMinutes };
  });

  app.delete('/api/session', { schema: logoutSchema }, async (request, reply) => {
    const s = request.session;
    if (!s) throw unauthorized();
    await auditedTransaction(store, async (trx) => {
      await revokeSession(trx, s.id);
      await recordEvent(trx, { actor: actorOf(s.user), action: 'session.logout', entity: 'session', entityId: s.id.slice(0, 16), reason: 'Signed out' });
    });
    clearSessionCookie(reply, options.tls);
    return reply.code(204).send();
  });
}
