/**
 * Words and small formats every report renderer shares, so the workbook, the
 * page and the Markdown say the same thing the same way.
 */
import type { ItemStatus, Priority } from '../store/index.js';
import { formatLocation } from '../reporters/location.js';
import type { EvidenceInfo } from '../assessment/types.js';
import type { ReportData } from './types.js';

/** Status names for people. */
export const STATUS_LABEL: Record<ItemStatus, string> = {
  'not-assessed': 'Not assessed',
  compliant: 'Compliant',
  partial: 'Partial',
  gap: 'Gap',
  'not-applicable': 'Not applicable',
};

/** Status colours (hex, no #): used by the workbook, the charts and the page. */
export const STATUS_COLOUR: Record<ItemStatus, string> = {
  'not-assessed': '9AA0A6',
  compliant: '2E7D32',
  partial: 'F9A825',
  gap: 'C62828',
  'not-applicable': '5C6BC0',
};

/** Priority colours (hex, no #). */
export const PRIORITY_COLOUR: Record<Priority, string> = {
  critical: '7B1FA2',
  high: 'C62828',
  medium: 'EF6C00',
  low: '2E7D32',
};

/** The kind of an item, for people. */
export const KIND_LABEL: Record<string, string> = { iso: 'ISO 13485', fda: 'FDA-specific', change: 'QSR→QMSR change' };

/** A location object as stored with evidence, as a short label (`¶12`, `p.3`, `14:1`). */
export function locationLabel(location: Record<string, unknown>): string {
  return formatLocation(location as Parameters<typeof formatLocation>[0]);
}

/** One piece of evidence in a line: `SOPs/SOP-003.docx ¶12 (sha256 3f2a…)`; `fullHash` prints all 64 characters. */
export function evidenceLabel(e: EvidenceInfo, fullHash = false): string {
  const where = locationLabel(e.location);
  const hash = fullHash ? e.documentSha256 : `${e.documentSha256.slice(0, 12)}…`;
  return `${e.documentPath}${where !== '-' ? ` ${where}` : ''} (sha256 ${hash})${e.current ? '' : ' [earlier version]'}`;
}

/** The report's provenance as label/value pairs, in the order every format prints them. */
export function provenance(data: ReportData): [string, string][] {
  const kb =
    data.kb.assessmentVersion === data.kb.version
      ? data.kb.version
      : `${data.kb.version} (the assessment's checklist was built with ${data.kb.assessmentVersion})`;
  const head = data.audit.head ? `${data.audit.count} events, head seq ${data.audit.head.seq}, hash ${data.audit.head.hash}` : 'no events';
  return [
    ['Organisation', data.assessment.organization],
    ['Assessment', `${data.assessment.name} (${data.assessment.id}, version ${data.assessment.version}, ${data.assessment.status})`],
    ['Generated', data.generatedAt],
    ['Tool', `${data.tool.name} ${data.tool.version}`],
    ['Knowledge base', kb],
    ['Knowledge base hash', data.kb.hash],
    ['Checklist built', `${data.assessment.checklist.generatedAt} with qmsr ${data.assessment.checklist.tool?.version ?? '?'}`],
    ['Audit trail', `${data.audit.ok ? 'verified' : `FAILED at event ${data.audit.firstBadSeq ?? '?'}: ${data.audit.reason ?? ''}`}; ${head}`],
  ];
}

/** Today's open-or-late state of an action. */
export function isOverdue(dueDate: string | null, status: string, today: string): boolean {
  return dueDate !== null && dueDate < today && (status === 'open' || status === 'in-progress');
}
