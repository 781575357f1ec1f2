/**
 * The assessment service: the one layer through which the CLI and the web
 * server read and change a gap assessment. Every change runs in one
 * transaction together with its audit events (audit.ts), so the record of a
 * change can never be missing or left behind by a failed change.
 *
 * Rules it enforces:
 * - items and actions carry a version: a change names the version the caller
 *   read (`expectedVersion`) and fails with `ConflictError` if someone else
 *   changed the row since;
 * - `not-applicable` needs a justification;
 * - an archived assessment is read-only;
 * - evidence proposed from a scan stays `proposed` until a person decides
 *   (evidence-service.ts); changing a decision needs a reason.
 *
 * Errors: `ValidationError` (bad input; the message is for the user),
 * `ConflictError`, `NotFoundError` (errors.ts).
 */
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import { getKnowledgeBase } from '../kb/load.js';
import type { KnowledgeBase } from '../kb/model.js';
import type { AssessmentItem, Schema, Store } from '../store/index.js';
import type { ChecklistItem } from './checklist.js';
import { newId, updateWithVersion } from '../store/index.js';
import type { AuditInput } from './audit.js';
import { appendAudit, auditedTransaction, listAuditEvents } from './audit.js';
import { buildChecklist } from './checklist.js';
import { getChecklistData } from './checklist-data.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import type { Profile } from './profile.js';
import {
  emptyStatusCounts,
  toActionInfo,
  toAssessmentInfo,
  toComment,
  toDocumentInfo,
  toEvidenceInfo,
  toHistoryEntry,
  toItemDetail,
  toItemRow,
} from './rows.js';
import { requireAssessment, requireItem, requireWritable } from './queries.js';
import { computeSummary } from './summary.js';
import type {
  ActionChanges,
  ActionInfo,
  Actor,
  AssessmentInfo,
  AssessmentSummaryData,
  ChangeOptions,
  ChecklistBasis,
  CommentInfo,
  DocumentInfo,
  EvidenceCounts,
  EvidenceInfo,
  ItemChanges,
  ItemDetail,
  ItemFilters,
  ItemRow,
  NewActionInput,
  VersionedChangeOptions,
} from './types.js';
import { actionStatus, auditText, dueDate, itemStatus, optionalText, priority, requiredText } from './values.js';

export { attachEvidence, decideEvidence, listEvidence, proposeEvidence, documentFindings } from './evidence-service.js';
export type { ProposeOptions, ProposeResult } from './evidence-service.js';
export { verifyAuditChain, listAuditEvents, auditHead } from './audit.js';
export type { Actor, AuditEvent, AuditVerification } from './audit.js';
export { ConflictError, NotFoundError, ValidationError } from './errors.js';
export type * from './types.js';

type Reader = Store['db'] | Transaction<Schema>;

/** Input of {@link createAssessment}. */
export interface CreateAssessmentInput {
  name: string;
  /** A validated profile (`loadProfile` / `parseProfile` from profile.ts). */
  profile: Profile;
  actor: Actor;
  /** Knowledge base to build the checklist from; default the shipped one. */
  kb?: KnowledgeBase;
}

/**
 * Create an assessment: build the checklist for the profile and store one
 * item per checklist item, `not-assessed`, with the checklist's
 * applicability and priority and the checklist item itself (so the record
 * keeps what each item meant). Audited: one event for the assessment and one
 * per item.
 */
export async function createAssessment(store: Store, input: CreateAssessmentInput): Promise<AssessmentInfo> {
  const name = requiredText(input.name, 'name', 'An assessment name');
  const kb = input.kb ?? getKnowledgeBase();
  const checklist = buildChecklist(kb, getChecklistData(kb), input.profile);
  const basis: ChecklistBasis = {
    tool: checklist.tool,
    kb: checklist.kb,
    generatedAt: checklist.generatedAt,
    inspectionAreas: checklist.inspectionAreas,
  };
  const id = newId();
  await auditedTransaction(store, async (trx) => {
    await trx
      .insertInto('assessments')
      .values({
        id,
        name,
        organization: input.profile.organization,
        profile: JSON.stringify(input.profile),
        kb_version: kb.version,
        checklist: JSON.stringify(basis),
        updated_by: input.actor.name,
      })
      .execute();
    await trx
      .insertInto('assessment_items')
      .values(
        checklist.items.map((item, position) => ({
          assessment_id: id,
          item_id: item.id,
          priority: item.priority,
          applicable: item.applicable,
          position,
          checklist: JSON.stringify(item),
          updated_by: input.actor.name,
        })),
      )
      .execute();
    const events: AuditInput[] = [
      {
        action: 'assessment.create',
        entity: 'assessment',
        entityId: id,
        assessmentId: id,
        field: 'profile',
        newValue: JSON.stringify(input.profile),
        reason: `Created "${name}" for ${input.profile.organization}: ${checklist.summary.applicable} of ${checklist.summary.items} checklist items apply (knowledge base ${kb.version}, qmsr ${checklist.tool.version}).`,
      },
      ...checklist.items.map(
        (item): AuditInput => ({
          action: 'item.create',
          entity: 'item',
          entityId: item.id,
          assessmentId: id,
          itemId: item.id,
          field: 'status',
          newValue: 'not-assessed',
          reason: `${item.applicable ? 'Applies' : 'Does not apply'}: ${item.reason} Priority ${item.priority}: ${item.priorityReason}`,
        }),
      ),
    ];
    await appendAudit(trx, input.actor, events);
  });
  return getAssessment(store, id);
}

/** Every assessment, newest first, with its item counts. */
export async function listAssessments(store: Store): Promise<AssessmentInfo[]> {
  const rows = await store.db.selectFrom('assessments').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  const counts = await statusCounts(store.db);
  return rows.map((r) => {
    const c = counts.get(r.id);
    return toAssessmentInfo(r, c?.byStatus ?? emptyStatusCounts(), c?.items ?? 0, c?.applicable ?? 0);
  });
}

/** One assessment. Throws NotFoundError. */
export async function getAssessment(store: Store, id: string): Promise<AssessmentInfo> {
  const row = await store.db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`There is no assessment ${id}.`);
  const c = (await statusCounts(store.db, id)).get(id);
  return toAssessmentInfo(row, c?.byStatus ?? emptyStatusCounts(), c?.items ?? 0, c?.applicable ?? 0);
}

/**
 * Find an assessment by what a person types: its id, a unique start of its
 * id (at least 4 characters) or its exact name. Throws NotFoundError, or
 * ValidationError when several match.
 */
export async function findAssessment(store: Store, ref: string): Promise<AssessmentInfo> {
  const r = ref.trim();
  const exact = await store.db.selectFrom('assessments').select('id').where('id', '=', r).executeTakeFirst();
  if (exact) return getAssessment(store, exact.id);
  const prefix = /^[0-9a-f-]{4,}$/i.test(r)
    ? await store.db.selectFrom('assessments').select(['id', 'name']).where('id', 'like', `${r.toLowerCase()}%`).execute()
    : [];
  const named = await store.db.selectFrom('assessments').select(['id', 'name']).where('name', '=', r).execute();
  const found = [...new Map([...prefix, ...named].map((a) => [a.id, a])).values()];
  if (found.length === 1) return getAssessment(store, found[0]!.id);
  if (found.length === 0) throw new NotFoundError(`There is no assessment "${ref}". List them with: qmsr assessment list`);
  throw new ValidationError(`"${ref}" matches ${found.length} assessments (${found.map((a) => `${a.id.slice(0, 8)} ${a.name}`).join('; ')}); give more of the id.`);
}

/**
 * The items of an assessment in checklist order, filtered. Throws NotFoundError for an unknown assessment.
 *
 * One statement: the assessment left-joined with its items (so an unknown assessment is told apart from
 * a filter that matches nothing), their evidence counts and open actions. The checklist part of each item
 * comes from {@link cachedChecklist}, not from the row; the area and FDA-specific filters apply to it.
 */
export async function listItems(store: Store, assessmentId: string, filters: ItemFilters = {}): Promise<ItemRow[]> {
  const on = [sql`i.assessment_id = a.id`];
  if (filters.status !== undefined) on.push(sql`i.status = ${itemStatus(filters.status)}`);
  if (filters.owner !== undefined) on.push(sql`i.owner = ${filters.owner}`);
  if (filters.applicable !== undefined) on.push(sql`i.applicable = ${filters.applicable}`);
  const { rows } = await sql<ListedItem>`
    select i.item_id, i.position, i.applicable, i.status, i.priority, i.owner, i.due_date, i.justification, i.notes,
      i.version, i.updated_at, i.updated_by, e.proposed, e.accepted, e.rejected, x.open_actions
    from assessments a
    left join assessment_items i on ${sql.join(on, sql` and `)}
    left join (
      select item_id, count(*) filter (where state = 'proposed') as proposed, count(*) filter (where state = 'accepted') as accepted,
        count(*) filter (where state = 'rejected') as rejected
      from evidence where assessment_id = ${assessmentId} group by item_id
    ) e on e.item_id = i.item_id
    left join (
      select item_id, count(*) as open_actions from actions
      where assessment_id = ${assessmentId} and status in ('open', 'in-progress') and item_id is not null group by item_id
    ) x on x.item_id = i.item_id
    where a.id = ${assessmentId}
    order by i.position, i.item_id`.execute(store.db);
  if (rows.length === 0) throw new NotFoundError(`There is no assessment ${assessmentId}.`);
  // An item's columns are all present or (no item matched) all null.
  const listed = rows.filter((r) => r.item_id !== null) as (ItemColumns & ItemCounts)[];
  const checklist = await cachedChecklist(store, assessmentId, listed.map((r) => r.item_id));
  const out: ItemRow[] = [];
  for (const r of listed) {
    const c = checklist.get(r.item_id)!;
    if (filters.area !== undefined && c.inspectionArea?.id !== filters.area) continue;
    if (filters.fdaSpecific !== undefined && (c.fdaSpecific ?? false) !== filters.fdaSpecific) continue;
    const evidence = r.proposed === null ? undefined : { proposed: Number(r.proposed), accepted: Number(r.accepted), rejected: Number(r.rejected) };
    out.push(toItemRow(withChecklist(r, assessmentId, c), evidence, r.open_actions === null ? 0 : Number(r.open_actions)));
  }
  return out;
}

/** One item with its evidence, actions, history and comments. Throws NotFoundError. */
export async function getItem(store: Store, assessmentId: string, itemId: string): Promise<ItemDetail> {
  const found = await store.db
    .selectFrom('assessment_items')
    .select(ITEM_COLUMNS)
    .where('assessment_id', '=', assessmentId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!found) {
    await requireAssessment(store.db, assessmentId);
    throw new NotFoundError(`Assessment ${assessmentId} has no item ${itemId}.`);
  }
  const stored = withChecklist(found, assessmentId, (await cachedChecklist(store, assessmentId, [itemId])).get(itemId)!);
  // Each piece of evidence with its document's last scanned hash (`current`), in one statement.
  const evidenceRows = await store.db
    .selectFrom('evidence as e')
    .leftJoin('documents as d', (join) => join.onRef('d.assessment_id', '=', 'e.assessment_id').onRef('d.path', '=', 'e.document_path'))
    .selectAll('e')
    .select('d.sha256 as current_sha256')
    .where('e.assessment_id', '=', assessmentId)
    .where('e.item_id', '=', itemId)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  const evidence = evidenceRows
    .map(({ current_sha256, ...e }) => toEvidenceInfo(e, current_sha256 ?? undefined))
    .sort((a, b) => stateRank(a.state) - stateRank(b.state) || (b.score ?? 0) - (a.score ?? 0) || cmp(a.documentPath, b.documentPath));
  const actions = (
    await store.db.selectFrom('actions').selectAll().where('assessment_id', '=', assessmentId).where('item_id', '=', itemId).orderBy('created_at').orderBy('id').execute()
  ).map(toActionInfo);
  const events = await listAuditEvents(store.db, { assessmentId, itemId });
  const counts: EvidenceCounts = { proposed: 0, accepted: 0, rejected: 0 };
  for (const e of evidence) counts[e.state] += 1;
  const row = toItemRow(stored, counts, actions.filter((a) => a.status === 'open' || a.status === 'in-progress').length);
  return toItemDetail(row, stored, {
    evidence,
    actions,
    history: events.filter((e) => e.action !== 'comment.add').map(toHistoryEntry),
    comments: events.filter((e) => e.action === 'comment.add').map(toComment),
  });
}

/**
 * Change an item's status, owner, due date, notes, justification or
 * priority. `expectedVersion` is the version the caller read; if the item
 * has changed since, throws ConflictError naming who changed it and when.
 * A `not-applicable` status needs a justification (given now or already
 * recorded). Records one audit event per changed field, with `reason`.
 * Returns the item as now stored.
 */
export async function updateItem(store: Store, assessmentId: string, itemId: string, changes: ItemChanges, options: VersionedChangeOptions): Promise<ItemRow> {
  const next = normaliseItemChanges(changes);
  await auditedTransaction(store, async (trx) => {
    await requireWritable(trx, assessmentId);
    const current = await trx
      .selectFrom('assessment_items')
      .selectAll()
      .where('assessment_id', '=', assessmentId)
      .where('item_id', '=', itemId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new NotFoundError(`Assessment ${assessmentId} has no item ${itemId}.`);
    if (current.version !== options.expectedVersion) {
      throw new ConflictError(`Item ${itemId}`, current.updated_by, current.updated_at, options.expectedVersion, current.version);
    }
    const diff = Object.entries(next).filter(([column, value]) => (current as Record<string, unknown>)[column] !== value) as [keyof typeof next, unknown][];
    const status = next.status ?? current.status;
    const justification = next.justification !== undefined ? next.justification : current.justification;
    if (status === 'not-applicable' && !justification) {
      throw new ValidationError(
        `Item ${itemId} can be marked not-applicable only with a justification: say why the requirement does not apply to this organisation (an investigator will ask).`,
        'justification',
      );
    }
    if (diff.length === 0) return;
    const set = Object.fromEntries(diff);
    await updateWithVersion(trx, 'assessment_items', { assessment_id: assessmentId, item_id: itemId }, options.expectedVersion, set, {
      by: options.actor.name,
      reason: options.reason ?? null,
    });
    await appendAudit(
      trx,
      options.actor,
      diff.map(([column, value]) => ({
        action: 'item.update',
        entity: 'item',
        entityId: itemId,
        assessmentId,
        itemId,
        field: column,
        oldValue: auditText((current as Record<string, unknown>)[column]),
        newValue: auditText(value),
        reason: optionalText(options.reason),
      })),
    );
  });
  const rows = await listItemsByIds(store, assessmentId, [itemId]);
  return rows[0]!;
}

/** Add a comment to an item. Comments are audit events: they can be added, never edited or deleted. */
export async function addComment(store: Store, assessmentId: string, itemId: string, body: string, options: ChangeOptions): Promise<CommentInfo> {
  const text = requiredText(body, 'body', 'A comment');
  const id = newId();
  const [event] = await auditedTransaction(store, async (trx) => {
    await requireWritable(trx, assessmentId);
    await requireItem(trx, assessmentId, itemId);
    return appendAudit(trx, options.actor, [
      { action: 'comment.add', entity: 'comment', entityId: id, assessmentId, itemId, newValue: text, reason: optionalText(options.reason) },
    ]);
  });
  return toComment(event!);
}

/** Add a remediation action, for an item or (without itemId) for the whole assessment. Audited. */
export async function addAction(store: Store, assessmentId: string, input: NewActionInput, options: ChangeOptions): Promise<ActionInfo> {
  const title = requiredText(input.title, 'title', 'An action title');
  const values = {
    title,
    owner: optionalText(input.owner),
    due_date: dueDate(input.dueDate),
    status: input.status !== undefined ? actionStatus(input.status) : ('open' as const),
  };
  const id = newId();
  const itemId = input.itemId ?? null;
  await auditedTransaction(store, async (trx) => {
    await requireWritable(trx, assessmentId);
    if (itemId !== null) await requireItem(trx, assessmentId, itemId);
    await trx
      .insertInto('actions')
      .values({ id, assessment_id: assessmentId, item_id: itemId, ...values, updated_by: options.actor.name })
      .execute();
    await appendAudit(
      trx,
      options.actor,
      Object.entries(values)
        .filter(([, v]) => v !== null)
        .map(([field, v]) => ({
          action: 'action.create',
          entity: 'action',
          entityId: id,
          assessmentId,
          itemId,
          field,
          newValue: auditText(v),
          reason: optionalText(options.reason),
        })),
    );
  });
  return getAction(store, id);
}

/** Change an action's title, owner, due date or status; version-checked like items. Audited per field. */
export async function updateAction(store: Store, actionId: string, changes: ActionChanges, options: VersionedChangeOptions): Promise<ActionInfo> {
  const next: Record<string, unknown> = {};
  if (changes.title !== undefined) next.title = requiredText(changes.title, 'title', 'An action title');
  if (changes.owner !== undefined) next.owner = optionalText(changes.owner);
  if (changes.dueDate !== undefined) next.due_date = dueDate(changes.dueDate);
  if (changes.status !== undefined) next.status = actionStatus(changes.status);
  await auditedTransaction(store, async (trx) => {
    const current = await trx.selectFrom('actions').selectAll().where('id', '=', actionId).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError(`There is no action ${actionId}.`);
    await requireWritable(trx, current.assessment_id);
    if (current.version !== options.expectedVersion) {
      throw new ConflictError(`Action "${current.title}"`, current.updated_by, current.updated_at, options.expectedVersion, current.version);
    }
    const diff = Object.entries(next).filter(([column, value]) => (current as Record<string, unknown>)[column] !== value);
    if (diff.length === 0) return;
    await updateWithVersion(trx, 'actions', { id: actionId }, options.expectedVersion, Object.fromEntries(diff), { by: options.actor.name, reason: options.reason ?? null });
    await appendAudit(
      trx,
      options.actor,
      diff.map(([field, value]) => ({
        action: 'action.update',
        entity: 'action',
        entityId: actionId,
        assessmentId: current.assessment_id,
        itemId: current.item_id,
        field,
        oldValue: auditText((current as Record<string, unknown>)[field]),
        newValue: auditText(value),
        reason: optionalText(options.reason),
      })),
    );
  });
  return getAction(store, actionId);
}

/** One action. Throws NotFoundError. */
export async function getAction(store: Store, actionId: string): Promise<ActionInfo> {
  const row = await store.db.selectFrom('actions').selectAll().where('id', '=', actionId).executeTakeFirst();
  if (!row) throw new NotFoundError(`There is no action ${actionId}.`);
  return toActionInfo(row);
}

/** The actions of an assessment (optionally of one item), oldest first. */
export async function listActions(store: Store, assessmentId: string, filter: { itemId?: string } = {}): Promise<ActionInfo[]> {
  await requireAssessment(store.db, assessmentId);
  let q = store.db.selectFrom('actions').selectAll().where('assessment_id', '=', assessmentId);
  if (filter.itemId !== undefined) q = q.where('item_id', '=', filter.itemId);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toActionInfo);
}

/** The documents scanned for an assessment (each at its last scanned version), by path. */
export async function listDocuments(store: Store, assessmentId: string): Promise<DocumentInfo[]> {
  await requireAssessment(store.db, assessmentId);
  return (await store.db.selectFrom('documents').selectAll().where('assessment_id', '=', assessmentId).orderBy('path').execute()).map(toDocumentInfo);
}

/**
 * The numbers of an assessment: counts by status, priority, ISO clause group
 * and inspection area; the heat maps; evidence coverage (items no document
 * covers); documents that need revision; actions.
 */
export async function summary(store: Store, assessmentId: string, options: { today?: string; kb?: KnowledgeBase } = {}): Promise<AssessmentSummaryData> {
  const assessment = await getAssessment(store, assessmentId);
  const kb = options.kb ?? getKnowledgeBase();
  return computeSummary({
    items: await listItems(store, assessmentId),
    areas: assessment.checklist.inspectionAreas ?? [],
    documents: await listDocuments(store, assessmentId),
    actions: await listActions(store, assessmentId),
    clauseTitle: (c) => kb.iso.get(c)?.title,
    today: options.today ?? new Date().toISOString().slice(0, 10),
  });
}

// ---------------------------------------------------------------- helpers

async function listItemsByIds(store: Store, assessmentId: string, ids: string[]): Promise<ItemRow[]> {
  const rows = await store.db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', assessmentId).where('item_id', 'in', ids).execute();
  const evidence = await evidenceCounts(store.db, assessmentId);
  const actions = await openActionCounts(store.db, assessmentId);
  return rows.map((r) => toItemRow(r, evidence.get(r.item_id), actions.get(r.item_id) ?? 0));
}

/** The columns of an item row other than its stored checklist item (which {@link cachedChecklist} supplies). */
const ITEM_COLUMNS = [
  'item_id',
  'position',
  'applicable',
  'status',
  'priority',
  'owner',
  'due_date',
  'justification',
  'notes',
  'version',
  'updated_at',
  'updated_by',
] as const;

type ItemColumns = Pick<AssessmentItem, (typeof ITEM_COLUMNS)[number]>;

/** Evidence counts by state (null: none) and open actions (null: none) of an item, as listItems' statement reads them. */
interface ItemCounts {
  proposed: string | number | null;
  accepted: string | number | null;
  rejected: string | number | null;
  open_actions: string | number | null;
}

/** A row of listItems' statement: null item columns when the assessment has no item that matches. */
type ListedItem = { [K in keyof ItemColumns]: ItemColumns[K] | null } & ItemCounts;

/** An item row put together from its columns and its (cached) checklist item. */
function withChecklist(columns: ItemColumns, assessmentId: string, item: ChecklistItem): AssessmentItem {
  return { ...columns, assessment_id: assessmentId, checklist: item as unknown as AssessmentItem['checklist'] };
}

/**
 * Stored checklist items by assessment and item id, per database handle. The checklist of an assessment is
 * written once, with the assessment (createAssessment), and never changed (nothing updates
 * `assessment_items.checklist`), so it can be kept in memory for good and is exact on every back-end and
 * instance. Code that ever changes that column must delete the assessment's entry here. The items are
 * frozen: rows built from them share their arrays, and a caller that changed one would otherwise change
 * the cache. At most {@link CHECKLIST_CACHE_SIZE} assessments per database, oldest dropped first.
 */
const checklists = new WeakMap<object, Map<string, Map<string, ChecklistItem>>>();
const CHECKLIST_CACHE_SIZE = 100;

/** The checklist items of `itemIds` (which must exist) in an assessment, read once and then from memory. */
async function cachedChecklist(store: Store, assessmentId: string, itemIds: readonly string[]): Promise<ReadonlyMap<string, ChecklistItem>> {
  let byAssessment = checklists.get(store.db);
  if (!byAssessment) checklists.set(store.db, (byAssessment = new Map()));
  const known = byAssessment.get(assessmentId);
  if (known && itemIds.every((id) => known.has(id))) return known;
  const rows = await store.db.selectFrom('assessment_items').select(['item_id', 'checklist']).where('assessment_id', '=', assessmentId).execute();
  const items = new Map(rows.map((r) => [r.item_id, deepFreeze(r.checklist as unknown as ChecklistItem)]));
  byAssessment.delete(assessmentId);
  if (byAssessment.size >= CHECKLIST_CACHE_SIZE) byAssessment.delete(byAssessment.keys().next().value!);
  byAssessment.set(assessmentId, items);
  return items;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function normaliseItemChanges(changes: ItemChanges): Partial<Pick<AssessmentItem, 'status' | 'owner' | 'due_date' | 'notes' | 'justification' | 'priority'>> {
  const out: Partial<Pick<AssessmentItem, 'status' | 'owner' | 'due_date' | 'notes' | 'justification' | 'priority'>> = {};
  if (changes.status !== undefined) out.status = itemStatus(changes.status);
  if (changes.owner !== undefined) out.owner = optionalText(changes.owner);
  if (changes.dueDate !== undefined) out.due_date = dueDate(changes.dueDate);
  if (changes.notes !== undefined) out.notes = optionalText(changes.notes);
  if (changes.justification !== undefined) out.justification = optionalText(changes.justification);
  if (changes.priority !== undefined) out.priority = priority(changes.priority);
  return out;
}

async function statusCounts(db: Reader, assessmentId?: string) {
  let q = db
    .selectFrom('assessment_items')
    .select(['assessment_id', 'status', 'applicable'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .groupBy(['assessment_id', 'status', 'applicable']);
  if (assessmentId !== undefined) q = q.where('assessment_id', '=', assessmentId);
  const out = new Map<string, { byStatus: ReturnType<typeof emptyStatusCounts>; items: number; applicable: number }>();
  for (const r of await q.execute()) {
    let c = out.get(r.assessment_id);
    if (!c) out.set(r.assessment_id, (c = { byStatus: emptyStatusCounts(), items: 0, applicable: 0 }));
    const n = Number(r.n);
    c.items += n;
    if (r.applicable) {
      c.applicable += n;
      c.byStatus[r.status] += n;
    }
  }
  return out;
}

async function evidenceCounts(db: Reader, assessmentId: string): Promise<Map<string, EvidenceCounts>> {
  const rows = await db
    .selectFrom('evidence')
    .select(['item_id', 'state'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('assessment_id', '=', assessmentId)
    .groupBy(['item_id', 'state'])
    .execute();
  const out = new Map<string, EvidenceCounts>();
  for (const r of rows) {
    let c = out.get(r.item_id);
    if (!c) out.set(r.item_id, (c = { proposed: 0, accepted: 0, rejected: 0 }));
    c[r.state] += Number(r.n);
  }
  return out;
}

async function openActionCounts(db: Reader, assessmentId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('actions')
    .select('item_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('assessment_id', '=', assessmentId)
    .where('status', 'in', ['open', 'in-progress'])
    .groupBy('item_id')
    .execute();
  return new Map(rows.filter((r) => r.item_id !== null).map((r) => [r.item_id!, Number(r.n)]));
}

function stateRank(state: EvidenceInfo['state']): number {
  return state === 'accepted' ? 0 : state === 'proposed' ? 1 : 2;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
