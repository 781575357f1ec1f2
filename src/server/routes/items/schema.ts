/** Schemas of the checklist-item routes. */
import { z } from 'zod';
import { ITEM_STATUSES, PRIORITIES } from '../../../store/schema.js';
import { anyObject, errorResponses, toJsonSchema } from '../../json-schema.js';
import { assessmentParams, dateOrNull, itemParams, reason, textOrNull, version } from '../common.js';

/** `GET …/items` filters (all must match). */
export const itemsQuery = z
  .object({
    area: z.string().max(200).optional().describe('CP 7382.850 inspection area id, e.g. area.design-and-development'),
    status: z.enum(ITEM_STATUSES).optional(),
    owner: z.string().max(200).optional(),
    fdaSpecific: z.boolean().optional().describe('true: only requirements beyond ISO 13485'),
    applicable: z.boolean().optional(),
  })
  .strict();

/** `PATCH …/items/:itemId` body. */
export const updateItemBody = z
  .object({
    version,
    reason,
    status: z.enum(ITEM_STATUSES).optional(),
    owner: textOrNull.optional(),
    dueDate: dateOrNull.optional(),
    notes: textOrNull.optional(),
    justification: textOrNull.optional().describe('required (now or already recorded) for not-applicable'),
    priority: z.enum(PRIORITIES).optional(),
  })
  .strict();

/** Fastify schemas of the item routes. */
export const schemas = {
  list: {
    summary: 'The items of an assessment in checklist order, filtered by area, status, owner, FDA-specific, applicable',
    tags: ['items'],
    params: toJsonSchema(assessmentParams),
    querystring: toJsonSchema(itemsQuery),
    response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } }, required: ['items'] }, ...errorResponses },
  },
  get: {
    summary: 'One item with its evidence, actions, history and comments',
    tags: ['items'],
    params: toJsonSchema(itemParams),
    response: { 200: anyObject, ...errorResponses },
  },
  update: {
    summary: 'Change an item (status, owner, due date, notes, justification, priority); 409 if it changed since you read it',
    tags: ['items'],
    params: toJsonSchema(itemParams),
    body: toJsonSchema(updateItemBody),
    response: { 200: anyObject, ...errorResponses, 409: errorResponses[400] },
  },
};
