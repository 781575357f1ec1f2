/**
 * The audit trail (src/assessment/audit.ts): list and page events, verify the
 * hash chain, export as CSV (the reports module's export). Read-only: nothing in the API can change an event.
 */
import type { FastifyInstance } from 'fastify';
import { listAuditEvents, verifyAuditChain } from '../../../assessment/audit.js';
import { auditCsv } from '../../../reports/index.js';
import type { ServerDeps } from '../../deps.js';
import { auditQuery, exportQuery, schemas } from './schema.js';

/** Register the audit routes. */
export function auditRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;

  app.get('/api/audit', { schema: schemas.list }, async (request) => {
    const q = auditQuery.parse(request.query);
    return { events: await listAuditEvents(store.db, { ...q, limit: q.limit ?? 500 }) };
  });

  app.get('/api/audit/verify', { schema: schemas.verify }, async () => verifyAuditChain(store));

  app.get('/api/audit/export', { schema: schemas.export }, async (request, reply) => {
    exportQuery.parse(request.query);
    const csv = auditCsv(await listAuditEvents(store.db));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="qmsr-audit-${stamp}.csv"`).send(csv);
  });
}
