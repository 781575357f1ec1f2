/**
 * Checklist items of an assessment: list with filters, one with everything
 * recorded about it, and changes with an optimistic version check (a stale
 * version answers 409 naming who changed the item and when).
 *
 * The two reads are the workspace's hottest routes: their serialised answers
 * are kept in a read cache (../read-cache.ts) and reused until the database
 * changes.
 */
import type { FastifyInstance } from 'fastify';
import { getItem, listItems, updateItem } from '../../../assessment/service.js';
import type { ItemChanges } from '../../../assessment/service.js';
import { actorOf } from '../../audit-events.js';
import type { ServerDeps } from '../../deps.js';
import { badRequest } from '../../errors.js';
import { assessmentParams, itemParams } from '../common.js';
import { ReadCache, sendAnswer } from '../read-cache.js';
import { itemsQuery, schemas, updateItemBody } from './schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The item routes' read cache (its counters show how often an answer was computed). */
    qmsrItemCache: ReadCache;
  }
}

/** Register the item routes. */
export function itemsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;
  const cache = new ReadCache();
  app.decorate('qmsrItemCache', cache);

  app.get('/api/assessments/:id/items', { schema: schemas.list }, async (request, reply) => {
    const { id } = assessmentParams.parse(request.params);
    const q = itemsQuery.parse(request.query);
    const key = JSON.stringify(['list', id, q.area, q.status, q.owner, q.fdaSpecific, q.applicable]);
    return sendAnswer(request, reply, await cache.get(key, request.readStamp, async () => reply.serialize({ items: await listItems(store, id, q) }) as string));
  });

  app.get('/api/assessments/:id/items/:itemId', { schema: schemas.get }, async (request, reply) => {
    const { id, itemId } = itemParams.parse(request.params);
    const key = JSON.stringify(['item', id, itemId]);
    return sendAnswer(request, reply, await cache.get(key, request.readStamp, async () => reply.serialize(await getItem(store, id, itemId)) as string));
  });

  app.patch('/api/assessments/:id/items/:itemId', { schema: schemas.update }, async (request) => {
    const { id, itemId } = itemParams.parse(request.params);
    const { version, reason, ...changes } = updateItemBody.parse(request.body);
    if (Object.keys(changes).length === 0) throw badRequest('Nothing to change: give status, owner, dueDate, notes, justification or priority.');
    return updateItem(store, id, itemId, changes as ItemChanges, { actor: actorOf(request.session!.user), reason, expectedVersion: version });
  });
}
