/**
 * Serialised answers of hot read routes, reused while the database has not
 * changed. Each answer is kept under the version stamp that was read before
 * the data it was made from (`request.readStamp`, see auth/guard.ts):
 *
 * - embedded database: the store's change count, which grows after every
 *   statement that may have changed anything (this process is the database's
 *   only user, so no change escapes it);
 * - PostgreSQL: the audit trail's head (last seq), read in the same statement
 *   as the session. Every change to assessment data is made by the
 *   assessment service together with its audit events, in one transaction, so
 *   a new head is visible exactly when the change is; this holds across
 *   server instances and for the command line.
 *
 * A request is answered from memory only if its own stamp, read after it
 * arrived, equals the stamp of the kept answer: nothing has been committed in
 * between, so the answer is what reading the database now would give.
 * Stamps only grow; the cache holds answers of the newest stamp it has seen
 * and drops everything when a newer one arrives. Concurrent requests for the
 * same answer under the same stamp share one computation. Access control runs
 * before the handler (guard.ts), so a kept answer is only given to callers
 * whose role may read it; the cached routes answer the same to every role.
 *
 * An answer is kept as UTF-8 bytes and, from 1 KiB on, also gzip-compressed
 * (once, when it is made), and sent compressed to clients that accept gzip,
 * as browsers do: the item list shrinks from about 54 kB to under 5 kB.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzipAsync = promisify(gzip);

/** Most bytes of answers kept (both forms counted). */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** Smaller answers are not compressed. */
const COMPRESS_FROM = 1024;

/** An answer as sent. */
export interface Answer {
  /** The JSON, UTF-8. */
  body: Buffer;
  /** The same, gzip-compressed (answers of at least 1 KiB). */
  gzip: Buffer | undefined;
}

/** Answers by key for one stamp at a time. */
export class ReadCache {
  readonly #maxBytes: number;
  #stamp = -1;
  #bytes = 0;
  readonly #entries = new Map<string, Answer>();
  readonly #inflight = new Map<string, { stamp: number; promise: Promise<Answer> }>();
  #computed = 0;

  constructor(maxBytes = DEFAULT_MAX_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** Answers held (for tests). */
  get size(): number {
    return this.#entries.size;
  }

  /** Answers computed so far, i.e. not taken from memory (for tests and diagnostics). */
  get computed(): number {
    return this.#computed;
  }

  /**
   * The answer for `key` under `stamp`: kept, being computed, or computed now by `compute` (whose reads
   * must all start after `stamp` was read). Without a stamp, always computed and not kept.
   */
  async get(key: string, stamp: number | undefined, compute: () => Promise<string>): Promise<Answer> {
    this.#computed += 1;
    if (stamp === undefined) return answer(await compute());
    if (stamp === this.#stamp) {
      const kept = this.#entries.get(key);
      if (kept !== undefined) {
        this.#computed -= 1;
        return kept;
      }
    }
    const flight = this.#inflight.get(key);
    if (flight && flight.stamp === stamp) {
      this.#computed -= 1;
      return flight.promise;
    }
    const promise = compute().then(answer);
    this.#inflight.set(key, { stamp, promise });
    try {
      const made = await promise;
      this.#keep(key, stamp, made);
      return made;
    } finally {
      if (this.#inflight.get(key)?.promise === promise) this.#inflight.delete(key);
    }
  }

  #keep(key: string, stamp: number, made: Answer): void {
    if (stamp < this.#stamp) return; // the database has moved on since this answer's data was read
    if (stamp > this.#stamp) {
      this.#entries.clear();
      this.#bytes = 0;
      this.#stamp = stamp;
    }
    const size = sizeOf(made);
    if (size > this.#maxBytes / 4) return;
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= sizeOf(old);
    }
    while (this.#bytes + size > this.#maxBytes) {
      const [oldestKey, oldest] = this.#entries.entries().next().value!;
      this.#entries.delete(oldestKey);
      this.#bytes -= sizeOf(oldest);
    }
    this.#entries.set(key, made);
    this.#bytes += size;
  }
}

async function answer(json: string): Promise<Answer> {
  const body = Buffer.from(json);
  return { body, gzip: body.length >= COMPRESS_FROM ? await gzipAsync(body) : undefined };
}

function sizeOf(a: Answer): number {
  return a.body.length + (a.gzip?.length ?? 0);
}

/** Whether an Accept-Encoding header allows gzip (`gzip` or `*`, without q=0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  let gzipQ: number | undefined;
  let anyQ: number | undefined;
  for (const part of value.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') gzipQ = weight;
    else if (name.trim() === '*') anyQ = weight;
  }
  return (gzipQ ?? anyQ ?? 0) > 0;
}

/**
 * Send a kept JSON answer as it is (fastify sends bytes with a content type unchanged): compressed when the
 * client accepts gzip and a compressed form exists.
 */
export function sendAnswer(request: FastifyRequest, reply: FastifyReply, a: Answer): FastifyReply {
  reply.header('vary', 'accept-encoding').type('application/json; charset=utf-8');
  if (a.gzip && acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(a.gzip);
  return reply.send(a.body);
}
