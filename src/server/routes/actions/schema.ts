/** Schemas of the remediation-action routes. */
import { z } from 'zod';
import { ACTION_STATUSES } from '../../../store/schema.js';
import { anyObject, errorResponses, toJsonSchema } from '../../json-schema.js';
import { assessmentParams, dateOrNull, idString, reason, textOrNull, version } from '../common.js';

/** `:id` and `:actionId`. */
export const actionParams = z.object({ id: idString, actionId: idString });

/** `GET …/actions` filter. */
export const actionsQuery = z.object({ itemId: z.string().max(200).optional() }).strict();

/** `POST …/actions` body. */
export const createActionBody = z
  .object({
    itemId: z.union([z.string().min(1).max(200), z.null()]).optional().describe('the item the action closes; omit for an assessment-wide action'),
    title: z.string().trim().min(1).max(1000),
    owner: textOrNull.optional(),
    dueDate: dateOrNull.optional(),
    status: z.enum(ACTION_STATUSES).optional(),
    reason,
  })
  .strict();

/** `PATCH …/actions/:actionId` body. */
export const updateActionBody = z
  .object({
    version,
    reason,
    title: z.string().trim().min(1).max(1000).optional(),
    owner: textOrNull.optional(),
    dueDate: dateOrNull.optional(),
    status: z.enum(ACTION_STATUSES).optional(),
  })
  .strict();

/** Fastify schemas of the action routes. */
export const schemas = {
  list: {
    summary: 'Remediation actions of an assessment (optionally of one item)',
    tags: ['actions'],
    params: toJsonSchema(assessmentParams),
    querystring: toJsonSchema(actionsQuery),
    response: { 200: { type: 'object', properties: { actions: { type: 'array', items: anyObject } }, required: ['actions'] }, ...errorResponses },
  },
  create: {
    summary: 'Add a remediation action',
    tags: ['actions'],
    params: toJsonSchema(assessmentParams),
    body: toJsonSchema(createActionBody),
    response: { 201: anyObject, ...errorResponses },
  },
  update: {
    summary: 'Change an action; 409 if it changed since you read it',
    tags: ['actions'],
    params: toJsonSchema(actionParams),
    body: toJsonSchema(updateActionBody),
    response: { 200: anyObject, ...errorResponses, 409: errorResponses[400] },
  },
};
