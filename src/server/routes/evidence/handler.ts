/** Evidence: list, attach by hand, accept or reject proposals (assessment service). */
import type { FastifyInstance } from 'fastify';
import { attachEvidence, decideEvidence, listEvidence } from '../../../assessment/service.js';
import { getEvidence } from '../../../assessment/evidence-service.js';
import { actorOf } from '../../audit-events.js';
import type { ServerDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { assessmentParams, itemParams } from '../common.js';
import { attachBody, decisionBody, evidenceParams, evidenceQuery, schemas } from './schema.js';

/** Register the evidence routes. */
export function evidenceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;

  app.get('/api/assessments/:id/evidence', { schema: schemas.list }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    return { evidence: await listEvidence(store, id, evidenceQuery.parse(request.query)) };
  });

  app.post('/api/assessments/:id/items/:itemId/evidence', { schema: schemas.attach }, async (request, reply) => {
    const { id, itemId } = itemParams.parse(request.params);
    const { reason, documentSha256, ...rest } = attachBody.parse(request.body);
    const evidence = await attachEvidence(
      store,
      id,
      { itemId, documentSha256: documentSha256.toLowerCase(), ...rest },
      { actor: actorOf(request.session!.user), reason: reason ?? null },
    );
    return reply.code(201).send(evidence);
  });

  app.post('/api/assessments/:id/evidence/:evidenceId/decision', { schema: schemas.decide }, async (request) => {
    const { id, evidenceId } = evidenceParams.parse(request.params);
    const body = decisionBody.parse(request.body);
    const current = await getEvidence(store, evidenceId).catch(() => undefined);
    if (!current || current.assessmentId !== id) throw notFound(`Assessment ${id} has no evidence ${evidenceId}.`);
    return decideEvidence(store, evidenceId, body.decision, {
      actor: actorOf(request.session!.user),
      reason: body.reason ?? null,
      ...(body.expectedState ? { expectedState: body.expectedState } : {}),
    });
  });
}
