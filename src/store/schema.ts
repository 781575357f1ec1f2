/**
 * The Kysely view of the database that the migrations in `migrations/`
 * create. Keep the two in step: a column added by a migration is added here.
 *
 * Conventions (identical on PGlite and PostgreSQL):
 * - ids are text, generated in code with `crypto.randomUUID()` ({@link newId});
 * - timestamps are `timestamptz`, read as `Date`;
 * - calendar dates (due dates) are `date`, read and written as `'YYYY-MM-DD'` strings;
 * - JSON is `jsonb`, read as a value and written as a JSON string
 *   (`JSON.stringify(value)`) so that both drivers send exactly the same text;
 * - `count(*)` and other int8 results are strings, as the `pg` driver returns them.
 */
import { randomUUID } from 'node:crypto';
import type { ColumnType, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';

/** A checklist item's assessment status. */
export const ITEM_STATUSES = ['not-assessed', 'compliant', 'partial', 'gap', 'not-applicable'] as const;
/** A checklist item's assessment status. */
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Lifecycle of an assessment. */
export const ASSESSMENT_STATUSES = ['draft', 'in-progress', 'complete', 'archived'] as const;
/** Lifecycle of an assessment. */
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** Priority of an item's remediation. */
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
/** Priority of an item's remediation. */
export type Priority = (typeof PRIORITIES)[number];

/** Where a piece of evidence came from. */
export const EVIDENCE_SOURCES = ['scan', 'manual'] as const;
/** Where a piece of evidence came from. */
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** Review state of a piece of evidence. */
export const EVIDENCE_STATES = ['proposed', 'accepted', 'rejected'] as const;
/** Review state of a piece of evidence. */
export type EvidenceState = (typeof EVIDENCE_STATES)[number];

/** Status of a remediation action. */
export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
/** Status of a remediation action. */
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A JSON value as stored in a jsonb column. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** jsonb holding an object: read as the object, written as its JSON text (`JSON.stringify`), defaulting to `{}`. */
export type JsonObjectColumn = JSONColumnType<{ [key: string]: Json }, string | undefined, string>;
/** jsonb holding an array (0002): read as the array, written as its JSON text, defaulting to `[]`. */
export type JsonArrayColumn = JSONColumnType<Json[], string | undefined, string>;
/** timestamptz: read as Date, written as Date or ISO string, defaulted by the database on insert. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** Nullable timestamptz. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** date as 'YYYY-MM-DD'. */
export type DateOnly = ColumnType<string | null, string | null | undefined, string | null>;
/** Optimistic-concurrency version: starts at 1, bumped by `updateWithVersion`. */
export type Version = ColumnType<number, number | undefined, number>;

/** `assessments`: one gap assessment of one organisation against one knowledge-base version. */
export interface AssessmentsTable {
  id: string;
  name: string;
  organization: ColumnType<string, string | undefined, string>;
  /** Answers that shape the checklist (device class, activities, …). */
  profile: JsonObjectColumn;
  kb_version: string;
  status: ColumnType<AssessmentStatus, AssessmentStatus | undefined, AssessmentStatus>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  updated_by: string | null;
  version: Version;
  /** (0002) What the checklist was built from: tool and knowledge-base versions and hashes, inspection areas. */
  checklist: JsonObjectColumn;
}

/** `assessment_items`: the state of one checklist item within an assessment. */
export interface AssessmentItemsTable {
  assessment_id: string;
  /** The knowledge base's checklist item id. */
  item_id: string;
  status: ColumnType<ItemStatus, ItemStatus | undefined, ItemStatus>;
  justification: string | null;
  owner: string | null;
  due_date: DateOnly;
  priority: Priority | null;
  notes: string | null;
  version: Version;
  updated_at: CreatedAt;
  updated_by: string | null;
  /** (0002) Whether the item applies to the organisation, as the checklist decided it. */
  applicable: ColumnType<boolean, boolean | undefined, boolean>;
  /** (0002) Place in the checklist (0-based). */
  position: ColumnType<number, number | undefined, number>;
  /** (0002) The checklist item as built when the assessment was created (requirement, title, reason, area, hints …). */
  checklist: JsonObjectColumn;
}

/** `item_history`: append-only change log of assessment items (UPDATE and DELETE are refused by a trigger). */
export interface ItemHistoryTable {
  id: string;
  assessment_id: string;
  item_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  changed_by: string;
  changed_at: CreatedAt;
  reason: string | null;
}

/** `evidence`: a passage of a document that supports (or was proposed to support) an item. */
export interface EvidenceTable {
  id: string;
  assessment_id: string;
  item_id: string;
  document_path: string;
  /** Lower-case hex SHA-256 of the document version the excerpt came from. */
  document_sha256: string;
  /** Where in the document, e.g. `{ "page": 3 }` or `{ "paragraph": 12, "table": 1 }`. */
  location: JsonObjectColumn;
  excerpt: string | null;
  source: EvidenceSource;
  state: ColumnType<EvidenceState, EvidenceState | undefined, EvidenceState>;
  created_at: CreatedAt;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  /** (0002) The proposer's score: higher is stronger (null for manual evidence). */
  score: ColumnType<number | null, number | null | undefined, number | null>;
  /** (0002) Why the passage was proposed or attached, in words. */
  basis: ColumnType<string | null, string | null | undefined, string | null>;
}

/** `documents`: a document of the quality system as last scanned for an assessment. */
export interface DocumentsTable {
  assessment_id: string;
  path: string;
  sha256: string;
  format: string;
  scanned_at: CreatedAt;
  findings_count: ColumnType<number, number | undefined, number>;
  needs_revision: ColumnType<boolean, boolean | undefined, boolean>;
  /** (0002) The findings of the last scan of this version of the document (the scan JSON contract's shape). */
  findings: JsonArrayColumn;
}

/** `actions`: remediation actions. */
export interface ActionsTable {
  id: string;
  assessment_id: string;
  /** The checklist item the action closes, or null for an assessment-wide action. */
  item_id: string | null;
  title: string;
  owner: string | null;
  due_date: DateOnly;
  status: ColumnType<ActionStatus, ActionStatus | undefined, ActionStatus>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  updated_by: string | null;
  version: Version;
}

/** `scan_runs`: one run of the document scanner for an assessment. */
export interface ScanRunsTable {
  id: string;
  assessment_id: string;
  started_at: CreatedAt;
  finished_at: NullableTimestamp;
  tool_version: string;
  kb_version: string;
  summary: JsonObjectColumn;
}

/** A workspace user's role (see src/server/auth/policy.ts for what each may do). */
export const USER_ROLES = ['admin', 'assessor', 'reviewer', 'viewer'] as const;
/** A workspace user's role. */
export type UserRole = (typeof USER_ROLES)[number];

/** What an electronic signature means (21 CFR 11.50(a)(3)). */
export const SIGNATURE_MEANINGS = ['review', 'approval', 'responsibility'] as const;
/** What an electronic signature means. */
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

/** `users` (0003): workspace accounts; never deleted (a trigger refuses DELETE), deactivated instead. */
export interface UsersTable {
  id: string;
  /** Lower case, unique forever. */
  username: string;
  /** The printed name used in electronic signatures. */
  full_name: string;
  role: UserRole;
  /** argon2id PHC string. */
  password_hash: string;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: CreatedAt;
  updated_by: string | null;
  password_changed_at: CreatedAt;
  version: Version;
}

/** `sessions` (0003): signed-in browsers; `id` is the SHA-256 of the token the browser holds. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
}

/** `login_attempts` (0003): every password check (login, signature, password change), for lockout and review. */
export interface LoginAttemptsTable {
  id: string;
  at: CreatedAt;
  username: string;
  ip: string;
  kind: 'login' | 'signature' | 'password-change';
  success: boolean;
  outcome: 'ok' | 'bad-password' | 'unknown-user' | 'inactive' | 'locked-user' | 'locked-ip';
}

/** `signatures` (0003): append-only electronic signatures on assessments and reports. */
export interface SignaturesTable {
  id: string;
  assessment_id: string;
  subject_type: 'assessment' | 'report';
  report_format: string | null;
  user_id: string;
  username: string;
  printed_name: string;
  meaning: SignatureMeaning;
  signed_at: CreatedAt;
  comment: string | null;
  subject_sha256: string;
  content: Buffer;
  content_type: string;
  state_sha256: string;
  assessment_version: number;
}

/** `document_folders` (0003): server folders an administrator registered as document sources of an assessment. */
export interface DocumentFoldersTable {
  assessment_id: string;
  /** Absolute, resolved path. */
  path: string;
  registered_at: CreatedAt;
  registered_by: string;
}

/**
 * `audit_events` (0002): the hash-chained, append-only audit trail of every
 * change to assessment data. Written only through src/assessment/audit.ts.
 */
export interface AuditEventsTable {
  /** 1, 2, 3, … without gaps (bigint, read as a string). */
  seq: ColumnType<string, string | number, never>;
  at: ColumnType<Date, Date | string, never>;
  actor_id: string;
  actor_name: string;
  /** What happened, e.g. `item.update`, `evidence.accept`, `action.create`, `comment.add`. */
  action: string;
  /** The kind of record changed: `assessment`, `item`, `evidence`, `action`, `document`, `scan`, `signature`. */
  entity: string;
  entity_id: string;
  assessment_id: string | null;
  item_id: string | null;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  /** Hash of the previous event (64 zeros for the first). */
  prev_hash: string;
  /** SHA-256 over this event's content and prev_hash. */
  hash: string;
}

/** `schema_migrations`: one row per applied migration. */
export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: CreatedAt;
}

/** The whole database. */
export interface Schema {
  assessments: AssessmentsTable;
  assessment_items: AssessmentItemsTable;
  item_history: ItemHistoryTable;
  evidence: EvidenceTable;
  documents: DocumentsTable;
  actions: ActionsTable;
  scan_runs: ScanRunsTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  signatures: SignaturesTable;
  document_folders: DocumentFoldersTable;
}

/** Data tables in dependency order (parents first) with their primary keys: the order of backups and restores. */
export const DATA_TABLES = [
  { name: 'assessments', key: ['id'] },
  { name: 'assessment_items', key: ['assessment_id', 'item_id'] },
  { name: 'item_history', key: ['changed_at', 'id'] },
  { name: 'evidence', key: ['id'] },
  { name: 'documents', key: ['assessment_id', 'path'] },
  { name: 'actions', key: ['id'] },
  { name: 'scan_runs', key: ['id'] },
  { name: 'audit_events', key: ['seq'] },
  { name: 'users', key: ['id'] },
  { name: 'sessions', key: ['id'] },
  { name: 'login_attempts', key: ['at', 'id'] },
  { name: 'signatures', key: ['signed_at', 'id'] },
  { name: 'document_folders', key: ['assessment_id', 'path'] },
] as const satisfies ReadonlyArray<{ name: keyof Schema; key: readonly string[] }>;

/** A data table's name. */
export type DataTable = (typeof DATA_TABLES)[number]['name'];

/** A new text id. */
export function newId(): string {
  return randomUUID();
}

/** Row types for reading (`Selectable`), inserting (`Insertable`) and updating (`Updateable`). */
export type Assessment = Selectable<AssessmentsTable>;
/** An assessment to insert. */
export type NewAssessment = Insertable<AssessmentsTable>;
/** A checklist item's state as read. */
export type AssessmentItem = Selectable<AssessmentItemsTable>;
/** A checklist item's state to insert. */
export type NewAssessmentItem = Insertable<AssessmentItemsTable>;
/** Changes to a checklist item's state. */
export type AssessmentItemUpdate = Updateable<AssessmentItemsTable>;
/** One change-log entry. */
export type ItemHistory = Selectable<ItemHistoryTable>;
/** Evidence as read. */
export type Evidence = Selectable<EvidenceTable>;
/** Evidence to insert. */
export type NewEvidence = Insertable<EvidenceTable>;
/** A scanned document as read. */
export type DocumentRow = Selectable<DocumentsTable>;
/** A remediation action as read. */
export type Action = Selectable<ActionsTable>;
/** A remediation action to insert. */
export type NewAction = Insertable<ActionsTable>;
/** A scan run as read. */
export type ScanRun = Selectable<ScanRunsTable>;
/** An audit event as read. */
export type AuditEventRow = Selectable<AuditEventsTable>;
