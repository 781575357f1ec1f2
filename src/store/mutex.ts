/**
 * A first-come, first-served async mutex. PGlite has one connection, so the
 * Kysely adapter hands it to one caller at a time: a caller that starts a
 * transaction keeps it until COMMIT/ROLLBACK, and nobody else's statements
 * can land inside that BEGIN.
 */

/** Gives out one lease at a time, in the order `acquire()` was called. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #held = false;

  /** True while a lease is out. */
  get held(): boolean {
    return this.#held;
  }

  /** Wait for the lock; the returned function releases it (calling it twice is harmless). */
  async acquire(): Promise<() => void> {
    let open!: () => void;
    const next = new Promise<void>((resolve) => {
      open = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    await previous;
    this.#held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held = false;
      open();
    };
  }

  /** Run `fn` while holding the lock. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
