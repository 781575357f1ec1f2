/**
 * Serving the built web app (web/dist, made by `npm run build:web`) next to
 * the API, as a single-page app:
 *
 * - files under web/dist are served as they are: `/assets/*` (content-hashed
 *   names) cached for a year, everything else revalidated;
 * - any other GET that is not under /api/ or /assets/ and asks for HTML
 *   (a browser navigating) gets index.html,
 *   so an address such as /assessments/<id>/checklist?status=gap can be
 *   reloaded, bookmarked and shared;
 * - an unknown /api/ address keeps the API's answers: 401 to a caller who is
 *   not signed in (the API does not reveal which routes exist), 404 JSON
 *   otherwise;
 * - the HTML carries a Content-Security-Policy that allows only the app's
 *   own scripts, styles and API.
 *
 * The policy table (auth/policy.ts) lists `GET /*` as public: the files are
 * the same for everyone, and every piece of data comes from the API routes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The Content-Security-Policy of the app's pages. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function setHeaders(reply: FastifyReply, path: string): void {
  if (/[\\/]assets[\\/]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
  else reply.header('cache-control', 'no-cache');
  if (path.endsWith('.html')) reply.header('content-security-policy', WEB_CSP);
}

function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (request.url === '/api' || request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return false;
  // A browser navigating asks for text/html; a missing script or image does not get the page instead.
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serve `root` (the built app) with the SPA fallback. Does nothing when
 * `root` has no index.html (the API still runs without a built front end).
 * Register after the API routes, before `app.ready()`.
 */
export async function registerWebApp(app: FastifyInstance, root: string | undefined): Promise<boolean> {
  if (!root || !existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, wildcard: true, index: ['index.html'], setHeaders });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (wantsPage(request)) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    // Strangers never get here for /api: the policy guard answers them 401 first.
    return reply.code(404).send({ error: 'not-found', message: `There is no ${request.method} ${request.url.split('?')[0]}.` });
  });
  return true;
}
