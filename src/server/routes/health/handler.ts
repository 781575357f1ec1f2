/** `GET /api/health`: 200 `{"status":"ok"}` once the server is ready (public; used by the CLI contract and load balancers). */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../deps.js';
import { healthSchema } from './schema.js';

/** Register the health route. */
export function healthRoutes(app: FastifyInstance, _deps: ServerDeps): void {
  app.get('/api/health', { schema: healthSchema }, async () => ({ status: 'ok' as const }));
}
