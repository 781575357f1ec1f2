/** Schemas of the electronic-signature routes. */
import { z } from 'zod';
import { SIGNATURE_MEANINGS } from '../../../store/schema.js';
import { errorResponses, errorSchema, toJsonSchema } from '../../json-schema.js';
import { assessmentParams, idString } from '../common.js';

/** A signature in the manifest. */
export const signatureView = z.object({
  id: z.string(),
  assessmentId: z.string(),
  subjectType: z.enum(['assessment', 'report']),
  reportFormat: z.string().nullable(),
  userId: z.string(),
  username: z.string(),
  printedName: z.string().describe('the signer’s full name at signing time'),
  meaning: z.enum(SIGNATURE_MEANINGS),
  signedAt: z.string().describe('UTC, ISO 8601'),
  comment: z.string().nullable(),
  subjectSha256: z.string().describe('SHA-256 of exactly what was signed'),
  stateSha256: z.string().describe('SHA-256 of the canonical assessment state when signed'),
  assessmentVersion: z.number().int(),
  contentType: z.string(),
  status: z.enum(['valid', 'subject-changed']),
  statusText: z.string(),
});

/** `POST …/signatures` body. */
export const signBody = z
  .object({
    password: z.string().min(1).max(1024).describe('your password again: a signature needs re-authentication'),
    username: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('your username: required for your first signature since you signed in (400 username-required without it), optional after'),
    meaning: z.enum(SIGNATURE_MEANINGS),
    comment: z.string().trim().min(1).max(4000).optional(),
    expectedStateSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .describe('currentStateSha256 from GET …/signatures when you reviewed it: 409 if the assessment changed since'),
  })
  .strict();

/** `:id` and `:format` of a report signature. */
export const reportSignParams = z.object({ id: idString, format: z.enum(['xlsx', 'pdf', 'html', 'md', 'csv', 'json']) });

/** `:id` of a signature. */
export const signatureParams = z.object({ id: idString });

const created = { 201: toJsonSchema(signatureView), ...errorResponses, 409: errorResponses[400], 429: toJsonSchema(errorSchema) };

/** Fastify schemas of the signature routes. */
export const schemas = {
  manifest: {
    summary: 'The signature manifest of an assessment, each signature checked against the assessment as it is now',
    tags: ['signatures'],
    params: toJsonSchema(assessmentParams),
    response: {
      200: toJsonSchema(z.object({ assessmentId: z.string(), currentStateSha256: z.string(), signatures: z.array(signatureView) })),
      ...errorResponses,
    },
  },
  signAssessment: {
    summary: 'Sign the assessment (re-enter your password): printed name, meaning, UTC time and SHA-256 of its canonical state',
    tags: ['signatures'],
    params: toJsonSchema(assessmentParams),
    body: toJsonSchema(signBody),
    response: created,
  },
  signReport: {
    summary: 'Sign a report of the assessment as generated now (re-enter your password); the signed bytes are kept',
    tags: ['signatures'],
    params: toJsonSchema(reportSignParams),
    body: toJsonSchema(signBody),
    response: created,
  },
  content: {
    summary: 'Exactly what a signature signed (the canonical JSON or the report file)',
    tags: ['signatures'],
    params: toJsonSchema(signatureParams),
  },
};
