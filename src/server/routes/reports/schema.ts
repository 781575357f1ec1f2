/** Schemas of the report route. */
import { z } from 'zod';
import { errorResponses, toJsonSchema } from '../../json-schema.js';
import { idString } from '../common.js';

/** The report formats. */
export const REPORT_FORMATS = ['xlsx', 'pdf', 'html', 'md', 'csv', 'json'] as const;

/** `:id` and `:format`. */
export const reportParams = z.object({ id: idString, format: z.enum(REPORT_FORMATS) });

/** Fastify schema of the report route. */
export const reportSchema = {
  summary: 'The assessment report in one format (xlsx, pdf, html, md, csv, json), with the signature manifest',
  tags: ['reports'],
  params: toJsonSchema(reportParams),
  response: { ...errorResponses },
};
