/** Schemas of the comment route. */
import { z } from 'zod';
import { anyObject, errorResponses, toJsonSchema } from '../../json-schema.js';
import { itemParams } from '../common.js';

/** `POST …/items/:itemId/comments` body. */
export const commentBody = z
  .object({
    body: z.string().trim().min(1).max(20_000),
    reason: z.string().trim().min(1).max(4000).optional().describe('optional context for the audit trail'),
  })
  .strict();

/** Fastify schema of the comment route. */
export const commentSchema = {
  summary: 'Comment on an item (comments are audit events: never edited or deleted)',
  tags: ['comments'],
  params: toJsonSchema(itemParams),
  body: toJsonSchema(commentBody),
  response: { 201: anyObject, ...errorResponses },
};
