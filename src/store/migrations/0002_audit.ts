/**
 * 0002: the audit trail, and what the gap assessment records beside it.
 *
 * `audit_events` is one hash chain over every change to assessment data
 * (src/assessment/audit.ts writes and verifies it):
 * - `seq` is 1, 2, 3, … with no gaps. It is assigned in code under a
 *   transaction-scoped advisory lock, not by a sequence: a sequence leaves
 *   holes on rollback, and a hole must mean a deleted row. A plain column
 *   also restores from a backup unchanged.
 * - `hash` = SHA-256 over the row's content and `prev_hash`. `prev_hash` is
 *   unique, so two rows can never follow the same predecessor: the chain
 *   cannot fork, even if code forgot the lock.
 * - UPDATE, DELETE and TRUNCATE are refused by triggers. The table has no
 *   foreign keys, so the record outlives whatever it describes.
 *
 * The assessment tables gain what the assessment keeps of its checklist, so
 * that the record shows what each item meant when it was assessed even after
 * the knowledge base moves on: per item, whether it applies, its place in the
 * checklist and the checklist item as built; per assessment, what the
 * checklist was built from. Evidence gains the proposer's score and the basis
 * of the proposal; documents keep the findings of their last scan.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Migration } from './types.js';

const hex64 = (column: string) => sql`${sql.ref(column)} ~ '^[0-9a-f]{64}$'`;

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('assessment_id', 'text')
    .addColumn('item_id', 'text')
    .addColumn('field', 'text')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('reason', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addCheckConstraint('audit_events_seq_check', sql`seq >= 1`)
    .addCheckConstraint('audit_events_actor_check', sql`actor_id <> '' and btrim(actor_name) <> ''`)
    .addCheckConstraint('audit_events_action_check', sql`action <> '' and entity <> ''`)
    .addCheckConstraint('audit_events_prev_hash_check', hex64('prev_hash'))
    .addCheckConstraint('audit_events_hash_check', hex64('hash'))
    .execute();
  await db.schema.createIndex('audit_events_assessment_idx').on('audit_events').columns(['assessment_id', 'item_id', 'seq']).execute();
  await db.schema.createIndex('audit_events_entity_idx').on('audit_events').columns(['entity', 'entity_id', 'seq']).execute();
  // qmsr_refuse_change() is defined by 0001.
  await sql`
    create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function qmsr_refuse_change()`.execute(db);
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function qmsr_refuse_change()`.execute(db);

  await sql`
    alter table assessments
      add column checklist jsonb not null default '{}'::jsonb,
      add constraint assessments_checklist_check check (jsonb_typeof(checklist) = 'object')`.execute(db);
  await sql`
    alter table assessment_items
      add column applicable boolean not null default true,
      add column position integer not null default 0,
      add column checklist jsonb not null default '{}'::jsonb,
      add constraint assessment_items_checklist_check check (jsonb_typeof(checklist) = 'object')`.execute(db);
  await sql`
    alter table evidence
      add column score integer,
      add column basis text`.execute(db);
  await sql`
    alter table documents
      add column findings jsonb not null default '[]'::jsonb,
      add constraint documents_findings_json_check check (jsonb_typeof(findings) = 'array')`.execute(db);
}

/** The hash-chained audit trail, and the checklist, proposal and findings records the assessment keeps. */
export const migration: Migration = { version: 2, name: 'audit', up };
