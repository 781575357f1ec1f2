/**
 * Route schemas are written once, in zod, and turned into JSON Schema for
 * fastify: its validator checks requests with them and @fastify/swagger
 * publishes them in the OpenAPI document. Handlers parse again with the zod
 * schema to get typed (and trimmed or lower-cased) values.
 */
import { z } from 'zod';

/** JSON Schema (draft-07, the request side) of a zod schema. */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** The body of every error reply. */
export const errorSchema = z
  .object({ error: z.string().describe('stable code, e.g. unauthorized, forbidden, csrf, conflict, locked'), message: z.string() })
  .loose();

/** Any JSON object (responses whose fields come from the assessment service). */
export const anyObject = { type: 'object', additionalProperties: true } as const;

/** Error responses most routes can give. */
export const errorResponses = {
  400: toJsonSchema(errorSchema),
  401: toJsonSchema(errorSchema),
  403: toJsonSchema(errorSchema),
  404: toJsonSchema(errorSchema),
};
