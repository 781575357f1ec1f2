/**
 * The gate every request passes before its handler (an `onRequest` hook, so
 * nothing of the body is read for a refused request):
 *
 * 1. The route must have an entry in the policy table (checked again at
 *    registration, where a missing entry stops the server from starting).
 * 2. A state-changing request (anything but GET/HEAD/OPTIONS) from another
 *    site is refused: `Origin` must match `Host` when present, and
 *    `Sec-Fetch-Site: cross-site` is refused.
 * 3. Public routes pass. Otherwise the session cookie must name a live
 *    session (401), a state-changing request must carry the session's CSRF
 *    token in `x-csrf-token` (403), a user whose password was set by someone
 *    else may only change it (403), and the role must be allowed (403).
 *
 * An unknown /api route answers 401 to a caller who is not signed in, so the
 * API does not reveal which routes exist.
 *
 * Sessions are checked by session-cache.ts: from memory with the embedded
 * database (exactly: any write makes the next request read the row again),
 * from the database on every request with PostgreSQL.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../../store/store.js';
import { forbidden, HttpError, notFound, unauthorized } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { allows, PASSWORD_CHANGE_ROUTES, policyFor, policyKey } from './policy.js';
import { SessionChecker } from './session-cache.js';
import { csrfMatches } from './sessions.js';
import type { CurrentSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The live session, once the guard has found one. */
    session: CurrentSession | null;
    /**
     * With a session: a version stamp of the database read after the request arrived (embedded: the
     * store's change count; PostgreSQL: the audit trail's head), for the read caches (routes/read-cache.ts).
     */
    readStamp: number | undefined;
  }
  interface FastifyInstance {
    /** The session checker (its counters show how often sessions were read from the database). */
    qmsrSessions: SessionChecker;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's name: `__Host-` prefixed over TLS (browser-enforced Secure, Path=/, no Domain). */
export function sessionCookieName(tls: boolean): string {
  return tls ? '__Host-qmsr_session' : 'qmsr_session';
}

/** Attach the registration check and the request gate to `app`. Call before registering routes. */
export function installGuard(app: FastifyInstance, store: Store, options: ResolvedOptions): void {
  const cookie = sessionCookieName(options.tls);
  const sessions = new SessionChecker(store, options.session.idleMinutes);
  app.decorateRequest('session', null);
  app.decorateRequest('readStamp', undefined);
  app.decorate('qmsrSessions', sessions);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (!policyFor(m, route.url)) {
        throw new Error(`Route ${policyKey(m, route.url)} has no entry in src/server/auth/policy.ts; add one before registering it.`);
      }
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    const method = request.method;
    if (!SAFE.has(method)) checkSameOrigin(request);
    const access = url === undefined ? undefined : policyFor(method, url);
    // Public routes do not need the session: no database work for them.
    if (access === 'public') return;
    const token = request.cookies[cookie];
    const valid = token ? await sessions.check(token) : undefined;
    const session = valid?.session;
    request.session = session ?? null;
    request.readStamp = valid?.stamp;
    if (url === undefined) {
      // No such route: do not tell a stranger which routes exist.
      if (!session) throw unauthorized();
      throw notFound(`There is no ${method} ${request.url.split('?')[0]}.`);
    }
    if (!access) throw forbidden(`${policyKey(method, url)} has no access rule, so nobody may call it.`);
    if (!session || !token) throw unauthorized();
    if (!SAFE.has(method) && !csrfMatches(token, headerValue(request.headers['x-csrf-token']))) {
      throw forbidden('The CSRF token (x-csrf-token header) is missing or wrong; reload the page and try again.', 'csrf');
    }
    if (session.user.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(policyKey(method, url))) {
      throw forbidden('Choose a new password first (POST /api/users/me/password).', 'password-change-required');
    }
    if (!allows(access, session.user.role)) {
      throw forbidden(`A ${session.user.role} may not ${method} ${url}.`);
    }
  });
}

function checkSameOrigin(request: FastifyRequest): void {
  const site = headerValue(request.headers['sec-fetch-site']);
  if (site === 'cross-site') throw new HttpError(403, 'cross-origin', 'Requests from other sites are refused.');
  const origin = headerValue(request.headers.origin);
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new HttpError(403, 'cross-origin', 'The Origin header is not a valid origin.');
  }
  if (host !== request.headers.host) throw new HttpError(403, 'cross-origin', `Requests from ${origin} are refused.`);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
