/**
 * One self-contained HTML page for people who do not use a terminal: tool and
 * knowledge-base versions, summary counts, a table of every file, then the
 * findings by file. Inline CSS and a small inline script, both allowed by hash
 * in a strict Content-Security-Policy; no external resources, so the page works
 * offline and as an email attachment. All document text is escaped.
 */
import type { FileResult, ScanResult } from '../scanner/types.js';
import { type FileEntry, fileEntries, severityCounts, summarySentence } from './counts.js';
import { CSP, SCRIPT, STYLE } from './html-assets.js';
import { escapeHtml, html } from './html-escape.js';
import { findingsSection } from './html-findings.js';
import type { ReporterOptions } from './types.js';

/** The HTML report as one string, ending with a newline. */
export function htmlReporter(result: ScanResult, _options: ReporterOptions = {}): string {
  const entries = fileEntries(result);
  const ids = new Map(entries.map((e, i) => [e.path, `f${i + 1}`]));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>qmsr scan report: ${escapeHtml(summarySentence(result))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    header(result),
    '<main>',
    summary(result),
    filesSection(entries, ids),
    findingsSection(entries, ids),
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(result: ScanResult): string {
  const hash = result.kb.hash ? ` <span class="hash">(hash ${html(result.kb.hash.slice(0, 12))})</span>` : '';
  return [
    '<header>',
    '<h1>QMSR scan report</h1>',
    '<dl class="meta">',
    `<div><dt>Tool</dt><dd>${html(result.tool.name)} ${html(result.tool.version)}</dd></div>`,
    `<div><dt>Knowledge base</dt><dd>${html(result.kb.version)}${hash}</dd></div>`,
    `<div><dt>Generated</dt><dd><time datetime="${escapeHtml(result.generatedAt)}">${html(result.generatedAt)}</time></dd></div>`,
    '</dl>',
    '</header>',
  ].join('\n');
}

function summary(result: ScanResult): string {
  const c = severityCounts(result.findings);
  const failed = result.files.filter((f) => f.status === 'error').length;
  const counts: [number, string][] = [
    [result.files.length, 'files'],
    [result.files.filter((f) => f.status === 'ok').length, 'scanned'],
    [failed, 'could not be read'],
    [result.findings.length, 'findings'],
    [c.error, 'errors'],
    [c.warning, 'warnings'],
    [c.info, 'info'],
  ];
  return [
    '<section aria-labelledby="h-summary">',
    '<h2 id="h-summary">Summary</h2>',
    `<p>${escapeHtml(summarySentence(result))}.</p>`,
    '<ul class="counts">',
    ...counts.map(([n, label]) => `<li><span class="n">${n}</span>${label}</li>`),
    '</ul>',
    '</section>',
  ].join('\n');
}

const STATUS: Record<FileResult['status'], string> = { ok: '✔ Scanned', error: '✖ Could not be read', skipped: '– Skipped' };

function filesSection(entries: readonly FileEntry[], ids: ReadonlyMap<string, string>): string {
  const rows = entries.map((e) => {
    const status = e.file?.status ?? 'ok';
    const name = e.findings.length > 0 ? `<a href="#${ids.get(e.path)!}">${html(e.path)}</a>` : html(e.path);
    const errors = e.findings.filter((f) => f.severity === 'error').length;
    return (
      `<tr><th scope="row">${name}</th><td>${html(e.file?.format ?? 'unknown')}</td>` +
      `<td><span class="status status-${status}">${STATUS[status]}</span></td>` +
      `<td class="num">${e.findings.length}</td><td class="num">${errors}</td><td>${html(e.file?.error ?? '')}</td></tr>`
    );
  });
  return [
    '<section aria-labelledby="h-files">',
    '<h2 id="h-files">Files</h2>',
    '<table class="files">',
    '<caption>Every file the scan looked at, with its findings and any reason it could not be read.</caption>',
    '<thead><tr><th scope="col">File</th><th scope="col">Format</th><th scope="col">Status</th>' +
      '<th scope="col" class="num">Findings</th><th scope="col" class="num">Errors</th><th scope="col">Details</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}
