/**
 * 0001: the gap assessment. Assessments, the state of each checklist item,
 * its append-only change history, evidence, scanned documents, remediation
 * actions and scan runs.
 *
 * Deleting an assessment cascades to its rows, except that an item with
 * change history cannot be deleted (history is kept for the record), so an
 * assessment that has been worked on can only be archived.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Migration } from './types.js';
import { oneOf } from './types.js';

const now = sql`now()`;
const emptyObject = sql`'{}'::jsonb`;

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organization', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('profile', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('kb_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('assessments_name_check', sql`name <> ''`)
    .addCheckConstraint('assessments_status_check', oneOf('status', ['draft', 'in-progress', 'complete', 'archived']))
    .addCheckConstraint('assessments_profile_check', sql`jsonb_typeof(profile) = 'object'`)
    .addCheckConstraint('assessments_version_check', sql`version >= 1`)
    .execute();

  await db.schema
    .createTable('assessment_items')
    .addColumn('assessment_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('not-assessed'))
    .addColumn('justification', 'text')
    .addColumn('owner', 'text')
    .addColumn('due_date', 'date')
    .addColumn('priority', 'text')
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('assessment_items_pkey', ['assessment_id', 'item_id'])
    .addForeignKeyConstraint('assessment_items_assessment_fkey', ['assessment_id'], 'assessments', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addCheckConstraint('assessment_items_item_id_check', sql`item_id <> ''`)
    .addCheckConstraint(
      'assessment_items_status_check',
      oneOf('status', ['not-assessed', 'compliant', 'partial', 'gap', 'not-applicable']),
    )
    .addCheckConstraint('assessment_items_priority_check', oneOf('priority', ['low', 'medium', 'high', 'critical']))
    .addCheckConstraint('assessment_items_version_check', sql`version >= 1`)
    .execute();
  await db.schema.createIndex('assessment_items_status_idx').on('assessment_items').columns(['assessment_id', 'status']).execute();

  await db.schema
    .createTable('item_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('reason', 'text')
    // No cascade: an item with history cannot be deleted.
    .addForeignKeyConstraint('item_history_item_fkey', ['assessment_id', 'item_id'], 'assessment_items', ['assessment_id', 'item_id'])
    .addCheckConstraint('item_history_field_check', sql`field <> ''`)
    .execute();
  await db.schema
    .createIndex('item_history_item_idx')
    .on('item_history')
    .columns(['assessment_id', 'item_id', 'changed_at'])
    .execute();
  await sql`
    create function qmsr_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'qmsr: % is append-only; % is not allowed', tg_table_name, tg_op
        using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger item_history_append_only before update or delete on item_history
    for each row execute function qmsr_refuse_change()`.execute(db);
  await sql`
    create trigger item_history_no_truncate before truncate on item_history
    for each statement execute function qmsr_refuse_change()`.execute(db);

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('document_path', 'text', (c) => c.notNull())
    .addColumn('document_sha256', 'text', (c) => c.notNull())
    .addColumn('location', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('excerpt', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('proposed'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addCheckConstraint('evidence_sha256_check', sql`document_sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint('evidence_location_check', sql`jsonb_typeof(location) = 'object'`)
    .addCheckConstraint('evidence_source_check', oneOf('source', ['scan', 'manual']))
    .addCheckConstraint('evidence_state_check', oneOf('state', ['proposed', 'accepted', 'rejected']))
    .addCheckConstraint(
      'evidence_decision_check',
      sql`(state = 'proposed' and decided_by is null and decided_at is null)
        or (state <> 'proposed' and decided_by is not null and decided_at is not null)`,
    )
    .execute();
  await db.schema.createIndex('evidence_item_idx').on('evidence').columns(['assessment_id', 'item_id']).execute();
  await db.schema.createIndex('evidence_document_idx').on('evidence').columns(['assessment_id', 'document_path']).execute();

  await db.schema
    .createTable('documents')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('findings_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('needs_revision', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('documents_pkey', ['assessment_id', 'path'])
    .addCheckConstraint('documents_sha256_check', sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint('documents_findings_check', sql`findings_count >= 0`)
    .execute();

  await db.schema
    .createTable('actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('item_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('due_date', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('actions_title_check', sql`title <> ''`)
    .addCheckConstraint('actions_status_check', oneOf('status', ['open', 'in-progress', 'done', 'cancelled']))
    .addCheckConstraint('actions_version_check', sql`version >= 1`)
    .execute();
  await db.schema.createIndex('actions_assessment_idx').on('actions').columns(['assessment_id', 'status']).execute();
  await db.schema.createIndex('actions_item_idx').on('actions').columns(['assessment_id', 'item_id']).execute();

  await db.schema
    .createTable('scan_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('tool_version', 'text', (c) => c.notNull())
    .addColumn('kb_version', 'text', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addCheckConstraint('scan_runs_finished_check', sql`finished_at is null or finished_at >= started_at`)
    .addCheckConstraint('scan_runs_summary_check', sql`jsonb_typeof(summary) = 'object'`)
    .execute();
  await db.schema.createIndex('scan_runs_assessment_idx').on('scan_runs').columns(['assessment_id', 'started_at']).execute();
}

/** The gap-assessment schema. */
export const migration: Migration = { version: 1, name: 'assessment', up };
