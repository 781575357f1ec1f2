/** Schemas of the knowledge-base routes (read-only, any signed-in user). */
import { z } from 'zod';
import { anyObject, errorResponses, toJsonSchema } from '../../json-schema.js';

/** `GET /api/explain` query. */
export const explainQuery = z.object({
  q: z.string().min(1).max(200).describe('any way people write a Part 820 reference: 820.30(g), 21 CFR 820.198(e), Subpart M'),
  regulation: z.enum(['QSR', 'QMSR']).optional().describe('read the reference as the old or the new regulation'),
});

/** `GET /api/guide/:slug` parameters. */
export const guideParams = z.object({ slug: z.string().min(1).max(200).describe('slug, alias or QMSR section number') });

const guideSummary = z.object({
  slug: z.string(),
  title: z.string(),
  kind: z.enum(['section', 'topic']),
  sections: z.array(z.string()),
  aliases: z.array(z.string()),
  summary: z.string(),
});

/** Fastify schemas of the kb routes. */
export const schemas = {
  kb: {
    summary: 'Knowledge-base version, sizes and the guide’s table of contents',
    tags: ['kb'],
    response: {
      200: toJsonSchema(
        z.object({
          version: z.string(),
          date: z.string(),
          hash: z.string(),
          counts: z.record(z.string(), z.number()),
          guide: z.array(guideSummary),
        }),
      ),
    },
  },
  explain: {
    summary: 'Explain an old or current Part 820 reference (the `qmsr explain` JSON); 404 with suggestions when it cannot be placed',
    tags: ['kb'],
    querystring: toJsonSchema(explainQuery),
    response: { 200: anyObject, ...errorResponses },
  },
  crosswalk: {
    summary: 'The old-QSR to QMSR crosswalk (the `qmsr crosswalk` JSON)',
    tags: ['kb'],
    response: { 200: { type: 'object', properties: { entries: { type: 'array', items: anyObject } }, required: ['entries'] } },
  },
  guide: {
    summary: 'The plain-English guide pages',
    tags: ['kb'],
    response: { 200: toJsonSchema(z.object({ pages: z.array(guideSummary) })) },
  },
  guidePage: {
    summary: 'One guide page (Markdown body); 404 with the nearest topics',
    tags: ['kb'],
    params: toJsonSchema(guideParams),
    response: { 200: toJsonSchema(guideSummary.extend({ body: z.string() })), ...errorResponses },
  },
};
