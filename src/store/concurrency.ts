/**
 * Optimistic concurrency for rows people edit (assessment items, actions,
 * assessments). A client remembers the `version` it read; the update applies
 * only if the row still has that version, and bumps it. Otherwise the caller
 * gets a {@link ConflictError} that says who changed the row and when, instead
 * of silently overwriting a colleague's work.
 *
 * For assessment items the same transaction appends one `item_history` row
 * per changed field, so the change log cannot miss an update made this way.
 */
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Schema } from './schema.js';
import { newId } from './schema.js';

/** Tables with a `version` column. */
export type VersionedTable = 'assessments' | 'assessment_items' | 'actions';

/** The primary key of a versioned table. */
export type VersionedKey<T extends VersionedTable> = T extends 'assessment_items' ? { assessment_id: string; item_id: string } : { id: string };

/** Columns a caller may change: everything except the key and the bookkeeping columns. */
export type VersionedChanges<T extends VersionedTable> = Omit<
  Updateable<Schema[T]>,
  'version' | 'updated_at' | 'updated_by' | 'id' | 'assessment_id' | 'item_id' | 'created_at'
> &
  (T extends 'actions' ? { item_id?: string | null } : unknown);

/** Who makes the change, and why (the reason goes to the item history). */
export interface ChangeContext {
  by: string;
  reason?: string | null;
}

/** The row changed since the caller read it. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    readonly subject: string,
    readonly changedBy: string | null,
    readonly changedAt: Date,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `${subject} was changed by ${changedBy ?? 'someone'} at ${changedAt.toISOString()} since you opened it ` +
        `(you had version ${expectedVersion}, it is now version ${currentVersion}). Reload it and apply your change again.`,
    );
  }
}

/** The row to update does not exist. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

type Row = Record<string, unknown> & { version: number; updated_at: Date; updated_by: string | null };
type Loose = Record<string, Record<string, unknown>>;

const BOOKKEEPING = new Set(['version', 'updated_at', 'updated_by', 'id', 'assessment_id', 'created_at']);

/**
 * Update one row if its version is still `expectedVersion`; returns the new row (version + 1).
 * Runs in `db`'s transaction if it is one, else in its own.
 */
export async function updateWithVersion<T extends VersionedTable>(
  db: Kysely<Schema> | Transaction<Schema>,
  table: T,
  key: VersionedKey<T>,
  expectedVersion: number,
  changes: VersionedChanges<T>,
  context: ChangeContext,
): Promise<Selectable<Schema[T]>> {
  const keyColumns = Object.keys(key);
  for (const column of Object.keys(changes)) {
    if (BOOKKEEPING.has(column) || keyColumns.includes(column)) throw new Error(`updateWithVersion: ${table}.${column} cannot be changed this way.`);
  }
  if (!context.by) throw new Error('updateWithVersion: who makes the change (context.by) is required.');
  const run = async (trx: Transaction<Schema>) => {
    const loose = trx as unknown as Kysely<Loose>;
    let select = loose.selectFrom(table as string).selectAll().forUpdate();
    for (const [c, v] of Object.entries(key)) select = select.where(c, '=', v);
    const current = (await select.executeTakeFirst()) as Row | undefined;
    if (!current) throw new NotFoundError(`${describe(table, key, undefined)} does not exist.`);
    if (current.version !== expectedVersion) {
      throw new ConflictError(describe(table, key, current), current.updated_by, current.updated_at, expectedVersion, current.version);
    }
    const values = { ...(changes as Record<string, unknown>), version: expectedVersion + 1, updated_at: sql`now()`, updated_by: context.by };
    let update = loose.updateTable(table as string).set(values).where('version', '=', expectedVersion);
    for (const [c, v] of Object.entries(key)) update = update.where(c, '=', v);
    const updated = (await update.returningAll().executeTakeFirstOrThrow()) as Row;
    if (table === 'assessment_items') await appendHistory(trx, current, updated, Object.keys(changes), context);
    return updated as unknown as Selectable<Schema[T]>;
  };
  return db.isTransaction ? run(db as Transaction<Schema>) : db.transaction().execute(run);
}

async function appendHistory(trx: Transaction<Schema>, before: Row, after: Row, fields: string[], context: ChangeContext): Promise<void> {
  const rows = fields
    .map((field) => ({ field, old_value: asText(before[field]), new_value: asText(after[field]) }))
    .filter((r) => r.old_value !== r.new_value)
    .map((r) => ({
      id: newId(),
      assessment_id: String(after.assessment_id),
      item_id: String(after.item_id),
      ...r,
      changed_by: context.by,
      reason: context.reason ?? null,
    }));
  if (rows.length > 0) await trx.insertInto('item_history').values(rows).execute();
}

/** A column value as the text stored in item_history. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function describe(table: VersionedTable, key: Record<string, string>, row: Row | undefined): string {
  if (table === 'assessment_items') return `Item ${key.item_id}`;
  if (table === 'actions') return row?.title ? `Action "${String(row.title)}"` : `Action ${key.id}`;
  return row?.name ? `Assessment "${String(row.name)}"` : `Assessment ${key.id}`;
}
