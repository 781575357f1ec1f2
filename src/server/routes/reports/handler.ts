/** `GET /api/assessments/:id/reports/:format`: the report, rendered by src/reports with the signature manifest. */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../deps.js';
import { renderReport } from '../../reports.js';
import { reportParams, reportSchema } from './schema.js';

/** Register the report route. */
export function reportsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get('/api/assessments/:id/reports/:format', { schema: reportSchema }, async (request, reply) => {
    const { id, format } = reportParams.parse(request.params);
    const report = await renderReport(deps, id, format);
    const disposition = format === 'html' ? 'inline' : 'attachment';
    return reply.type(report.contentType).header('content-disposition', `${disposition}; filename="${report.filename}"`).send(report.bytes);
  });
}
