/**
 * Checklist items of an assessment: list with filters, one with everything
 * recorded about it, and changes with an optimistic version check (a stale
 * version answers 409 naming who changed the item and when).
 */
import type { FastifyInstance } from 'fastify';
import { getItem, listItems, updateItem } from '../../../assessment/service.js';
import type { ItemChanges } from '../../../assessment/service.js';
import { actorOf } from '../../audit-events.js';
import type { ServerDeps } from '../../deps.js';
import { badRequest } from '../../errors.js';
import { assessmentParams, itemParams } from '../common.js';
import { itemsQuery, schemas, updateItemBody } from './schema.js';

/** Register the item routes. */
export function itemsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;

  app.get('/api/assessments/:id/items', { schema: schemas.list }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    const q = itemsQuery.parse(request.query);
    return { items: await listItems(store, id, q) };
  });

  app.get('/api/assessments/:id/items/:itemId', { schema: schemas.get }, async (request) => {
    const { id, itemId } = itemParams.parse(request.params);
    return getItem(store, id, itemId);
  });

  app.patch('/api/assessments/:id/items/:itemId', { schema: schemas.update }, async (request) => {
    const { id, itemId } = itemParams.parse(request.params);
    const { version, reason, ...changes } = updateItemBody.parse(request.body);
    if (Object.keys(changes).length === 0) throw badRequest('Nothing to change: give status, owner, dueDate, notes, justification or priority.');
    return updateItem(store, id, itemId, changes as ItemChanges, { actor: actorOf(request.session!.user), reason, expectedVersion: version });
  });
}
