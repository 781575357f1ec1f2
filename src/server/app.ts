/**
 * The workspace HTTP API as a fastify instance, built from the store the CLI
 * uses, the knowledge base and options. Tests call `buildApp(...).inject()`;
 * serve.ts puts it behind a listener.
 *
 * Order matters: the error handler, the access guard (whose registration
 * check refuses any route without a policy entry) and the OpenAPI generator
 * are installed before the first route.
 */
import { registerWebApp } from './static.js';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { KnowledgeBase } from '../kb/model.js';
import type { Store } from '../store/store.js';
import { installGuard } from './auth/guard.js';
import type { ServerDeps } from './deps.js';
import { installErrorHandler } from './errors.js';
import { registerOpenApi } from './openapi.js';
import { resolveOptions } from './options.js';
import type { ServerOptions } from './options.js';
import { actionsRoutes } from './routes/actions/handler.js';
import { assessmentsRoutes } from './routes/assessments/handler.js';
import { auditRoutes } from './routes/audit/handler.js';
import { commentsRoutes } from './routes/comments/handler.js';
import { documentsRoutes } from './routes/documents/handler.js';
import { evidenceRoutes } from './routes/evidence/handler.js';
import { healthRoutes } from './routes/health/handler.js';
import { itemsRoutes } from './routes/items/handler.js';
import { kbRoutes } from './routes/kb/handler.js';
import { openApiRoutes } from './routes/openapi/handler.js';
import { reportsRoutes } from './routes/reports/handler.js';
import { sessionRoutes } from './routes/session/handler.js';
import { setupRoutes } from './routes/setup/handler.js';
import { signaturesRoutes } from './routes/signatures/handler.js';
import { usersRoutes } from './routes/users/handler.js';

/** What `buildApp` needs. The store must be migrated. */
export interface BuildAppInput {
  store: Store;
  kb: KnowledgeBase;
  options: ServerOptions & {
    /** Folder of the built web app to serve at `/` (skipped when absent). */
    webRoot?: string;
    /** Certificate and key (PEM) to serve HTTPS; set `tls` too. */
    https?: { cert: Buffer; key: Buffer };
  };
}

/** One registered route (HEAD twins of GET routes left out). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, for the policy test and the docs. */
    qmsrRoutes: RegisteredRoute[];
  }
}

/** The web app's pages: its own scripts and styles only (inline styles allowed for charts), no framing. */
const WEB_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const ROUTES = [
  healthRoutes,
  openApiRoutes,
  setupRoutes,
  sessionRoutes,
  usersRoutes,
  kbRoutes,
  assessmentsRoutes,
  itemsRoutes,
  evidenceRoutes,
  actionsRoutes,
  commentsRoutes,
  documentsRoutes,
  reportsRoutes,
  signaturesRoutes,
  auditRoutes,
];

/** Build the API (not yet listening). */
export async function buildApp(input: BuildAppInput): Promise<FastifyInstance> {
  const options = resolveOptions(input.options);
  const deps: ServerDeps = { store: input.store, kb: input.kb, options };
  const app = Fastify({
    ...(input.options.https ? { https: input.options.https } : {}),
    logger: options.logger,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    // Unknown fields are refused rather than silently dropped (a mistyped "reason" must not vanish).
    ajv: { customOptions: { removeAdditional: false } },
  });
  // Only JSON (and multipart for uploads): a cross-site form cannot send either without a CORS preflight.
  app.removeContentTypeParser('text/plain');
  const routes: RegisteredRoute[] = [];
  app.decorate('qmsrRoutes', routes);
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  installErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: options.uploads.maxFileBytes, files: options.uploads.maxFiles, fields: 10, fieldSize: 10_000, parts: options.uploads.maxFiles + 10 },
  });
  installGuard(app, input.store, options);
  await registerOpenApi(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (options.tls) reply.header('strict-transport-security', 'max-age=31536000');
    if (request.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
      if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    } else {
      reply.header('content-security-policy', WEB_CSP);
    }
  });
  for (const register of ROUTES) register(app, deps);
  // The web app (static files, index.html for its page paths, cache and CSP headers); without one, a plain 404.
  const web = await registerWebApp(app, input.options.webRoot);
  if (!web) {
    app.setNotFoundHandler(async (request, reply) =>
      reply.code(404).send({ error: 'not-found', message: `There is no ${request.method} ${request.url.split('?')[0]}.` }),
    );
  }
  await app.ready();
  return app;
}
