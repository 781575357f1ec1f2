/** Schemas of the audit-trail routes. */
import { z } from 'zod';
import { anyObject, errorResponses, toJsonSchema } from '../../json-schema.js';

/** `GET /api/audit` filters. */
export const auditQuery = z
  .object({
    assessmentId: z.string().max(200).optional(),
    itemId: z.string().max(200).optional(),
    entity: z.string().max(100).optional().describe('assessment, item, evidence, action, comment, document, scan, signature, user, session'),
    entityId: z.string().max(200).optional(),
    action: z.string().max(100).optional(),
    afterSeq: z.number().int().min(0).optional().describe('for paging: events after this seq'),
    limit: z.number().int().min(1).max(5000).optional().describe('default 500'),
  })
  .strict();

/** `GET /api/audit/export` query. */
export const exportQuery = z.object({ format: z.enum(['csv']).default('csv') }).strict();

/** Fastify schemas of the audit routes. */
export const schemas = {
  list: {
    summary: 'Audit events in chain order (who, when, what, old and new value, why), filtered and paged',
    tags: ['audit'],
    querystring: toJsonSchema(auditQuery),
    response: { 200: { type: 'object', properties: { events: { type: 'array', items: anyObject } }, required: ['events'] }, ...errorResponses },
  },
  verify: {
    summary: 'Verify the whole hash chain; names the first event that does not verify',
    tags: ['audit'],
    response: { 200: anyObject, ...errorResponses },
  },
  export: {
    summary: 'The whole audit trail as CSV',
    tags: ['audit'],
    querystring: toJsonSchema(exportQuery),
  },
};
