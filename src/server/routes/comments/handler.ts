/** Comments on items: added through the assessment service, which records each as an audit event. */
import type { FastifyInstance } from 'fastify';
import { addComment } from '../../../assessment/service.js';
import { actorOf } from '../../audit-events.js';
import type { ServerDeps } from '../../deps.js';
import { itemParams } from '../common.js';
import { commentBody, commentSchema } from './schema.js';

/** Register the comment route. */
export function commentsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post('/api/assessments/:id/items/:itemId/comments', { schema: commentSchema }, async (request, reply) => {
    const { id, itemId } = itemParams.parse(request.params);
    const body = commentBody.parse(request.body);
    const comment = await addComment(deps.store, id, itemId, body.body, { actor: actorOf(request.session!.user), reason: body.reason ?? null });
    return reply.code(201).send(comment);
  });
}
