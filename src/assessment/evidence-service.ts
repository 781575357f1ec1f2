/**
 * Evidence in the database: proposals from a scan (the proposer is
 * evidence.ts), evidence a person attaches, and decisions on proposals.
 * Part of the assessment service (service.ts re-exports everything here).
 */
import type { TextDocument } from '../doc-model/types.js';
import { getKnowledgeBase } from '../kb/load.js';
import type { KnowledgeBase } from '../kb/model.js';
import type { Finding, ScanResult } from '../scanner/types.js';
import type { EvidenceState, Store } from '../store/index.js';
import { newId } from '../store/index.js';
import type { AuditInput } from './audit.js';
import { appendAudit, auditedTransaction } from './audit.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import type { ProposalDocument, RevisionNeed } from './evidence.js';
import { proposeEvidenceFor, revisionNeed } from './evidence.js';
import { toEvidenceInfo } from './rows.js';
import { documentShas, itemChecklists, requireAssessment, requireItem, requireWritable } from './queries.js';
import type { ChangeOptions, EvidenceInfo, ManualEvidenceInput } from './types.js';
import { optionalText, requiredText, sha256Hex } from './values.js';

/** Options of {@link proposeEvidence}. */
export interface ProposeOptions {
  /** Who imported the scan; proposals are recorded in the audit trail under this actor. */
  actor: ChangeOptions['actor'];
  /** The text of each scanned document, by the scan's path; without it only the findings are used. */
  documents?: ReadonlyMap<string, TextDocument>;
  kb?: KnowledgeBase;
}

/** What {@link proposeEvidence} did. */
export interface ProposeResult {
  scanRunId: string;
  /** Documents recorded (scanned successfully). */
  documents: number;
  /** New proposals. */
  proposed: number;
  /** Proposals skipped because the same document version was already proposed, accepted or rejected for the item. */
  alreadyKnown: number;
  /** Applicable items that no document covers (no accepted or proposed evidence), after this import. */
  uncovered: string[];
  needsRevision: RevisionNeed[];
  /** Files the scan could not read. */
  unreadable: { path: string; error: string }[];
  /** Scanned files whose text was not available, so only their findings were used. */
  withoutText: string[];
}

/**
 * Propose evidence from a scan: record each scanned document (path, SHA-256,
 * findings, whether it needs revision), then propose, for each applicable
 * item, the documents and places that appear to address it. Proposals stay
 * `proposed` until {@link decideEvidence}. Importing the same scan again adds
 * nothing: a document version already proposed for an item is skipped,
 * whatever was decided about it. One transaction, audited.
 */
export async function proposeEvidence(store: Store, assessmentId: string, scan: ScanResult, options: ProposeOptions): Promise<ProposeResult> {
  await requireAssessment(store.db, assessmentId);
  const kb = options.kb ?? getKnowledgeBase();
  const texts = options.documents ?? new Map<string, TextDocument>();
  const findingsByFile = new Map<string, Finding[]>();
  for (const f of scan.findings) {
    const list = findingsByFile.get(f.file) ?? [];
    list.push(f);
    findingsByFile.set(f.file, list);
  }
  const unreadable = scan.files.filter((f) => f.status === 'error').map((f) => ({ path: f.path, error: f.error ?? 'could not be read' }));
  const docs: ProposalDocument[] = [];
  for (const f of scan.files) {
    if (f.status !== 'ok') continue;
    if (!f.sha256) {
      unreadable.push({ path: f.path, error: 'the scan did not record its SHA-256; scan it again with this version of qmsr' });
      continue;
    }
    const document = texts.get(f.path);
    docs.push({ path: f.path, sha256: f.sha256, format: f.format, findings: findingsByFile.get(f.path) ?? [], ...(document ? { document } : {}) });
  }
  const items = (await itemChecklists(store.db, assessmentId)).filter((x) => x.row.applicable).map((x) => x.item);
  const result = proposeEvidenceFor(kb, items, docs);
  const runId = newId();
  const scannedAt = scan.generatedAt ?? new Date().toISOString();

  return auditedTransaction(store, async (trx) => {
    await requireWritable(trx, assessmentId);
    const events: AuditInput[] = [];
    const summary = { ...scan.summary, proposals: result.proposals.length, needsRevision: result.needsRevision.length };
    await trx
      .insertInto('scan_runs')
      .values({
        id: runId,
        assessment_id: assessmentId,
        started_at: scannedAt,
        finished_at: scannedAt,
        tool_version: scan.tool?.version ?? 'unknown',
        kb_version: scan.kb?.version ?? kb.version,
        summary: JSON.stringify(summary),
      })
      .execute();
    events.push({
      action: 'scan.import',
      entity: 'scan',
      entityId: runId,
      assessmentId,
      newValue: JSON.stringify(summary),
      reason: `Scan of ${scan.files.length} file(s) made ${scannedAt} by qmsr ${scan.tool?.version ?? '(unknown version)'}.`,
    });

    const before = new Map((await trx.selectFrom('documents').selectAll().where('assessment_id', '=', assessmentId).execute()).map((d) => [d.path, d]));
    for (const d of docs) {
      const need = revisionNeed(d);
      const row = {
        sha256: d.sha256,
        format: d.format,
        scanned_at: scannedAt,
        findings_count: d.findings.length,
        needs_revision: need !== undefined,
        findings: JSON.stringify(d.findings.map(storedFinding)),
      };
      await trx
        .insertInto('documents')
        .values({ assessment_id: assessmentId, path: d.path, ...row })
        .onConflict((oc) => oc.columns(['assessment_id', 'path']).doUpdateSet(row))
        .execute();
      const old = before.get(d.path);
      if (!old || old.sha256 !== d.sha256 || old.needs_revision !== row.needs_revision) {
        events.push({
          action: 'document.scan',
          entity: 'document',
          entityId: d.path,
          assessmentId,
          field: 'sha256',
          oldValue: old?.sha256 ?? null,
          newValue: d.sha256,
          reason: need ? `Needs revision: ${need.summary}.` : `${d.findings.length} finding(s); no revision needed for the QMSR.`,
        });
      }
    }

    const known = new Set(
      (await trx.selectFrom('evidence').select(['item_id', 'document_path', 'document_sha256']).where('assessment_id', '=', assessmentId).execute()).map(
        (e) => `${e.item_id}\0${e.document_path}\0${e.document_sha256}`,
      ),
    );
    const fresh = result.proposals.filter((p) => !known.has(`${p.itemId}\0${p.documentPath}\0${p.documentSha256}`));
    const rows = fresh.map((p) => ({
      id: newId(),
      assessment_id: assessmentId,
      item_id: p.itemId,
      document_path: p.documentPath,
      document_sha256: p.documentSha256,
      location: JSON.stringify(p.location),
      excerpt: p.excerpt,
      source: 'scan' as const,
      state: 'proposed' as const,
      score: p.score,
      basis: p.basis,
    }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('evidence').values(rows.slice(i, i + 200)).execute();
    for (const r of rows) {
      events.push({
        action: 'evidence.propose',
        entity: 'evidence',
        entityId: r.id,
        assessmentId,
        itemId: r.item_id,
        field: 'state',
        newValue: 'proposed',
        reason: `${r.document_path} (sha256 ${r.document_sha256}), score ${r.score}: ${r.basis}`,
      });
    }
    await appendAudit(trx, options.actor, events);

    const covered = new Set(
      (
        await trx
          .selectFrom('evidence')
          .select('item_id')
          .distinct()
          .where('assessment_id', '=', assessmentId)
          .where('state', 'in', ['proposed', 'accepted'])
          .execute()
      ).map((r) => r.item_id),
    );
    return {
      scanRunId: runId,
      documents: docs.length,
      proposed: rows.length,
      alreadyKnown: result.proposals.length - rows.length,
      uncovered: items.filter((i) => !covered.has(i.id)).map((i) => i.id),
      needsRevision: result.needsRevision,
      unreadable,
      withoutText: docs.filter((d) => !d.document).map((d) => d.path),
    };
  });
}

/**
 * Accept or reject a piece of evidence. Deciding again to the same state
 * changes nothing; reversing an earlier decision needs a reason. Pass
 * `expectedState` to fail with ConflictError if someone decided in the meantime.
 */
export async function decideEvidence(
  store: Store,
  evidenceId: string,
  decision: 'accepted' | 'rejected',
  options: ChangeOptions & { expectedState?: EvidenceState },
): Promise<EvidenceInfo> {
  if (decision !== 'accepted' && decision !== 'rejected') throw new ValidationError(`A decision is "accepted" or "rejected", not "${String(decision)}".`);
  await auditedTransaction(store, async (trx) => {
    const row = await trx.selectFrom('evidence').selectAll().where('id', '=', evidenceId).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError(`There is no evidence ${evidenceId}.`);
    await requireWritable(trx, row.assessment_id);
    if (options.expectedState !== undefined && row.state !== options.expectedState) {
      const err = new ConflictError(`Evidence ${evidenceId}`, row.decided_by, row.decided_at ?? row.created_at, 0, 0);
      err.message =
        `Evidence ${evidenceId} was ${row.state} by ${row.decided_by ?? 'someone'} at ${(row.decided_at ?? row.created_at).toISOString()} ` +
        `since you opened it (you saw it ${options.expectedState}). Reload it and decide again.`;
      throw err;
    }
    if (row.state === decision) return;
    const reason = optionalText(options.reason);
    if (row.state !== 'proposed' && !reason) {
      throw new ValidationError(`Evidence ${evidenceId} was ${row.state} by ${row.decided_by ?? 'someone'}; give a reason to change that decision.`, 'reason');
    }
    await trx
      .updateTable('evidence')
      .set({ state: decision, decided_by: options.actor.name, decided_at: new Date() })
      .where('id', '=', evidenceId)
      .execute();
    await appendAudit(trx, options.actor, [
      {
        action: decision === 'accepted' ? 'evidence.accept' : 'evidence.reject',
        entity: 'evidence',
        entityId: evidenceId,
        assessmentId: row.assessment_id,
        itemId: row.item_id,
        field: 'state',
        oldValue: row.state,
        newValue: decision,
        reason: reason ?? `${row.document_path} (sha256 ${row.document_sha256})`,
      },
    ]);
  });
  return getEvidence(store, evidenceId);
}

/** Attach evidence by hand: a person names the document (and its SHA-256) and where; it is accepted at once. Audited. */
export async function attachEvidence(store: Store, assessmentId: string, input: ManualEvidenceInput, options: ChangeOptions): Promise<EvidenceInfo> {
  const path = requiredText(input.documentPath, 'documentPath', 'The document path');
  const sha = sha256Hex(input.documentSha256);
  const location = input.location ?? {};
  if (typeof location !== 'object' || Array.isArray(location)) throw new ValidationError('location must be an object such as {"page": 3}.', 'location');
  const id = newId();
  await auditedTransaction(store, async (trx) => {
    await requireWritable(trx, assessmentId);
    await requireItem(trx, assessmentId, input.itemId);
    await trx
      .insertInto('evidence')
      .values({
        id,
        assessment_id: assessmentId,
        item_id: input.itemId,
        document_path: path,
        document_sha256: sha,
        location: JSON.stringify(location),
        excerpt: optionalText(input.excerpt),
        source: 'manual',
        state: 'accepted',
        decided_by: options.actor.name,
        decided_at: new Date(),
        basis: optionalText(input.note) ?? 'attached by hand',
      })
      .execute();
    await appendAudit(trx, options.actor, [
      {
        action: 'evidence.attach',
        entity: 'evidence',
        entityId: id,
        assessmentId,
        itemId: input.itemId,
        field: 'state',
        newValue: 'accepted',
        reason: optionalText(options.reason) ?? `${path} (sha256 ${sha})${input.note ? `: ${input.note}` : ''}`,
      },
    ]);
  });
  return getEvidence(store, id);
}

/** One piece of evidence. Throws NotFoundError. */
export async function getEvidence(store: Store, evidenceId: string): Promise<EvidenceInfo> {
  const row = await store.db.selectFrom('evidence').selectAll().where('id', '=', evidenceId).executeTakeFirst();
  if (!row) throw new NotFoundError(`There is no evidence ${evidenceId}.`);
  const shas = await documentShas(store.db, row.assessment_id);
  return toEvidenceInfo(row, shas.get(row.document_path));
}

/** Evidence of an assessment, optionally of one item or state: by item order, then state, score and document. */
export async function listEvidence(store: Store, assessmentId: string, filter: { itemId?: string; state?: EvidenceState } = {}): Promise<EvidenceInfo[]> {
  await requireAssessment(store.db, assessmentId);
  let q = store.db
    .selectFrom('evidence')
    .innerJoin('assessment_items', (j) => j.onRef('assessment_items.assessment_id', '=', 'evidence.assessment_id').onRef('assessment_items.item_id', '=', 'evidence.item_id'))
    .selectAll('evidence')
    .where('evidence.assessment_id', '=', assessmentId);
  if (filter.itemId !== undefined) q = q.where('evidence.item_id', '=', filter.itemId);
  if (filter.state !== undefined) q = q.where('evidence.state', '=', filter.state);
  const rows = await q.orderBy('assessment_items.position').orderBy('evidence.score', 'desc').orderBy('evidence.document_path').orderBy('evidence.created_at').execute();
  const shas = await documentShas(store.db, assessmentId);
  return rows.map((r) => toEvidenceInfo(r, shas.get(r.document_path)));
}

/** The findings recorded for each scanned document of an assessment, by path. */
export async function documentFindings(store: Store, assessmentId: string): Promise<Map<string, Finding[]>> {
  await requireAssessment(store.db, assessmentId);
  const rows = await store.db.selectFrom('documents').select(['path', 'findings']).where('assessment_id', '=', assessmentId).orderBy('path').execute();
  return new Map(rows.map((r) => [r.path, r.findings as unknown as Finding[]]));
}

/** A finding as stored: the contract fields, without the span (block offsets mean nothing without the document). */
function storedFinding(f: Finding): Omit<Finding, 'span'> {
  const { span: _span, ...rest } = f;
  return rest;
}
