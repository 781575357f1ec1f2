/**
 * The audit trail for people outside the tool: CSV (every column, including
 * both hashes, so the chain can be re-verified elsewhere) and PDF (a printed
 * table with the verification result on top).
 */
import { stringify } from 'csv-stringify/sync';
import type { AuditEvent, AuditVerification } from '../assessment/audit.js';
import { guardCell } from '../reporters/csv.js';
import { html } from '../reporters/html-escape.js';
import { htmlToPdf } from './pdf.js';

/** CSV columns, in order. */
export const AUDIT_CSV_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'action',
  'entity',
  'entity_id',
  'assessment_id',
  'item_id',
  'field',
  'old_value',
  'new_value',
  'reason',
  'prev_hash',
  'hash',
] as const;

/** The events as CSV: UTF-8 with BOM, CRLF, formula-like cells neutralised. */
export function auditCsv(events: readonly AuditEvent[]): string {
  const t = (v: string | null): string => guardCell(v ?? '');
  const rows = events.map((e) => [
    String(e.seq),
    e.at,
    t(e.actorId),
    t(e.actorName),
    t(e.action),
    t(e.entity),
    t(e.entityId),
    t(e.assessmentId),
    t(e.itemId),
    t(e.field),
    t(e.oldValue),
    t(e.newValue),
    t(e.reason),
    e.prevHash,
    e.hash,
  ]);
  return `\ufeff${stringify([[...AUDIT_CSV_COLUMNS], ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })}`;
}

/** What the PDF says about where the events came from. */
export interface AuditPdfContext {
  verification: AuditVerification;
  generatedAt: string;
  toolVersion: string;
  /** The database, as shown to people (no password). */
  source: string;
  /** E.g. "all assessments" or the assessment's name. */
  scope: string;
}

/** Ligatures off: with some fonts "fi" is drawn as one glyph and a search of the PDF for "verified" fails. */
const STYLE = `body{font:8pt/1.35 Helvetica,Arial,sans-serif;color:#1b1f24;font-variant-ligatures:none}h1{font-size:14pt;margin:0 0 4pt}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:2pt 3pt;text-align:left;vertical-align:top;word-break:break-word}
thead{display:table-header-group}thead th{background:#f6f8fa}tr{break-inside:avoid}.h{font-family:monospace;font-size:6.5pt;word-break:break-all}
.ok{color:#1a7f37;font-weight:700}.bad{color:#c62828;font-weight:700}`;

/** The events as a printed PDF. */
export async function auditPdf(events: readonly AuditEvent[], ctx: AuditPdfContext): Promise<Buffer> {
  const v = ctx.verification;
  const verdict = v.ok
    ? `<span class="ok">Chain verified</span>: ${v.count} events${v.head ? `, head seq ${v.head.seq}, hash <span class="h">${v.head.hash}</span>` : ''}.`
    : `<span class="bad">Chain broken at event ${v.firstBadSeq ?? '?'}</span>: ${html(v.reason ?? '')}`;
  const rows = events.map(
    (e) =>
      `<tr><td>${e.seq}</td><td>${html(e.at)}</td><td>${html(e.actorName)}<br><span class="h">${html(e.actorId)}</span></td><td>${html(e.action)}</td><td>${html(e.itemId ?? e.entityId)}</td><td>${html(e.field ?? '')}</td><td>${html(e.oldValue ?? '')}</td><td>${html(e.newValue ?? '')}</td><td>${html(e.reason ?? '')}</td><td class="h">${html(e.hash)}</td></tr>`,
  );
  const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>qmsr audit trail</title><style>${STYLE}</style></head><body>
<h1>Audit trail</h1>
<p>${html(ctx.scope)} · ${html(ctx.source)} · generated ${html(ctx.generatedAt)} by qmsr ${html(ctx.toolVersion)}</p>
<p>${verdict}</p>
<table><thead><tr><th>Seq</th><th>When (UTC)</th><th>Who</th><th>Action</th><th>Record</th><th>Field</th><th>Old value</th><th>New value</th><th>Reason</th><th>Hash</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>`;
  return htmlToPdf(page, { title: `qmsr audit trail — ${ctx.scope}`, footer: `Generated ${ctx.generatedAt} · qmsr ${ctx.toolVersion}`, landscape: true });
}
