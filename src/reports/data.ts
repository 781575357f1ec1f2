/**
 * Gathers the report data set for one assessment from the database.
 */
import { verifyAuditChain } from '../assessment/audit.js';
import {
  documentFindings,
  getAssessment,
  listActions,
  listDocuments,
  listEvidence,
  listItems,
  summary,
} from '../assessment/service.js';
import type { ChecklistItem } from '../assessment/checklist.js';
import { getKnowledgeBase } from '../kb/load.js';
import type { KnowledgeBase } from '../kb/model.js';
import { sql } from 'kysely';
import type { Store } from '../store/index.js';
import { toolVersion } from '../util/version.js';
import type { DocumentVersion, ReportData, ReportItem, SignatureManifestEntry } from './types.js';

/** Options of {@link gatherReportData}. */
export interface GatherOptions {
  /** Signatures to print; default: the assessment's signatures in the database, if the workspace has recorded any. */
  signatures?: readonly SignatureManifestEntry[];
  /** The report's time stamp; default now. */
  now?: Date;
  kb?: KnowledgeBase;
}

/** Read everything the reports show about one assessment, and verify the audit trail. */
export async function gatherReportData(store: Store, assessmentId: string, options: GatherOptions = {}): Promise<ReportData> {
  const kb = options.kb ?? getKnowledgeBase();
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const assessment = await getAssessment(store, assessmentId);
  const rows = await listItems(store, assessmentId);
  const evidence = await listEvidence(store, assessmentId);
  const actions = await listActions(store, assessmentId);
  const docs = await listDocuments(store, assessmentId);
  const findings = await documentFindings(store, assessmentId);
  const stored = new Map(
    (await store.db.selectFrom('assessment_items').select(['item_id', 'checklist']).where('assessment_id', '=', assessmentId).execute()).map((r) => [
      r.item_id,
      r.checklist as unknown as ChecklistItem,
    ]),
  );
  const items: ReportItem[] = rows.map((r) => {
    const c = stored.get(r.itemId);
    return {
      ...r,
      reason: c?.reason ?? '',
      priorityReason: c?.priorityReason ?? '',
      replaces: c?.replaces ?? [],
      evidence: evidence.filter((e) => e.itemId === r.itemId),
      actions: actions.filter((a) => a.itemId === r.itemId),
    };
  });
  const versions = new Map<string, DocumentVersion>();
  for (const d of docs) versions.set(`${d.path}\0${d.sha256}`, { path: d.path, sha256: d.sha256, role: 'scanned' });
  for (const e of evidence) {
    if (e.state === 'rejected') continue;
    const key = `${e.documentPath}\0${e.documentSha256}`;
    if (!versions.has(key)) versions.set(key, { path: e.documentPath, sha256: e.documentSha256, role: 'evidence' });
  }
  const audit = await verifyAuditChain(store);
  const { profile, ...info } = assessment;
  return {
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    tool: { name: 'qmsr', version: toolVersion() },
    kb: { version: kb.version, hash: kb.hash, assessmentVersion: assessment.kbVersion, assessmentHash: assessment.checklist.kb?.hash ?? '' },
    assessment: info,
    profile,
    summary: await summary(store, assessmentId, { today, kb }),
    items,
    actions,
    documents: docs.map((d) => ({ ...d, findings: findings.get(d.path) ?? [] })),
    documentVersions: [...versions.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.role === b.role ? 0 : a.role === 'scanned' ? -1 : 1)),
    signatures: [...(options.signatures ?? (await storedSignatures(store, assessmentId)))],
    audit: {
      ok: audit.ok,
      count: audit.count,
      head: audit.head ?? null,
      ...(audit.firstBadSeq !== undefined ? { firstBadSeq: audit.firstBadSeq } : {}),
      ...(audit.reason ? { reason: audit.reason } : {}),
    },
  };
}

/**
 * The electronic signatures recorded for an assessment (the workspace's
 * `signatures` table), oldest first; none if the table does not exist.
 */
export async function storedSignatures(store: Store, assessmentId: string): Promise<SignatureManifestEntry[]> {
  const exists = await sql<{ t: string | null }>`select to_regclass('signatures')::text as t`.execute(store.db);
  if (!exists.rows[0]?.t) return [];
  const rows = await store.db
    .selectFrom('signatures')
    .select(['printed_name', 'username', 'meaning', 'signed_at', 'subject_type', 'report_format', 'subject_sha256', 'comment'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('signed_at')
    .execute();
  return rows.map((r) => ({
    printedName: r.printed_name,
    username: r.username,
    meaning: r.meaning,
    signedAt: new Date(r.signed_at).toISOString(),
    subject: r.subject_type === 'report' ? `report (${r.report_format ?? '?'})` : 'assessment',
    subjectSha256: r.subject_sha256,
    comment: r.comment,
  }));
}
