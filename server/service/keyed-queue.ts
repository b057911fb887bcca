/**
 * One task at a time per key, keys in parallel: the per-game serial queue of GameService. A task starts when the
 * previous task of its key has settled (whether it succeeded or threw); an idle key costs nothing.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Run `task` after every task queued before it under `key`; resolves or rejects as it does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task) : runNow(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task queued or running (for tests and metrics). */
  get activeKeys(): number {
    return this.tails.size;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}

/** Start a task at once; a task that throws before its first await rejects like one that throws after it. */
function runNow<T>(task: () => Promise<T>): Promise<T> {
  try {
    return task();
  } catch (error) {
    return Promise.reject(error);
  }
}
