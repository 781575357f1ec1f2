/**
 * The assessment report as one self-contained HTML page: provenance, summary,
 * charts (inline SVG), gap register, action tracker, uncovered items,
 * documents with their SHA-256 and findings, the full checklist and the
 * signatures. No script and no external resource: a Content-Security-Policy
 * allows only the one inline style sheet (by hash). Every piece of text from
 * people or documents is escaped. The same page, printed by Chromium, is the
 * PDF (pdf.ts); print rules in the style sheet handle page breaks.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, html } from '../reporters/html-escape.js';
import { ITEM_STATUSES } from '../store/index.js';
import type { ItemStatus } from '../store/index.js';
import type { ReportCharts } from './charts.js';
import { renderCharts } from './charts.js';
import { evidenceLabel, isOverdue, KIND_LABEL, locationLabel, provenance, STATUS_COLOUR, STATUS_LABEL } from './labels.js';
import type { ReportData, ReportItem } from './types.js';

const STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0 auto;max-width:80rem;padding:1.5rem;font:14px/1.45 Helvetica,Arial,sans-serif;color:var(--fg);background:#fff;font-variant-ligatures:none}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem;word-break:break-all}
.sub{color:var(--muted);margin:0 0 1rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0;font-size:.92em}dl.meta dt{font-weight:700}dl.meta dd{margin:0;word-break:break-all}
ul.cards{display:flex;flex-wrap:wrap;gap:.6rem;list-style:none;padding:0;margin:.5rem 0}
ul.cards li{border:1px solid var(--line);border-left-width:6px;border-radius:4px;padding:.35rem .7rem;min-width:8.5rem}
ul.cards .n{display:block;font-weight:700;font-size:1.35rem}
${ITEM_STATUSES.map((s) => `.st-${s}{border-left-color:#${STATUS_COLOUR[s]}!important}.badge.st-${s}{color:#${STATUS_COLOUR[s]}}`).join('\n')}
.badge{display:inline-block;border:1px solid currentColor;border-left-width:1px;border-radius:3px;padding:0 .3rem;font-weight:700;white-space:nowrap;font-size:.88em}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.9em}caption{text-align:left;color:var(--muted);padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}thead th{background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.hash{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.82em;word-break:break-all}
.muted{color:var(--muted)}.late{color:#c62828;font-weight:700}.warn{color:#8a4b00;font-weight:700}
.ex{font-style:italic;color:#333}
figure{margin:1rem 0;break-inside:avoid}figure svg{max-width:100%;height:auto}figcaption{color:var(--muted);font-size:.88em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:1rem}
ul.plain{margin:.3rem 0;padding-left:1.2rem}
.fail{border:2px solid #c62828;padding:.5rem;color:#c62828;font-weight:700}
@media print{
  @page{size:A4 landscape;margin:16mm 11mm 16mm 11mm}
  body{max-width:none;padding:0;font-size:9pt}
  h2,h3,caption{break-after:avoid}table{break-inside:auto}
  thead{display:table-header-group}tr{break-inside:avoid}
  .charts{display:block}
  section.page{break-before:page}
}
`;

/** The page's Content-Security-Policy: nothing but the inline style sheet. */
export const REPORT_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'none'; base-uri 'none'; form-action 'none'`;

/** The HTML report. Pass `charts` to reuse charts already rendered. */
export async function htmlReport(data: ReportData, charts?: ReportCharts): Promise<string> {
  const c = charts ?? (await renderCharts(data));
  const title = `QMSR gap assessment: ${data.assessment.organization} — ${data.assessment.name}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="qmsr ${escapeHtml(data.tool.version)}">`,
    `<title>${html(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>QMSR gap assessment</h1>`,
    `<p class="sub">${html(data.assessment.organization)} — ${html(data.assessment.name)}</p>`,
    `<dl class="meta">${provenance(data)
      .map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`)
      .join('')}</dl>`,
    data.audit.ok ? '' : `<p class="fail">The audit trail did not verify: event ${data.audit.firstBadSeq ?? '?'}: ${html(data.audit.reason ?? '')}</p>`,
    '</header>',
    '<main>',
    summarySection(data),
    chartsSection(c),
    groupsSection(data),
    gapRegister(data),
    actionTracker(data),
    uncoveredSection(data),
    documentsSection(data),
    findingsSection(data),
    checklistSection(data),
    signaturesSection(data),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function summarySection(data: ReportData): string {
  const s = data.summary;
  const cards = ITEM_STATUSES.map(
    (st) => `<li class="st-${st}"><span class="n">${s.byStatus[st]}</span>${html(STATUS_LABEL[st])}</li>`,
  ).join('');
  return [
    '<section id="summary">',
    '<h2>Summary</h2>',
    `<p>${s.applicable} of ${s.items} checklist items apply to ${html(data.assessment.organization)}; ${s.excluded} do not (each with its reason in the checklist below). Counts cover applicable items.</p>`,
    `<ul class="cards">${cards}</ul>`,
    '<ul class="cards">',
    `<li><span class="n">${s.coverage.uncovered.length}</span>items no document covers</li>`,
    `<li><span class="n">${s.coverage.accepted.length}</span>items with accepted evidence</li>`,
    `<li><span class="n">${s.evidence.proposed}</span>proposals awaiting review</li>`,
    `<li><span class="n">${s.needsRevision.length}</span>of ${s.documents} documents need revision</li>`,
    `<li><span class="n">${s.openActions}</span>open actions${s.actions.overdue > 0 ? ` (<span class="late">${s.actions.overdue} overdue</span>)` : ''}</li>`,
    '</ul>',
    '</section>',
  ].join('\n');
}

function groupsSection(data: ReportData): string {
  return [
    '<section id="groups">',
    '<h2>Counts by inspection area and ISO 13485 clause group</h2>',
    groupTable('By inspection area (CP 7382.850)', 'Area', data.summary.byArea),
    groupTable('By ISO 13485 clause group', 'Clause', data.summary.byClause),
    '</section>',
  ].join('\n');
}

function groupTable(caption: string, head: string, groups: ReportData['summary']['byArea']): string {
  const rows = groups
    .map((g) => `<tr><th scope="row">${html(g.name)}</th>${ITEM_STATUSES.map((st) => `<td class="num">${g.byStatus[st]}</td>`).join('')}<td class="num">${g.total}</td></tr>`)
    .join('\n');
  return `<table><caption>${html(caption)}</caption><thead><tr><th>${head}</th>${ITEM_STATUSES.map((st) => `<th class="num">${html(STATUS_LABEL[st])}</th>`).join('')}<th class="num">Total</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function chartsSection(c: ReportCharts): string {
  const fig = (svg: string, caption: string) => `<figure>${svg}<figcaption>${html(caption)}</figcaption></figure>`;
  return [
    '<section id="charts">',
    '<h2>Heat maps and charts</h2>',
    '<div class="charts">',
    fig(c.statusHeatMap, 'Each cell counts the applicable items of an inspection area with that status.'),
    fig(c.priorityHeatMap, 'Each cell counts the items of an area still open (gap, partial or not assessed) at that priority.'),
    fig(c.statusByArea, 'Applicable items per inspection area, by status.'),
    fig(c.statusByClause, 'Applicable items per ISO 13485 clause group (FDA items under the clause they add to), by status.'),
    '</div>',
    '</section>',
  ].join('\n');
}

function statusBadge(status: ItemStatus): string {
  return `<span class="badge st-${status}">${html(STATUS_LABEL[status])}</span>`;
}

function gapRegister(data: ReportData): string {
  const gaps = data.items.filter((i) => i.status === 'gap' || i.status === 'partial');
  const today = data.generatedAt.slice(0, 10);
  const rows = gaps.map((i) => {
    const actions = i.actions.length
      ? `<ul class="plain">${i.actions.map((a) => `<li>${html(a.title)} — ${html(a.owner ?? 'no owner')}, ${html(a.dueDate ?? 'no date')}, ${html(a.status)}${isOverdue(a.dueDate, a.status, today) ? ' <span class="late">overdue</span>' : ''}</li>`).join('')}</ul>`
      : '<span class="warn">no action</span>';
    return `<tr><td>${html(i.itemId)}</td><td>${html(i.requirement)}<br>${html(i.title)}</td><td>${statusBadge(i.status)}</td><td>${html(i.priority)}</td><td>${html(i.area.name)}</td><td>${html(i.owner ?? '')}</td><td>${html(i.dueDate ?? '')}</td><td>${html(i.notes ?? '')}</td><td>${actions}</td></tr>`;
  });
  return [
    '<section id="gaps" class="page">',
    '<h2>Gap register</h2>',
    gaps.length === 0
      ? '<p>No item is marked gap or partial.</p>'
      : `<table><thead><tr><th>Item</th><th>Requirement</th><th>Status</th><th>Priority</th><th>Area</th><th>Owner</th><th>Due</th><th>Notes</th><th>Actions</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n');
}

function actionTracker(data: ReportData): string {
  const today = data.generatedAt.slice(0, 10);
  const requirement = new Map(data.items.map((i) => [i.itemId, i.requirement]));
  const rows = data.actions.map(
    (a) =>
      `<tr><td>${html(a.title)}</td><td>${html(a.itemId ? `${a.itemId} (${requirement.get(a.itemId) ?? ''})` : 'whole assessment')}</td><td>${html(a.owner ?? '')}</td><td>${html(a.dueDate ?? '')}${isOverdue(a.dueDate, a.status, today) ? ' <span class="late">overdue</span>' : ''}</td><td>${html(a.status)}</td><td>${html(a.updatedBy ?? '')}<br><span class="muted">${html(a.updatedAt)}</span></td></tr>`,
  );
  return [
    '<section id="actions">',
    '<h2>Action tracker</h2>',
    rows.length === 0
      ? '<p>No remediation actions recorded.</p>'
      : `<table><thead><tr><th>Action</th><th>Item</th><th>Owner</th><th>Due</th><th>Status</th><th>Last change</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n');
}

function uncoveredSection(data: ReportData): string {
  const byId = new Map(data.items.map((i) => [i.itemId, i]));
  const list = data.summary.coverage.uncovered.map((id) => {
    const i = byId.get(id);
    return `<li>${html(id)} — ${html(i?.requirement ?? '')}: ${html(i?.title ?? '')}</li>`;
  });
  return [
    '<section id="uncovered">',
    '<h2>Items no document covers</h2>',
    list.length === 0
      ? '<p>Every applicable item has accepted or proposed evidence.</p>'
      : `<p>${list.length} applicable item(s) have no accepted or proposed evidence in the scanned documents.</p><ul class="plain">${list.join('')}</ul>`,
    '</section>',
  ].join('\n');
}

function documentsSection(data: ReportData): string {
  const rows = data.documentVersions.map((v) => {
    const d = data.documents.find((x) => x.path === v.path && x.sha256 === v.sha256);
    return `<tr><td>${html(v.path)}</td><td class="hash">${html(v.sha256)}</td><td>${v.role === 'scanned' ? 'last scanned' : 'earlier version (evidence)'}</td><td>${html(d?.format ?? '')}</td><td class="num">${d?.findingsCount ?? ''}</td><td>${d ? (d.needsRevision ? '<span class="warn">yes</span>' : 'no') : ''}</td></tr>`;
  });
  return [
    '<section id="documents" class="page">',
    '<h2>Documents used</h2>',
    rows.length === 0
      ? '<p>No documents have been scanned for this assessment.</p>'
      : `<table><thead><tr><th>Document</th><th>SHA-256</th><th>Version</th><th>Format</th><th class="num">Findings</th><th>Needs revision</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n');
}

function findingsSection(data: ReportData): string {
  const docs = data.documents.filter((d) => d.findings.length > 0);
  const parts = docs.map((d) => {
    const rows = d.findings.map(
      (f) =>
        `<tr><td>${html(locationLabel(f.location as unknown as Record<string, unknown>))}</td><td>${html(f.ruleId)}</td><td>${html(f.severity)}</td><td>${html(f.match)}</td><td>${html(f.message)}</td><td>${html(f.replacements[0]?.text ?? '')}</td></tr>`,
    );
    return `<h3>${html(d.path)} <span class="hash">sha256 ${html(d.sha256)}</span></h3><table><thead><tr><th>Where</th><th>Rule</th><th>Severity</th><th>Text</th><th>Finding</th><th>Suggested</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
  });
  return ['<section id="findings">', '<h2>Document findings</h2>', docs.length === 0 ? '<p>No findings.</p>' : parts.join('\n'), '</section>'].join('\n');
}

function evidenceCell(i: ReportItem): string {
  const shown = i.evidence.filter((e) => e.state !== 'rejected');
  if (shown.length === 0) return '<span class="muted">none</span>';
  return `<ul class="plain">${shown
    .map(
      (e) =>
        `<li>${e.state === 'accepted' ? '<strong>accepted</strong>' : 'proposed'}: ${html(evidenceLabel(e))}${e.excerpt ? `<br><span class="ex">${html(e.excerpt)}</span>` : ''}</li>`,
    )
    .join('')}</ul>`;
}

function checklistSection(data: ReportData): string {
  const rows = data.items.map((i) => {
    const applies = i.applicable ? 'yes' : `no — ${html(i.reason)}`;
    const note = [i.justification ? `Justification: ${i.justification}` : '', i.notes ?? ''].filter(Boolean).join(' — ');
    return `<tr><td>${html(i.itemId)}<br><span class="muted">${html(KIND_LABEL[i.kind] ?? i.kind)}</span></td><td>${html(i.requirement)}<br>${html(i.title)}</td><td>${applies}</td><td>${html(i.priority)}</td><td>${statusBadge(i.status)}</td><td>${html(i.owner ?? '')}${i.dueDate ? `<br>${html(i.dueDate)}` : ''}</td><td>${evidenceCell(i)}</td><td>${html(note)}</td></tr>`;
  });
  return [
    '<section id="checklist" class="page">',
    '<h2>Checklist</h2>',
    `<table><thead><tr><th>Item</th><th>Requirement</th><th>Applies</th><th>Priority</th><th>Status</th><th>Owner / due</th><th>Evidence</th><th>Justification / notes</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n');
}

function signaturesSection(data: ReportData): string {
  const rows = data.signatures.map(
    (s) =>
      `<tr><td>${html(s.printedName)} (${html(s.username)})</td><td>${html(s.meaning)}</td><td>${html(s.signedAt)}</td><td>${html(s.subject)}</td><td class="hash">${html(s.subjectSha256)}</td><td>${html(s.comment ?? '')}</td></tr>`,
  );
  return [
    '<section id="signatures">',
    '<h2>Electronic signatures</h2>',
    rows.length === 0
      ? '<p>No electronic signatures are recorded for this assessment.</p>'
      : `<table><thead><tr><th>Signed by</th><th>Meaning</th><th>When</th><th>Subject</th><th>SHA-256 of what was signed</th><th>Comment</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '</section>',
  ].join('\n');
}
