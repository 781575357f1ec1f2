/**
 * The Store: a Kysely handle on the gap-assessment database plus its
 * lifecycle. Both back-ends (embedded PGlite and a PostgreSQL server) build
 * one with {@link makeStore}, so they share one transaction rule:
 *
 * Inside `store.transaction(fn)`, every statement must go through the `trx`
 * that `fn` receives. Using `store.db` there would run outside the
 * transaction on PostgreSQL and wait forever on PGlite's single connection,
 * so it is refused with an error on both.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { Schema } from './schema.js';

/** An open database. */
export interface Store {
  /** Type-safe query builder; the same queries run on both back-ends. */
  readonly db: Kysely<Schema>;
  readonly kind: 'embedded' | 'postgres';
  /** The data directory, or the server URL without its password. */
  readonly location: string;
  /** Run `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T>;
  /** Finish work in progress, close the database and (embedded) release the lock. Idempotent. */
  close(): Promise<void>;
  /** Embedded only: fsync calls the database has made so far (evidence that durability is active). */
  fsyncCount?(): number;
  /**
   * Embedded only: a number that grows after every statement that may have
   * changed data (anything but SELECT and SHOW, COMMIT and ROLLBACK included),
   * counted when the statement finishes. The embedded database has one owner
   * (this process, which holds the data folder's lock), so while the number
   * stays the same nothing in the database has changed: an answer computed
   * after reading it can be reused for as long as it is unchanged. Absent for
   * PostgreSQL, where other processes write too.
   */
  changeCount?(): number;
}

interface TransactionScope {
  owner: symbol;
  open: boolean;
}

const scope = new AsyncLocalStorage<TransactionScope>();

/** Thrown when `store.db` or a nested `store.transaction` is used inside `store.transaction(fn)`. */
export class NestedTransactionError extends Error {
  override name = 'NestedTransactionError';
  constructor() {
    super(
      'store.db (or store.transaction) was used inside store.transaction(fn). Use the trx passed to fn for every statement in ' +
        'the transaction; on the embedded database the outer use would wait forever for the single connection.',
    );
  }
}

/** A guard for connection acquisition, plus the owner id used to mark transaction scopes. */
export function transactionGuard(): { owner: symbol; beforeAcquire: () => void } {
  const owner = Symbol('store');
  return {
    owner,
    beforeAcquire() {
      const s = scope.getStore();
      if (s && s.owner === owner && s.open) throw new NestedTransactionError();
    },
  };
}

/** Parts a back-end provides to {@link makeStore}. */
export interface StoreParts {
  db: Kysely<Schema>;
  kind: Store['kind'];
  location: string;
  owner: symbol;
  /** Called once by close(), after the Kysely instance is destroyed. */
  shutdown(): Promise<void>;
  fsyncCount?(): number;
  changeCount?(): number;
}

/** Assemble a Store from a back-end's parts. */
export function makeStore(parts: StoreParts): Store {
  let closing: Promise<void> | undefined;
  const store: Store = {
    db: parts.db,
    kind: parts.kind,
    location: parts.location,
    async transaction(fn) {
      return parts.db.transaction().execute(async (trx) => {
        const s: TransactionScope = { owner: parts.owner, open: true };
        try {
          return await scope.run(s, () => fn(trx));
        } finally {
          s.open = false;
        }
      });
    },
    close() {
      closing ??= (async () => {
        try {
          await parts.db.destroy();
        } finally {
          await parts.shutdown();
        }
      })();
      return closing;
    },
  };
  if (parts.fsyncCount) store.fsyncCount = parts.fsyncCount;
  if (parts.changeCount) store.changeCount = parts.changeCount;
  return store;
}
