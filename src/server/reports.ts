/**
 * Assessment reports for the API: the report data set (src/reports) with the
 * assessment's signature manifest, each signature's status included, rendered
 * in the asked format by the reports module.
 */
import { gatherReportData, renderReport as render, REPORT_MEDIA_TYPES } from '../reports/index.js';
import type { ReportFormat, SignatureManifestEntry } from '../reports/index.js';
import type { ServerDeps } from './deps.js';
import { signatureManifest } from './signatures/manifest.js';
import type { SignatureView } from './signatures/manifest.js';

/** A rendered report. */
export interface RenderedReport {
  bytes: Buffer;
  contentType: string;
  filename: string;
}

/** A signature as the reports print it: what was signed says whether it has changed since. */
export function manifestEntry(s: SignatureView): SignatureManifestEntry {
  const what = s.subjectType === 'report' ? `report (${s.reportFormat})` : 'assessment';
  return {
    printedName: s.printedName,
    username: s.username,
    meaning: s.meaning,
    signedAt: s.signedAt,
    subject: `${what}, version ${s.assessmentVersion}: ${s.statusText}`,
    subjectSha256: s.subjectSha256,
    comment: s.comment,
  };
}

/** Render the report of an assessment in `format`, including its signature manifest. Throws NotFoundError for an unknown assessment. */
export async function renderReport(deps: ServerDeps, assessmentId: string, format: ReportFormat): Promise<RenderedReport> {
  const manifest = await signatureManifest(deps.store, assessmentId);
  const data = await gatherReportData(deps.store, assessmentId, { kb: deps.kb, signatures: manifest.signatures.map(manifestEntry) });
  const bytes = await render(data, format);
  const slug = data.assessment.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'assessment';
  return { bytes, contentType: REPORT_MEDIA_TYPES[format], filename: `qmsr-${slug}-${data.generatedAt.slice(0, 10)}.${format}` };
}
