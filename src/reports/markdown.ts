/**
 * The assessment report as Markdown (GitHub-flavoured tables): provenance,
 * summary, heat map as a table, gap register, action tracker, uncovered
 * items, documents with their SHA-256, findings, checklist and signatures.
 * Text from people and documents is escaped so it cannot break a table or
 * inject HTML into a rendered page.
 */
import { ITEM_STATUSES } from '../store/index.js';
import { evidenceLabel, isOverdue, locationLabel, provenance, STATUS_LABEL } from './labels.js';
import type { ReportData } from './types.js';

/** Text safe in a Markdown table cell. */
export function mdCell(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_`[\]])/g, '\\$1')
    .trim();
}

function table(head: string[], rows: (string | number | null | undefined)[][]): string {
  const line = (cells: (string | number | null | undefined)[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** The Markdown report. */
export function markdownReport(data: ReportData): string {
  const s = data.summary;
  const today = data.generatedAt.slice(0, 10);
  const out: string[] = [];
  out.push(`# QMSR gap assessment: ${mdCell(data.assessment.organization)} — ${mdCell(data.assessment.name)}`, '');
  out.push(table(['Record', 'Value'], provenance(data)), '');
  if (!data.audit.ok) out.push(`**The audit trail did not verify** (event ${data.audit.firstBadSeq ?? '?'}: ${mdCell(data.audit.reason)}).`, '');

  out.push('## Summary', '');
  out.push(`${s.applicable} of ${s.items} checklist items apply; ${s.excluded} do not. Counts cover applicable items.`, '');
  out.push(table(ITEM_STATUSES.map((st) => STATUS_LABEL[st]), [ITEM_STATUSES.map((st) => s.byStatus[st])]), '');
  out.push(
    `- Items no document covers: ${s.coverage.uncovered.length}`,
    `- Items with accepted evidence: ${s.coverage.accepted.length}`,
    `- Evidence proposals awaiting review: ${s.evidence.proposed}`,
    `- Documents needing revision: ${s.needsRevision.length} of ${s.documents}`,
    `- Open actions: ${s.openActions} (${s.actions.overdue} overdue)`,
    '',
  );

  out.push('## Heat map: inspection area × status', '');
  out.push(
    table(
      ['Area (CP 7382.850)', ...ITEM_STATUSES.map((st) => STATUS_LABEL[st]), 'Total'],
      s.byArea.map((g) => [g.name, ...ITEM_STATUSES.map((st) => g.byStatus[st]), g.total]),
    ),
    '',
  );
  out.push('## Open items by area and priority', '');
  const pm = s.priorityHeatMap;
  out.push(table(['Area', ...pm.columns], pm.areas.map((a) => [a.name, ...pm.columns.map((c) => pm.cells.find((x) => x.area === a.id && x.column === c)?.count ?? 0)])), '');
  out.push('## By ISO 13485 clause group', '');
  out.push(table(['Clause', ...ITEM_STATUSES.map((st) => STATUS_LABEL[st]), 'Total'], s.byClause.map((g) => [g.name, ...ITEM_STATUSES.map((st) => g.byStatus[st]), g.total])), '');

  out.push('## Gap register', '');
  const gaps = data.items.filter((i) => i.status === 'gap' || i.status === 'partial');
  out.push(
    gaps.length === 0
      ? 'No item is marked gap or partial.'
      : table(
          ['Item', 'Requirement', 'Title', 'Status', 'Priority', 'Area', 'Owner', 'Due', 'Notes', 'Actions'],
          gaps.map((i) => [
            i.itemId,
            i.requirement,
            i.title,
            STATUS_LABEL[i.status],
            i.priority,
            i.area.name,
            i.owner,
            i.dueDate,
            i.notes,
            i.actions.map((a) => `${a.title} (${a.owner ?? 'no owner'}, ${a.dueDate ?? 'no date'}, ${a.status})`).join('; ') || 'no action',
          ]),
        ),
    '',
  );

  out.push('## Action tracker', '');
  out.push(
    data.actions.length === 0
      ? 'No remediation actions recorded.'
      : table(
          ['Action', 'Item', 'Owner', 'Due', 'Status', 'Overdue'],
          data.actions.map((a) => [a.title, a.itemId ?? 'whole assessment', a.owner, a.dueDate, a.status, isOverdue(a.dueDate, a.status, today) ? 'yes' : '']),
        ),
    '',
  );

  out.push('## Items no document covers', '');
  const byId = new Map(data.items.map((i) => [i.itemId, i]));
  out.push(
    s.coverage.uncovered.length === 0
      ? 'Every applicable item has accepted or proposed evidence.'
      : s.coverage.uncovered.map((id) => `- ${mdCell(id)}: ${mdCell(byId.get(id)?.requirement)} — ${mdCell(byId.get(id)?.title)}`).join('\n'),
    '',
  );

  out.push('## Documents used', '');
  out.push(
    data.documentVersions.length === 0
      ? 'No documents have been scanned for this assessment.'
      : table(
          ['Document', 'SHA-256', 'Version', 'Findings', 'Needs revision'],
          data.documentVersions.map((v) => {
            const d = data.documents.find((x) => x.path === v.path && x.sha256 === v.sha256);
            return [v.path, v.sha256, v.role === 'scanned' ? 'last scanned' : 'earlier version (evidence)', d?.findingsCount ?? '', d ? (d.needsRevision ? 'yes' : 'no') : ''];
          }),
        ),
    '',
  );

  out.push('## Document findings', '');
  const withFindings = data.documents.filter((d) => d.findings.length > 0);
  if (withFindings.length === 0) out.push('No findings.', '');
  for (const d of withFindings) {
    out.push(`### ${mdCell(d.path)}`, '', `SHA-256 ${d.sha256}`, '');
    out.push(
      table(
        ['Where', 'Rule', 'Severity', 'Text', 'Suggested'],
        d.findings.map((f) => [locationLabel(f.location as unknown as Record<string, unknown>), f.ruleId, f.severity, f.match, f.replacements[0]?.text ?? '']),
      ),
      '',
    );
  }

  out.push('## Checklist', '');
  out.push(
    table(
      ['Item', 'Requirement', 'Title', 'Applies', 'Priority', 'Status', 'Owner', 'Due', 'Evidence', 'Justification / notes'],
      data.items.map((i) => [
        i.itemId,
        i.requirement,
        i.title,
        i.applicable ? 'yes' : `no: ${i.reason}`,
        i.priority,
        STATUS_LABEL[i.status],
        i.owner,
        i.dueDate,
        i.evidence
          .filter((e) => e.state !== 'rejected')
          .map((e) => `${e.state}: ${evidenceLabel(e)}`)
          .join('; '),
        [i.justification ? `Justification: ${i.justification}` : '', i.notes ?? ''].filter(Boolean).join(' — '),
      ]),
    ),
    '',
  );

  out.push('## Electronic signatures', '');
  out.push(
    data.signatures.length === 0
      ? 'No electronic signatures are recorded for this assessment.'
      : table(
          ['Signed by', 'Meaning', 'When', 'Subject', 'SHA-256 of what was signed'],
          data.signatures.map((g) => [`${g.printedName} (${g.username})`, g.meaning, g.signedAt, g.subject, g.subjectSha256]),
        ),
    '',
  );
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
