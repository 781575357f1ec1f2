/** Schemas of the document routes. */
import { z } from 'zod';
import { anyObject, errorResponses, toJsonSchema } from '../../json-schema.js';
import { assessmentParams } from '../common.js';

/** `?path=` of one document. */
export const documentQuery = z.object({ path: z.string().min(1).max(4000).describe('the document path, as listed') }).strict();

/** `POST …/folders` body. */
export const folderBody = z
  .object({
    path: z.string().min(1).max(4000).describe('absolute path of a folder on the server'),
    reason: z.string().trim().min(1).max(4000),
  })
  .strict();

/** `POST …/scan` body. */
export const scanBody = z.object({ reason: z.string().trim().min(1).max(4000).optional() }).strict();

const params = toJsonSchema(assessmentParams);

/** Fastify schemas of the document routes. */
export const schemas = {
  list: {
    summary: 'Documents of an assessment (the last scanned version of each)',
    tags: ['documents'],
    params,
    response: { 200: { type: 'object', properties: { documents: { type: 'array', items: anyObject } }, required: ['documents'] }, ...errorResponses },
  },
  upload: {
    summary: 'Upload documents (multipart/form-data; supported types only; size-limited); an optional "reason" field is audited',
    tags: ['documents'],
    params,
    consumes: ['multipart/form-data'],
    response: { 201: anyObject, ...errorResponses, 413: errorResponses[400] },
  },
  folders: {
    summary: 'Folders on the server registered as document sources',
    tags: ['documents'],
    params,
    response: { 200: anyObject, ...errorResponses },
  },
  registerFolder: {
    summary: 'Register a folder on the server as a document source (administrators)',
    tags: ['documents'],
    params,
    body: toJsonSchema(folderBody),
    response: { 201: anyObject, ...errorResponses },
  },
  scan: {
    summary: 'Scan every document of the assessment and propose evidence (proposals stay proposed until someone decides)',
    tags: ['documents'],
    params,
    body: toJsonSchema(scanBody),
    response: { 200: anyObject, ...errorResponses },
  },
  findings: {
    summary: 'The findings of one document’s last scan, with context and suggested replacements',
    tags: ['documents'],
    params,
    querystring: toJsonSchema(documentQuery),
    response: { 200: anyObject, ...errorResponses },
  },
  redline: {
    summary: 'The redlined copy of one document (Word tracked changes and comments; corrected copy for text; suggestions otherwise)',
    tags: ['documents'],
    params,
    querystring: toJsonSchema(documentQuery),
  },
};
