/**
 * A Kysely dialect for PGlite. PGlite has a single connection, so the driver
 * leases it through a mutex: a plain query holds it for one statement, a
 * transaction holds it from BEGIN to COMMIT/ROLLBACK. Without this, a
 * concurrent caller's statement would run inside someone else's transaction.
 *
 * Behaviour follows Kysely's own PostgresDriver, including the check that a
 * COMMIT which PostgreSQL answered with ROLLBACK (an earlier statement failed)
 * is reported as an error, never as success.
 *
 * Every statement that may have changed data is reported to `afterChange`
 * once it has finished (see {@link mayChangeData}): this process is the only
 * one that can reach the database, so the store can tell readers exactly when
 * what they cached may be out of date (`Store.changeCount`).
 */
import type { PGlite } from '@electric-sql/pglite';
import {
  AbortedTransactionError,
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { Semaphore } from '../util/semaphore.js';

/** Options for {@link PGliteDialect}. */
export interface PGliteDialectConfig {
  /** An open PGlite instance; the caller owns it and closes it after `db.destroy()`. */
  pglite: PGlite;
  /** Called before every connection lease; may throw to refuse it (used to catch `db` use inside a transaction). */
  beforeAcquire?: () => void;
  /** Called after every statement that may have changed data (also when it failed), before the connection is released. */
  afterChange?: () => void;
}

/**
 * Whether a statement may have changed data: anything but a plain SELECT or
 * SHOW, and BEGIN. Decided on the SQL text, not on PostgreSQL's command tag:
 * a SELECT with a data-modifying WITH clause reports the tag SELECT, but its
 * text starts with WITH. COMMIT and ROLLBACK count (a transaction's changes
 * become visible, or vanish, there). A SELECT that calls a function which
 * writes would not count; qmsr has none (its SELECTs only read and take
 * advisory locks).
 */
export function mayChangeData(text: string): boolean {
  return !/^\s*(?:select|show|begin)\b/i.test(text);
}

const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pglite: PGlite,
    private readonly afterChange: (() => void) | undefined,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    let result;
    try {
      result = await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], { rowMode: 'object' });
    } finally {
      if (this.afterChange && mayChangeData(compiledQuery.sql)) this.afterChange();
    }
    const command = result.command?.toUpperCase();
    if (command === 'ROLLBACK' || command === 'COMMIT') {
      return { rows: [{ command } as R] };
    }
    return {
      numAffectedRows: command && WRITE_COMMANDS.has(command) ? BigInt(result.affectedRows ?? 0) : undefined,
      rows: result.rows,
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new Error('chunkSize must be a positive integer');
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

class PGliteDriver implements Driver {
  readonly #config: PGliteDialectConfig;
  readonly #mutex = new Semaphore(1);
  readonly #connection: PGliteConnection;
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  #destroyed = false;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
    this.#connection = new PGliteConnection(config.pglite, config.afterChange);
  }

  async init(): Promise<void> {
    await this.#config.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#config.beforeAcquire?.();
    if (this.#destroyed) throw new Error('The qmsr database is closed.');
    const release = await this.#mutex.acquire();
    if (this.#destroyed) {
      release();
      throw new Error('The qmsr database is closed.');
    }
    // One lease at a time, so the single connection object can carry the release function.
    this.#releases.set(this.#connection, release);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let text = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      text = 'start transaction';
      if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) text += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(text));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command?: string }>(CompiledQuery.raw('commit'));
    if (rows[0]?.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.#releases.get(connection);
    this.#releases.delete(connection);
    release?.();
  }

  /** Waits for the statement or transaction in progress, then refuses new work. PGlite itself is closed by its owner. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    const release = await this.#mutex.acquire();
    this.#destroyed = true;
    release();
  }
}

/** Kysely dialect that runs PostgreSQL-flavoured queries on an in-process PGlite. */
export class PGliteDialect implements Dialect {
  constructor(private readonly config: PGliteDialectConfig) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
