/**
 * KeyedQueue: one task at a time per key, keys in parallel. Tasks are held open with hand-resolved promises, so
 * every test decides exactly when each task settles (no timers, no sleeping).
 */
import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

/** A promise resolved or rejected by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Let every pending promise callback run (one macrotask turn; not a timed wait). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  it('runs the tasks of one key one at a time, in the order they were queued', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, index) =>
      queue.run('game', async () => {
        log.push(`start ${index}`);
        await gate.promise;
        log.push(`end ${index}`);
        return index;
      }),
    );
    await settle();
    expect(log).toEqual(['start 0']);
    // Settling a later task first changes nothing: it has not started.
    gates[2]!.resolve();
    gates[1]!.resolve();
    await settle();
    expect(log).toEqual(['start 0']);
    gates[0]!.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('keeps the order for a task queued after an earlier task of the key has settled and a later one runs', async () => {
    const queue = new KeyedQueue();
    const gates = [deferred(), deferred()];
    const log: string[] = [];
    void queue.run('game', async () => {
      await gates[0]!.promise;
      log.push('first');
    });
    void queue.run('game', async () => {
      await gates[1]!.promise;
      log.push('second');
    });
    gates[0]!.resolve();
    await settle(); // the first has settled, the second is running
    const third = queue.run('game', async () => {
      log.push('third');
    });
    await settle();
    expect(log).toEqual(['first']);
    gates[1]!.resolve();
    await third;
    expect(log).toEqual(['first', 'second', 'third']);
  });

  it('runs tasks of different keys in parallel: a held task of one key does not delay another key', async () => {
    const queue = new KeyedQueue();
    const held = deferred();
    const log: string[] = [];
    const first = queue.run('a', async () => {
      log.push('a starts');
      await held.promise;
      log.push('a ends');
    });
    const other = await queue.run('b', async () => {
      log.push('b runs');
      return 'b done';
    });
    expect(other).toBe('b done');
    expect(log).toEqual(['a starts', 'b runs']);
    await settle();
    expect(queue.activeKeys).toBe(1); // only "a" is still busy
    held.resolve();
    await first;
    expect(log).toEqual(['a starts', 'b runs', 'a ends']);
  });

  it('passes a task’s rejection to its caller and still runs the next task of the key', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('game', async () => {
      throw new Error('boom');
    });
    const next = queue.run('game', async () => 'next ran');
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('next ran');
  });

  it('does not start the next task before a rejected one has settled', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const log: string[] = [];
    const failing = queue.run('game', async () => {
      await gate.promise;
      log.push('first fails');
      throw new Error('boom');
    });
    const next = queue.run('game', async () => {
      log.push('second runs');
    });
    await settle();
    expect(log).toEqual([]);
    gate.resolve();
    await expect(failing).rejects.toThrow('boom');
    await next;
    expect(log).toEqual(['first fails', 'second runs']);
  });

  it('forgets a key once its last task has settled (an idle key costs nothing)', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const running = queue.run('a', () => gate.promise);
    const failing = queue.run('b', async () => {
      throw new Error('boom');
    });
    expect(queue.activeKeys).toBe(2);
    await expect(failing).rejects.toThrow('boom');
    await settle();
    expect(queue.activeKeys).toBe(1);
    gate.resolve();
    await running;
    await settle();
    expect(queue.activeKeys).toBe(0);
  });

  it('drain() waits for every task queued so far, on every key, and does not reject when one of them did', async () => {
    const queue = new KeyedQueue();
    const gates = { a1: deferred(), a2: deferred(), b: deferred() };
    const settled: string[] = [];
    const track = (name: string, promise: Promise<unknown>) =>
      promise.then(
        () => settled.push(name),
        () => settled.push(`${name} (rejected)`),
      );
    void track(
      'a1',
      queue.run('a', () => gates.a1.promise),
    );
    void track(
      'a2',
      queue.run('a', () => gates.a2.promise),
    );
    void track(
      'b',
      queue.run('b', () => gates.b.promise),
    );

    let drained = false;
    const drain = queue.drain().then(() => {
      drained = true;
    });
    gates.a1.resolve();
    gates.b.reject(new Error('b failed'));
    await settle();
    expect(drained).toBe(false); // a2 still runs
    gates.a2.resolve();
    await drain;
    expect(drained).toBe(true);
    expect(settled.sort()).toEqual(['a1', 'a2', 'b (rejected)']);
  });

  it('drain() resolves at once on an idle queue', async () => {
    const queue = new KeyedQueue();
    await expect(queue.drain()).resolves.toBeUndefined();
  });
});
