/** Schemas of the health route. */
import { z } from 'zod';
import { toJsonSchema } from '../../json-schema.js';

/** `GET /api/health` answer. */
export const healthReply = z.object({ status: z.literal('ok') });

/** Fastify schema of `GET /api/health`. */
export const healthSchema = {
  summary: 'Liveness: answers once the server is ready',
  tags: ['health'],
  response: { 200: toJsonSchema(healthReply) },
};
