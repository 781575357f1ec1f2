/**
 * A first-come, first-served async semaphore: at most `permits` leases out at
 * once, the rest wait in the order `acquire()` was called. With one permit it
 * is a mutex (the PGlite adapter hands its single connection to one caller at
 * a time); the scanner uses it to bound the files being read at once.
 */
export class Semaphore {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number = 1) {
    if (!Number.isInteger(free) || free < 1) throw new RangeError(`a semaphore needs a positive number of permits, not ${free}`);
  }

  /** Wait for a lease; the returned function gives it back (calling it twice is harmless). */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The lease passes straight to the next waiter, so nobody can overtake the queue.
      if (next) next();
      else this.free++;
    };
  }

  /** Run `fn` while holding a lease. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
