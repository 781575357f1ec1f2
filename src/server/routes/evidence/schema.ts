/** Schemas of the evidence routes. */
import { z } from 'zod';
import { EVIDENCE_STATES } from '../../../store/schema.js';
import { anyObject, errorResponses, toJsonSchema } from '../../json-schema.js';
import { assessmentParams, idString, itemParams } from '../common.js';

/** `:id` and `:evidenceId`. */
export const evidenceParams = z.object({ id: idString, evidenceId: idString });

/** `GET …/evidence` filters. */
export const evidenceQuery = z.object({ itemId: z.string().max(200).optional(), state: z.enum(EVIDENCE_STATES).optional() }).strict();

/** `POST …/items/:itemId/evidence` body: evidence a person attaches (accepted at once). */
export const attachBody = z
  .object({
    documentPath: z.string().trim().min(1).max(2000),
    documentSha256: z.string().regex(/^[0-9a-fA-F]{64}$/).describe('SHA-256 of the document version you looked at'),
    location: z.record(z.string(), z.unknown()).optional().describe('where in the document, e.g. {"page": 3}'),
    excerpt: z.string().max(20_000).nullable().optional(),
    note: z.string().max(4000).nullable().optional().describe('why this supports the item'),
    reason: z.string().trim().min(1).max(4000).optional(),
  })
  .strict();

/** `POST …/evidence/:evidenceId/decision` body. */
export const decisionBody = z
  .object({
    decision: z.enum(['accepted', 'rejected']),
    reason: z.string().trim().min(1).max(4000).optional().describe('required to reverse an earlier decision'),
    expectedState: z.enum(EVIDENCE_STATES).optional().describe('the state you saw: 409 if someone decided in the meantime'),
  })
  .strict();

/** Fastify schemas of the evidence routes. */
export const schemas = {
  list: {
    summary: 'Evidence of an assessment (optionally of one item or state)',
    tags: ['evidence'],
    params: toJsonSchema(assessmentParams),
    querystring: toJsonSchema(evidenceQuery),
    response: { 200: { type: 'object', properties: { evidence: { type: 'array', items: anyObject } }, required: ['evidence'] }, ...errorResponses },
  },
  attach: {
    summary: 'Attach evidence by hand (accepted at once)',
    tags: ['evidence'],
    params: toJsonSchema(itemParams),
    body: toJsonSchema(attachBody),
    response: { 201: anyObject, ...errorResponses },
  },
  decide: {
    summary: 'Accept or reject proposed evidence',
    tags: ['evidence'],
    params: toJsonSchema(evidenceParams),
    body: toJsonSchema(decisionBody),
    response: { 200: anyObject, ...errorResponses, 409: errorResponses[400] },
  },
};
