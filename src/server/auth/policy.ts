/**
 * Who may call what: the one table of access rules for every route of the
 * API, enforced on the server by guard.ts before any handler runs.
 *
 * A route that is not in this table cannot be registered (buildApp throws),
 * and a request that somehow reaches a route without an entry is refused, so
 * a new route cannot be reachable by accident. test/server/policy.test.ts
 * calls every registered route as every role and checks the answer against
 * this table.
 *
 * - `public`: anyone, signed in or not.
 * - `signed-in`: any active user, whatever the role (their own session and password).
 * - a list of roles: only those.
 *
 * Roles: `admin` manages accounts and everything else; `assessor` does the
 * assessment work; `reviewer` reviews (decides evidence, comments) and signs;
 * `viewer` reads. Administrators may also sign.
 */
import type { UserRole } from '../../store/schema.js';

/** Who may call a route. */
export type Access = 'public' | 'signed-in' | readonly UserRole[];

const ALL: readonly UserRole[] = ['admin', 'assessor', 'reviewer', 'viewer'];
const EDIT: readonly UserRole[] = ['admin', 'assessor'];
const REVIEW: readonly UserRole[] = ['admin', 'assessor', 'reviewer'];
const SIGN: readonly UserRole[] = ['admin', 'reviewer'];
const AUDIT: readonly UserRole[] = ['admin', 'reviewer'];
const ADMIN: readonly UserRole[] = ['admin'];

/** `METHOD /url/:param` → access. HEAD follows GET. */
export const POLICY: Readonly<Record<string, Access>> = Object.freeze({
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'GET /api/setup': 'public',
  'POST /api/setup': 'public',
  'POST /api/session': 'public',
  'GET /api/session': 'signed-in',
  'DELETE /api/session': 'signed-in',

  'POST /api/users/me/password': 'signed-in',
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/:id': ADMIN,
  'POST /api/users/:id/password': ADMIN,

  'GET /api/kb': ALL,
  'GET /api/explain': ALL,
  'GET /api/crosswalk': ALL,
  'GET /api/guide': ALL,
  'GET /api/guide/:slug': ALL,

  'GET /api/assessments': ALL,
  'POST /api/assessments': EDIT,
  'GET /api/assessments/:id': ALL,
  'GET /api/assessments/:id/items': ALL,
  'GET /api/assessments/:id/items/:itemId': ALL,
  'PATCH /api/assessments/:id/items/:itemId': EDIT,
  'GET /api/assessments/:id/evidence': ALL,
  'POST /api/assessments/:id/items/:itemId/evidence': EDIT,
  'POST /api/assessments/:id/evidence/:evidenceId/decision': REVIEW,
  'POST /api/assessments/:id/items/:itemId/comments': REVIEW,
  'GET /api/assessments/:id/actions': ALL,
  'POST /api/assessments/:id/actions': EDIT,
  'PATCH /api/assessments/:id/actions/:actionId': EDIT,

  'GET /api/assessments/:id/documents': ALL,
  'POST /api/assessments/:id/documents': EDIT,
  'GET /api/assessments/:id/folders': ALL,
  'POST /api/assessments/:id/folders': ADMIN,
  'POST /api/assessments/:id/scan': EDIT,
  'GET /api/assessments/:id/documents/findings': ALL,
  'GET /api/assessments/:id/documents/redline': ALL,

  'GET /api/assessments/:id/reports/:format': ALL,

  'GET /api/assessments/:id/signatures': ALL,
  'POST /api/assessments/:id/signatures': SIGN,
  'POST /api/assessments/:id/reports/:format/signatures': SIGN,
  'GET /api/signatures/:id/content': ALL,

  'GET /api/audit': AUDIT,
  'GET /api/audit/verify': AUDIT,
  'GET /api/audit/export': AUDIT,

  // The built web app's static files (registered only when web/dist exists); its data comes from the routes above.
  'GET /*': 'public',
});

/** Routes a user who must change their password may still call. */
export const PASSWORD_CHANGE_ROUTES: ReadonlySet<string> = new Set(['GET /api/session', 'DELETE /api/session', 'POST /api/users/me/password']);

/** The policy key of a route. */
export function policyKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** The access rule for a route, or undefined if it has none. */
export function policyFor(method: string, url: string): Access | undefined {
  return POLICY[policyKey(method, url)];
}

/** Whether a user with `role` may call a route with `access`. */
export function allows(access: Access, role: UserRole | undefined): boolean {
  if (access === 'public') return true;
  if (role === undefined) return false;
  return access === 'signed-in' || access.includes(role);
}
