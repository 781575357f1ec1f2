/**
 * `GET /api/openapi.json` (the generated OpenAPI document) and `GET /api/docs`
 * (a minimal, script-free HTML listing of the same operations).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../deps.js';
import { docsSchema, openApiSchema } from './schema.js';

/** Register the API-description routes. */
export function openApiRoutes(app: FastifyInstance, _deps: ServerDeps): void {
  app.get('/api/openapi.json', { schema: { ...openApiSchema, hide: true } }, async () => app.swagger());

  app.get('/api/docs', { schema: { ...docsSchema, hide: true } }, async (_request, reply) => {
    const doc = app.swagger() as unknown as ApiDocument;
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(docsPage(doc));
  });
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The parts of the OpenAPI document the page shows. */
interface ApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], { summary?: string; description?: string }>> | undefined>;
}

function docsPage(doc: ApiDocument): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item?.[m];
      if (!op) continue;
      const access = /Access: (.*)\.$/m.exec(op.description ?? '')?.[1] ?? '';
      rows.push(`<tr><td><code>${m.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary ?? '')}</td><td>${esc(access)}</td></tr>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:72rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}code{font-size:13px}</style>
</head><body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Who may call it</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
