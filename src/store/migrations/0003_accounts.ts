/**
 * 0003: accounts for the team workspace (`qmsr serve`). Users, their
 * sessions, login attempts (for lockout and the record of failed logins),
 * electronic signatures, and the server folders registered as document
 * sources of an assessment.
 *
 * Records that must stay as written are protected by the database itself:
 * - `users` rows can be changed (role, password, deactivation) but never
 *   deleted, so a username is never reused and every signature keeps its
 *   signer (21 CFR 11.100(a), 11.300(a));
 * - `signatures` are append-only (UPDATE, DELETE and TRUNCATE are refused),
 *   and reference their assessment without cascade, so a signed assessment
 *   cannot be deleted (11.70: signatures cannot be excised or transferred).
 *
 * Sessions store only the SHA-256 of the session token; the token itself is
 * known only to the browser.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Migration } from './types.js';
import { oneOf } from './types.js';

const now = sql`now()`;

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_by', 'text')
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('users_username_check', sql`username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'`)
    .addCheckConstraint('users_full_name_check', sql`btrim(full_name) <> ''`)
    .addCheckConstraint('users_role_check', oneOf('role', ['admin', 'assessor', 'reviewer', 'viewer']))
    .addCheckConstraint('users_password_hash_check', sql`password_hash like '$argon2id$%'`)
    .addCheckConstraint('users_version_check', sql`version >= 1`)
    .execute();
  await sql`
    create trigger users_no_delete before delete on users
    for each row execute function qmsr_refuse_change()`.execute(db);
  await sql`
    create trigger users_no_truncate before truncate on users
    for each statement execute function qmsr_refuse_change()`.execute(db);

  await db.schema
    .createTable('sessions')
    // SHA-256 (hex) of the 256-bit random token held by the browser.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addCheckConstraint('sessions_id_check', sql`id ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint('sessions_expiry_check', sql`expires_at > created_at`)
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    // As typed (lower-cased, cut to 200 characters): attempts on unknown names count too.
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('success', 'boolean', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addCheckConstraint('login_attempts_kind_check', oneOf('kind', ['login', 'signature', 'password-change']))
    .addCheckConstraint(
      'login_attempts_outcome_check',
      oneOf('outcome', ['ok', 'bad-password', 'unknown-user', 'inactive', 'locked-user', 'locked-ip']),
    )
    .execute();
  await db.schema.createIndex('login_attempts_username_idx').on('login_attempts').columns(['username', 'at']).execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'at']).execute();

  await db.schema
    .createTable('signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // No cascade: a signed assessment cannot be deleted.
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('report_format', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('printed_name', 'text', (c) => c.notNull())
    .addColumn('meaning', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('comment', 'text')
    // SHA-256 of exactly what was signed (canonical JSON of the assessment, or the report's bytes) ...
    .addColumn('subject_sha256', 'text', (c) => c.notNull())
    // ... which is kept, so the signed record can be shown as it was.
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    // SHA-256 of the canonical assessment state at signing time, to tell later whether the subject changed.
    .addColumn('state_sha256', 'text', (c) => c.notNull())
    .addColumn('assessment_version', 'integer', (c) => c.notNull())
    .addCheckConstraint('signatures_subject_type_check', oneOf('subject_type', ['assessment', 'report']))
    .addCheckConstraint(
      'signatures_report_format_check',
      sql`(subject_type = 'assessment' and report_format is null)
        or (subject_type = 'report' and report_format in ('xlsx', 'pdf', 'html', 'md', 'csv', 'json'))`,
    )
    .addCheckConstraint('signatures_meaning_check', oneOf('meaning', ['review', 'approval', 'responsibility']))
    .addCheckConstraint('signatures_printed_name_check', sql`btrim(printed_name) <> ''`)
    .addCheckConstraint('signatures_subject_sha256_check', sql`subject_sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint('signatures_state_sha256_check', sql`state_sha256 ~ '^[0-9a-f]{64}$'`)
    .execute();
  await db.schema.createIndex('signatures_assessment_idx').on('signatures').columns(['assessment_id', 'signed_at']).execute();
  await sql`
    create trigger signatures_append_only before update or delete on signatures
    for each row execute function qmsr_refuse_change()`.execute(db);
  await sql`
    create trigger signatures_no_truncate before truncate on signatures
    for each statement execute function qmsr_refuse_change()`.execute(db);

  await db.schema
    .createTable('document_folders')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    // Absolute, resolved path of a folder on the server that an administrator registered as a document source.
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_folders_pkey', ['assessment_id', 'path'])
    .addCheckConstraint('document_folders_path_check', sql`path like '/%'`)
    .execute();
}

/** Accounts, sessions, login attempts and electronic signatures for the workspace server. */
export const migration: Migration = { version: 3, name: 'accounts', up };
