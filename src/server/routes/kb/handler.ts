/**
 * The knowledge base over HTTP: the same answers as `qmsr explain`,
 * `qmsr crosswalk` and `qmsr guide`, from src/kb.
 */
import type { FastifyInstance } from 'fastify';
import { crosswalkRows } from '../../../kb/crosswalk.js';
import { explain } from '../../../kb/explain.js';
import { findGuidePage } from '../../../kb/guide.js';
import type { GuidePage } from '../../../kb/model.js';
import type { ServerDeps } from '../../deps.js';
import { HttpError } from '../../errors.js';
import { ReadCache, sendAnswer } from '../read-cache.js';
import { explainQuery, guideParams, schemas } from './schema.js';

/** Register the kb routes. */
export function kbRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { kb } = deps;
  const crosswalk = { entries: crosswalkRows(kb) };
  const pages = kb.guide.map(pageSummary);
  const about = {
    version: kb.version,
    date: kb.date,
    hash: kb.hash,
    counts: {
      qsrProvisions: kb.qsr.provisions.size,
      qmsrProvisions: kb.qmsr.provisions.size,
      isoClauses: kb.iso.size,
      crosswalkEntries: kb.crosswalk.size,
      terms: kb.terms.length,
      changes: kb.changes.length,
      guidePages: kb.guide.length,
    },
    guide: pages,
  };

  app.get('/api/kb', { schema: schemas.kb }, async () => about);

  // The knowledge base does not change while the server runs: an explanation is kept (one stamp, 0) until
  // the cache's size limit pushes it out. Unknown references (404) are not kept.
  const explanations = new ReadCache(4 * 1024 * 1024);
  app.get('/api/explain', { schema: schemas.explain }, async (request, reply) => {
    const q = explainQuery.parse(request.query);
    const body = await explanations.get(JSON.stringify([q.q, q.regulation]), 0, async () => {
      const outcome = explain(kb, q.q, q.regulation ? { regulation: q.regulation } : {});
      if (!outcome.ok) throw new HttpError(404, 'not-found', outcome.error, { suggestions: outcome.suggestions });
      return reply.serialize(outcome.explanation) as string;
    });
    return sendAnswer(request, reply, body);
  });

  app.get('/api/crosswalk', { schema: schemas.crosswalk }, async () => crosswalk);

  app.get('/api/guide', { schema: schemas.guide }, async () => ({ pages }));

  app.get('/api/guide/:slug', { schema: schemas.guidePage }, async (request) => {
    const { slug } = guideParams.parse(request.params);
    const found = findGuidePage(kb, slug);
    if (!found.ok) throw new HttpError(404, 'not-found', found.error, { suggestions: found.suggestions });
    return { ...pageSummary(found.page), body: found.page.body };
  });
}

function pageSummary(g: GuidePage) {
  return { slug: g.slug, title: g.title, kind: g.kind, sections: g.sections, aliases: g.aliases, summary: g.summary };
}
