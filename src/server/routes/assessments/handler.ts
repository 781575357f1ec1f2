/** Assessments: list, create from a profile, and one with its summary and heat maps (assessment service). */
import type { FastifyInstance } from 'fastify';
import { parseProfile } from '../../../assessment/profile.js';
import { createAssessment, getAssessment, listAssessments, summary } from '../../../assessment/service.js';
import { actorOf } from '../../audit-events.js';
import type { ServerDeps } from '../../deps.js';
import { assessmentParams } from '../common.js';
import { createAssessmentBody, schemas } from './schema.js';

/** Register the assessment routes. */
export function assessmentsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store, kb } = deps;

  app.get('/api/assessments', { schema: schemas.list }, async () => ({ assessments: await listAssessments(store) }));

  app.post('/api/assessments', { schema: schemas.create }, async (request, reply) => {
    const body = createAssessmentBody.parse(request.body);
    const profile = parseProfile(body.profile, 'profile');
    const created = await createAssessment(store, { name: body.name, profile, actor: actorOf(request.session!.user), kb });
    return reply.code(201).send(created);
  });

  app.get('/api/assessments/:id', { schema: schemas.get }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    const assessment = await getAssessment(store, id);
    return { assessment, summary: await summary(store, id, { kb }) };
  });
}
