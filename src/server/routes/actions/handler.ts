/** Remediation actions: list, add, change (version-checked like items). */
import type { FastifyInstance } from 'fastify';
import { addAction, getAction, listActions, updateAction } from '../../../assessment/service.js';
import type { ActionChanges, NewActionInput } from '../../../assessment/service.js';
import { actorOf } from '../../audit-events.js';
import type { ServerDeps } from '../../deps.js';
import { badRequest, notFound } from '../../errors.js';
import { assessmentParams } from '../common.js';
import { actionParams, actionsQuery, createActionBody, schemas, updateActionBody } from './schema.js';

/** Register the action routes. */
export function actionsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;

  app.get('/api/assessments/:id/actions', { schema: schemas.list }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    const q = actionsQuery.parse(request.query);
    return { actions: await listActions(store, id, q) };
  });

  app.post('/api/assessments/:id/actions', { schema: schemas.create }, async (request, reply) => {
    const { id } = assessmentParams.parse(request.params);
    const { reason, ...input } = createActionBody.parse(request.body);
    const action = await addAction(store, id, input as NewActionInput, { actor: actorOf(request.session!.user), reason });
    return reply.code(201).send(action);
  });

  app.patch('/api/assessments/:id/actions/:actionId', { schema: schemas.update }, async (request) => {
    const { id, actionId } = actionParams.parse(request.params);
    const { version, reason, ...changes } = updateActionBody.parse(request.body);
    if (Object.keys(changes).length === 0) throw badRequest('Nothing to change: give title, owner, dueDate or status.');
    const current = await getAction(store, actionId).catch(() => undefined);
    if (!current || current.assessmentId !== id) throw notFound(`Assessment ${id} has no action ${actionId}.`);
    return updateAction(store, actionId, changes as ActionChanges, { actor: actorOf(request.session!.user), reason, expectedVersion: version });
  });
}
