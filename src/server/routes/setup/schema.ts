/** Schemas of the first-run setup routes. */
import { z } from 'zod';
import { errorResponses, toJsonSchema } from '../../json-schema.js';
import { sessionReply } from '../session/schema.js';

/** `GET /api/setup` answer. */
export const setupStatus = z.object({ needsSetup: z.boolean().describe('true until the first administrator exists') });

/** `POST /api/setup` body: the first administrator. */
export const setupBody = z
  .object({
    username: z.string().min(2).max(64),
    fullName: z.string().min(1).max(200).describe('printed with this person’s electronic signatures'),
    password: z.string().min(1).max(256),
  })
  .strict();
/** `POST /api/setup` body. */
export type SetupBody = z.infer<typeof setupBody>;

/** Fastify schema of `GET /api/setup`. */
export const getSetupSchema = {
  summary: 'Whether the workspace still needs its first administrator',
  tags: ['setup'],
  response: { 200: toJsonSchema(setupStatus) },
};

/** Fastify schema of `POST /api/setup`. */
export const postSetupSchema = {
  summary: 'Create the first administrator (only while there are no users) and sign them in',
  tags: ['setup'],
  body: toJsonSchema(setupBody),
  response: { 201: toJsonSchema(sessionReply), 400: errorResponses[400], 409: errorResponses[400] },
};
