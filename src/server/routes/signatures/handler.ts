/**
 * Electronic signatures: the manifest of an assessment, signing the
 * assessment or one of its reports (password again, see signatures/sign.ts),
 * and the exact content a signature signed.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { renderReport } from '../../reports.js';
import { signatureManifest } from '../../signatures/manifest.js';
import { sign } from '../../signatures/sign.js';
import { assessmentParams } from '../common.js';
import { reportSignParams, schemas, signatureParams, signBody } from './schema.js';

/** Register the signature routes. */
export function signaturesRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;

  app.get('/api/assessments/:id/signatures', { schema: schemas.manifest }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    return signatureManifest(store, id);
  });

  app.post('/api/assessments/:id/signatures', { schema: schemas.signAssessment }, async (request, reply) => {
    const { id } = assessmentParams.parse(request.params);
    const body = signBody.parse(request.body);
    const signature = await sign(deps, request, request.session!, { assessmentId: id, ...body });
    return reply.code(201).send(signature);
  });

  app.post('/api/assessments/:id/reports/:format/signatures', { schema: schemas.signReport }, async (request, reply) => {
    const { id, format } = reportSignParams.parse(request.params);
    const body = signBody.parse(request.body);
    const signature = await sign(deps, request, request.session!, {
      assessmentId: id,
      ...body,
      report: { format, render: async () => renderReport(deps, id, format) },
    });
    return reply.code(201).send(signature);
  });

  app.get('/api/signatures/:id/content', { schema: schemas.content }, async (request, reply) => {
    const { id } = signatureParams.parse(request.params);
    const row = await store.db
      .selectFrom('signatures')
      .select(['content', 'content_type', 'subject_type', 'report_format', 'assessment_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound(`There is no signature ${id}.`);
    const ext = row.subject_type === 'report' ? (row.report_format ?? 'bin') : 'json';
    return reply
      .type(row.content_type)
      .header('content-disposition', `attachment; filename="signed-${row.subject_type}-${id}.${ext}"`)
      .send(row.content);
  });
}
