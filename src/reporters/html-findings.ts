/**
 * The findings part of the HTML report: the filter controls (hidden until the
 * script runs) and one table per file with location, severity, rule, message,
 * the match highlighted in its context and the replacement.
 */
import type { Finding, Severity } from '../scanner/types.js';
import { contextSplitter } from './context.js';
import type { FileEntry } from './counts.js';
import { escapeHtml, html } from './html-escape.js';
import { formatLocation } from './location.js';
import { compareText } from './order.js';

const BADGE: Record<Severity, string> = { error: '✖ Error', warning: '⚠ Warning', info: 'ℹ Info' };

/** The findings section; `ids` maps each path to its element id (`f1`, `f2`, …). */
export function findingsSection(entries: readonly FileEntry[], ids: ReadonlyMap<string, string>): string {
  const withFindings = entries.filter((e) => e.findings.length > 0);
  const out = ['<section aria-labelledby="h-findings">', '<h2 id="h-findings">Findings</h2>'];
  if (withFindings.length === 0) {
    out.push('<p>No findings.</p>', '</section>');
    return out.join('\n');
  }
  out.push(filters(withFindings, ids));
  const split = contextSplitter();
  for (const entry of withFindings) {
    const id = ids.get(entry.path)!;
    out.push(
      `<section class="file" id="${id}" data-file="${id}" aria-labelledby="${id}-h">`,
      `<h3 id="${id}-h">${html(entry.path)}</h3>`,
      '<table class="findings">',
      `<caption class="sr-only">Findings in ${html(entry.path)}</caption>`,
      '<thead><tr><th scope="col">Location</th><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Finding</th></tr></thead>',
      '<tbody>',
      ...entry.findings.map((f) => row(f, id, split)),
      '</tbody>',
      '</table>',
      '</section>',
    );
  }
  out.push('</section>');
  return out.join('\n');
}

function row(f: Finding, fileId: string, split: ReturnType<typeof contextSplitter>): string {
  const parts = split(f);
  const context =
    parts.before || parts.match || parts.after
      ? `<p class="ctx"><span class="sr-only">In context: </span>${html(parts.before)}${parts.match ? `<mark>${html(parts.match)}</mark>` : ''}${html(parts.after)}</p>`
      : '';
  const fixes = f.replacements
    .map((r) => `<p class="fix">→ <span class="sr-only">Suggested replacement: </span><ins>${html(r.text)}</ins></p>`)
    .join('');
  const refs = f.kbRefs.length > 0 ? `<p class="refs">Knowledge base: ${f.kbRefs.map((r) => `<code>${html(r)}</code>`).join(', ')}</p>` : '';
  return (
    `<tr data-severity="${f.severity}" data-rule="${escapeHtml(f.ruleId)}" data-file="${fileId}">` +
    `<td class="loc">${html(formatLocation(f.location))}</td>` +
    `<td><span class="badge sev-${f.severity}">${BADGE[f.severity]}</span></td>` +
    `<td><code>${html(f.ruleId)}</code></td>` +
    `<td><p class="msg">${html(f.message)}</p>${f.detail ? `<details><summary>Why</summary><p class="detail">${html(f.detail)}</p></details>` : ''}${context}${fixes}${refs}</td>` +
    '</tr>'
  );
}

function filters(entries: readonly FileEntry[], ids: ReadonlyMap<string, string>): string {
  const rules = [...new Set(entries.flatMap((e) => e.findings.map((f) => f.ruleId)))].sort(compareText);
  const option = (value: string, label: string): string => `<option value="${escapeHtml(value)}">${html(label)}</option>`;
  const select = (key: string, label: string, options: string[]): string =>
    `<label for="f-${key}">${label}<select id="f-${key}">${option('', 'All')}${options.join('')}</select></label>`;
  return [
    '<div id="filters" class="filters" role="group" aria-label="Filter findings" hidden>',
    select('severity', 'Severity', (['error', 'warning', 'info'] as const).map((s) => option(s, BADGE[s]))),
    select('rule', 'Rule', rules.map((r) => option(r, r))),
    select('file', 'File', entries.map((e) => option(ids.get(e.path)!, e.path))),
    '<p id="f-status" role="status" aria-live="polite"></p>',
    '</div>',
  ].join('\n');
}
