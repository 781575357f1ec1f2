/**
 * The audit trail: one hash chain over every change to assessment data.
 *
 * Each event records who (actor id and name), when (the database clock, to
 * the millisecond), what (action, entity, field, old and new value) and why
 * (reason). Its `hash` is SHA-256 over `prev_hash` and the canonical JSON of
 * its content, and `prev_hash` is the previous event's hash (64 zeros for
 * the first), so changing, removing or reordering any event breaks every
 * link after it, and {@link verifyAuditChain} names the first broken event.
 *
 * Events are appended in the same transaction as the change they record,
 * after `pg_advisory_xact_lock` on one fixed key: appenders on a shared
 * PostgreSQL server queue up, each reads the head the previous one
 * committed, and `seq` stays gap-free. The migration adds two guards in the
 * database itself: `prev_hash` is unique (the chain cannot fork) and
 * UPDATE/DELETE/TRUNCATE are refused.
 *
 * What a chain cannot show on its own: someone with database superuser rights
 * who rewrites the table and recomputes every hash after the change, or cuts
 * off the newest events. Reports therefore print the chain head (last seq and
 * hash); comparing a report's head with the database shows either.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AuditEventRow, Schema, Store } from '../store/index.js';

/** Who makes a change. The CLI uses the operating-system account; the server, the signed-in user. */
export interface Actor {
  /** Stable identifier, e.g. `os:alice` or a user id. */
  id: string;
  /** Name shown in histories and reports. */
  name: string;
}

/** One event to append. Values are text (or null), exactly as they will be shown. */
export interface AuditInput {
  action: string;
  entity: string;
  entityId: string;
  assessmentId?: string | null;
  itemId?: string | null;
  field?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  reason?: string | null;
}

/** An event as stored. */
export interface AuditEvent {
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  assessmentId: string | null;
  itemId: string | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

/** The outcome of {@link verifyAuditChain}. */
export interface AuditVerification {
  ok: boolean;
  /** Events checked (all of them when ok). */
  count: number;
  /** The last event: quote it in a report to detect later truncation or rewriting. */
  head?: { seq: number; hash: string };
  /** The first event that does not verify. */
  firstBadSeq?: number;
  /** What is wrong with it, in words. */
  reason?: string;
}

/** prev_hash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Advisory-lock key that serialises appends ("qmsa" in ASCII); the migrator uses "qmsr". */
const CHAIN_LOCK = 0x716d7361;

type Db = Kysely<Schema> | Transaction<Schema>;

/** The content an event's hash covers, in a fixed key order. */
function content(e: Omit<AuditEvent, 'hash'>): string {
  return JSON.stringify([
    e.seq,
    e.at,
    e.actorId,
    e.actorName,
    e.action,
    e.entity,
    e.entityId,
    e.assessmentId,
    e.itemId,
    e.field,
    e.oldValue,
    e.newValue,
    e.reason,
  ]);
}

/** The hash of an event: SHA-256 (hex) of `prev_hash`, a newline and the canonical JSON of its content. */
export function eventHash(e: Omit<AuditEvent, 'hash'>): string {
  return createHash('sha256').update(e.prevHash).update('\n').update(content(e)).digest('hex');
}

/**
 * Take the chain lock for the rest of the transaction. Take it before
 * locking any other row, so that two writers never wait on each other in
 * opposite orders; {@link auditedTransaction} does this for you.
 */
export async function lockAuditChain(trx: Transaction<Schema>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(CHAIN_LOCK)})`.execute(trx);
}

/**
 * Run `fn` in one transaction that holds the chain lock from its first
 * statement: every change made through `trx` and the events appended with
 * {@link appendAudit} commit or roll back together.
 */
export async function auditedTransaction<T>(store: Store, fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T> {
  return store.transaction(async (trx) => {
    await lockAuditChain(trx);
    return fn(trx);
  });
}

/**
 * Append events, in order, inside the caller's transaction. Throws if an
 * event has no actor. Returns the events as stored.
 */
export async function appendAudit(trx: Transaction<Schema>, actor: Actor, events: readonly AuditInput[]): Promise<AuditEvent[]> {
  if (events.length === 0) return [];
  if (!actor.id || !actor.name?.trim()) throw new Error('appendAudit: every change needs an actor (id and name).');
  await lockAuditChain(trx);
  const head = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const clock = await sql<{ at: Date }>`select date_trunc('milliseconds', clock_timestamp()) as at`.execute(trx);
  const at = new Date(clock.rows[0]!.at).toISOString();
  let seq = head ? Number(head.seq) : 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const out: AuditEvent[] = [];
  for (const e of events) {
    seq += 1;
    const base: Omit<AuditEvent, 'hash'> = {
      seq,
      at,
      actorId: actor.id,
      actorName: actor.name,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      assessmentId: e.assessmentId ?? null,
      itemId: e.itemId ?? null,
      field: e.field ?? null,
      oldValue: e.oldValue ?? null,
      newValue: e.newValue ?? null,
      reason: e.reason ?? null,
      prevHash,
    };
    const event = { ...base, hash: eventHash(base) };
    out.push(event);
    prevHash = event.hash;
  }
  for (let i = 0; i < out.length; i += 500) {
    await trx
      .insertInto('audit_events')
      .values(
        out.slice(i, i + 500).map(toAuditRow),
      )
      .execute();
  }
  return out;
}

/** An event as the row stored for it (the inverse of toAuditEvent). */
export function toAuditRow(e: AuditEvent) {
  return {
    seq: e.seq,
    at: e.at,
    actor_id: e.actorId,
    actor_name: e.actorName,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    assessment_id: e.assessmentId,
    item_id: e.itemId,
    field: e.field,
    old_value: e.oldValue,
    new_value: e.newValue,
    reason: e.reason,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/** A stored row as an event. */
export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    assessmentId: row.assessment_id,
    itemId: row.item_id,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    reason: row.reason,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Which events {@link listAuditEvents} returns. */
export interface AuditFilter {
  assessmentId?: string;
  itemId?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  /** Only events after this seq (for paging). */
  afterSeq?: number;
  limit?: number;
}

/** Events in chain order, optionally filtered. */
export async function listAuditEvents(db: Db, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (filter.assessmentId !== undefined) q = q.where('assessment_id', '=', filter.assessmentId);
  if (filter.itemId !== undefined) q = q.where('item_id', '=', filter.itemId);
  if (filter.entity !== undefined) q = q.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.afterSeq !== undefined) q = q.where('seq', '>', String(filter.afterSeq));
  q = q.orderBy('seq');
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  return (await q.execute()).map(toAuditEvent);
}

/** The newest event's seq and hash, or undefined for an empty trail. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const row = await db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

/**
 * Check the whole chain, oldest first, in pages: seq runs 1, 2, 3 … without
 * gaps, every `prev_hash` is the previous event's hash and every `hash`
 * matches the event's content. Stops at the first event that fails.
 */
export async function verifyAuditChain(store: { db: Kysely<Schema> }, pageSize = 2000): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', String(expectedSeq))
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const e = toAuditEvent(row);
      const bad = (reason: string): AuditVerification => ({ ok: false, count, firstBadSeq: e.seq, reason });
      if (e.seq !== expectedSeq) {
        return {
          ok: false,
          count,
          firstBadSeq: expectedSeq,
          reason: `event ${expectedSeq} is missing: the chain goes from ${expectedSeq - 1} to ${e.seq}`,
        };
      }
      if (e.prevHash !== prevHash) {
        return bad(`its prev_hash does not match the hash of event ${e.seq - 1}: an event before it was changed, removed or inserted`);
      }
      const { hash: _stored, ...rest } = e;
      if (eventHash(rest) !== e.hash) return bad('its content does not match its hash: the event was changed after it was written');
      prevHash = e.hash;
      expectedSeq += 1;
      count += 1;
    }
  }
  if (count === 0) return { ok: true, count: 0 };
  return { ok: true, count, head: { seq: expectedSeq - 1, hash: prevHash } };
}
