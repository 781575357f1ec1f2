/** Schemas of the assessment routes. */
import { z } from 'zod';
import { anyObject, errorResponses, toJsonSchema } from '../../json-schema.js';
import { assessmentParams } from '../common.js';

/** `POST /api/assessments` body. */
export const createAssessmentBody = z
  .object({
    name: z.string().trim().min(1).max(300),
    profile: z.record(z.string(), z.unknown()).describe('the organisation profile (the `qmsr checklist --profile` JSON)'),
  })
  .strict();

/** Fastify schemas of the assessment routes. */
export const schemas = {
  list: {
    summary: 'Every assessment, newest first, with item counts',
    tags: ['assessments'],
    response: { 200: { type: 'object', properties: { assessments: { type: 'array', items: anyObject } }, required: ['assessments'] } },
  },
  create: {
    summary: 'Create an assessment from an organisation profile (builds its checklist)',
    tags: ['assessments'],
    body: toJsonSchema(createAssessmentBody),
    response: { 201: anyObject, ...errorResponses },
  },
  get: {
    summary: 'One assessment with its summary (counts, heat maps, evidence coverage, actions)',
    tags: ['assessments'],
    params: toJsonSchema(assessmentParams),
    response: { 200: anyObject, ...errorResponses },
  },
};
