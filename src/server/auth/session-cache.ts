/**
 * Checking the session of each signed-in request, and with the embedded
 * database doing it from memory, exactly.
 *
 * - **Embedded database.** The server is the only process that can open the
 *   data folder (lock file), so every change to the database goes through this
 *   process's store, which counts them (`store.changeCount()`: it grows after
 *   every statement that may have changed data). A session read from the
 *   database is kept with the count at the moment before it was read, and is
 *   used again only while the count is the same, i.e. while nothing at all has
 *   been written: sign-out, deactivation, a role or password change and
 *   any other write make the next request of every session read its row again.
 *   Time still runs while nothing is written, so a kept session is also
 *   dropped when its absolute end has passed, and kept at most
 *   `TOUCH_SECONDS` (and less than the idle limit) after `last_seen_at` was
 *   written, so the once-a-minute `last_seen_at` write and the idle check
 *   happen in sessions.ts exactly as without the cache.
 * - **PostgreSQL.** Several server instances (and the command line) can share
 *   the database, and a change made by another one is not seen here when it
 *   commits. Notifications (LISTEN/NOTIFY) arrive after the commit, so
 *   for a moment another instance would still accept a signed-out cookie or a
 *   deactivated user. Nothing is cached: every request's session row is read
 *   by a statement that starts after the request arrived. Requests are
 *   batched for that: they queue, and a reader holding one of the pool's
 *   connections takes everything queued, reads all those sessions in one
 *   statement, and repeats until the queue is empty (at most
 *   `POSTGRES_READERS` readers at a time). Every request in a batch arrived
 *   before the statement was sent, so each answer is as current as a
 *   statement of its own would be. The same statement reads the audit trail's
 *   head, the version stamp of assessment data that the routes' read caches
 *   are keyed by (docs/security.md, "Sessions").
 *
 * Embedded: concurrent requests that miss the cache for the same session and
 * the same count share one lookup.
 */
import type { Store } from '../../store/store.js';
import type { CurrentSession, SessionLookup } from './sessions.js';
import { lookupSession, lookupSessions, TOUCH_SECONDS, tokenHash } from './sessions.js';

/**
 * A valid session and, for the read caches, a version stamp of the database
 * read after the request arrived and before its handler reads anything: an
 * answer computed from reads made after the same stamp was read is current.
 */
export interface ValidSession {
  session: CurrentSession;
  /** Embedded: the store's change count; PostgreSQL: the audit trail's head (last seq). */
  stamp: number;
}

interface Entry {
  session: CurrentSession;
  /** The store's change count just before the row was read. */
  count: number;
  /** Database time minus local time, measured from before the statement (so "now" is never underestimated). */
  offsetMs: number;
  expiresMs: number;
  lastSeenMs: number;
}

/** Most sessions kept; the oldest entry is dropped first. Only valid sessions are kept, so strangers cannot fill it. */
const MAX_ENTRIES = 10_000;

/** PostgreSQL: batch readers at a time (each holds one of the pool's 10 connections while the queue is not empty). */
const POSTGRES_READERS = 2;

/** PostgreSQL: most requests answered by one statement. */
const MAX_BATCH = 500;

interface Waiting {
  token: string;
  resolve: (v: ValidSession | undefined) => void;
  reject: (err: unknown) => void;
}

/** Checks session tokens; one per app. */
export class SessionChecker {
  readonly #store: Store;
  readonly #idleMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, { count: number; promise: Promise<ValidSession | undefined> }>();
  #lookups = 0;
  readonly #queue: Waiting[] = [];
  #readers = 0;

  constructor(store: Store, idleMinutes: number) {
    this.#store = store;
    this.#idleMs = idleMinutes * 60_000;
  }

  /** Sessions held in memory (for tests). */
  get size(): number {
    return this.#entries.size;
  }

  /** Session lookups made in the database so far (PostgreSQL: one per request, however batched; for tests and diagnostics). */
  get lookups(): number {
    return this.#lookups;
  }

  /** The live session for a cookie's token, or undefined. */
  async check(token: string): Promise<ValidSession | undefined> {
    const changeCount = this.#store.changeCount;
    if (!changeCount) {
      this.#lookups += 1;
      return new Promise((resolve, reject) => {
        this.#queue.push({ token, resolve, reject });
        if (this.#readers < POSTGRES_READERS) this.#startReader();
      });
    }
    const id = tokenHash(token);
    const count = changeCount();
    const kept = this.#entries.get(id);
    if (kept) {
      if (kept.count === count && this.#fresh(kept)) return { session: kept.session, stamp: count };
      this.#entries.delete(id);
    }
    const flight = this.#inflight.get(id);
    let promise: Promise<ValidSession | undefined>;
    if (flight && flight.count === count) {
      promise = flight.promise;
    } else {
      promise = this.#read(token, id, count);
      this.#inflight.set(id, { count, promise });
      void promise.finally(() => {
        if (this.#inflight.get(id)?.promise === promise) this.#inflight.delete(id);
      }).catch(() => undefined);
    }
    const found = await promise;
    // The count now, after the lookup (which may have written last_seen_at): read before the handler reads anything.
    return found && { session: found.session, stamp: changeCount() };
  }

  /** PostgreSQL: take a connection, then answer the queue in batches until it is empty. */
  #startReader(): void {
    this.#readers += 1;
    this.#store.db
      .connection()
      .execute(async (db) => {
        while (this.#queue.length > 0) {
          // Taken only now, with the connection in hand: every request in the batch arrived before the statement is sent.
          const batch = this.#queue.splice(0, MAX_BATCH);
          try {
            const found = await lookupSessions(db, [...new Set(batch.map((w) => w.token))], this.#idleMs / 60_000, { auditHead: true });
            for (const w of batch) {
              const f = found.get(w.token);
              w.resolve(f && { session: f.session, stamp: f.auditHead! });
            }
          } catch (err) {
            for (const w of batch) w.reject(err);
          }
        }
      })
      .catch((err: unknown) => {
        // No connection: fail what is waiting now (later requests start a new reader).
        for (const w of this.#queue.splice(0)) w.reject(err);
      })
      .finally(() => {
        this.#readers -= 1;
        if (this.#queue.length > 0 && this.#readers < POSTGRES_READERS) this.#startReader();
      });
  }

  async #read(token: string, id: string, count: number): Promise<ValidSession | undefined> {
    this.#lookups += 1;
    const before = Date.now();
    const found: SessionLookup | undefined = await lookupSession(this.#store.db, token, this.#idleMs / 60_000);
    if (!found) return undefined;
    // Shared by every request of the session until it is read again: nobody may change it.
    Object.freeze(found.session.user);
    Object.freeze(found.session);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(id, {
      session: found.session,
      count,
      offsetMs: found.now.getTime() - before,
      expiresMs: found.session.expiresAt.getTime(),
      lastSeenMs: found.lastSeenAt.getTime(),
    });
    // Kept under the count from before the lookup: anything written meanwhile (this lookup's own
    // last_seen_at write included) makes the next request read the row again.
    return { session: found.session, stamp: count };
  }

  /** Still within the absolute end, and recently enough seen that neither the idle limit nor a last-seen write is due. */
  #fresh(e: Entry): boolean {
    const now = Date.now() + e.offsetMs;
    return now < e.expiresMs && now - e.lastSeenMs < Math.min(TOUCH_SECONDS * 1000, this.#idleMs);
  }
}
