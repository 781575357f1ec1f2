import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/util/semaphore.js';

describe('Semaphore', () => {
  it('lets at most `permits` holders in at once, the others in the order they asked', async () => {
    const gate = new Semaphore(2);
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const hold = async (name: string): Promise<void> => {
      const done = await gate.acquire();
      inside++;
      most = Math.max(most, inside);
      order.push(name);
      release.push(() => {
        inside--;
        done();
      });
    };
    const all = ['a', 'b', 'c', 'd', 'e'].map(hold);
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['a', 'b']);
    while (release.length > 0) {
      release.shift()!();
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(most).toBe(2);
  });

  it('gives a lease back once, however often release is called, and after a failure in run', async () => {
    const mutex = new Semaphore(1);
    const release = await mutex.acquire();
    release();
    release();
    await expect(mutex.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const first = await mutex.acquire();
    let second = false;
    const waiting = mutex.acquire().then(() => (second = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(second).toBe(false);
    first();
    await waiting;
    expect(second).toBe(true);
  });
});
