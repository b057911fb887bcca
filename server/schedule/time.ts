/**
 * Time as the server reads it, passed in so that tests control it: a time source (milliseconds since the epoch)
 * and a scheduler that runs a task at a given time. The in-process scheduler uses timers; a scheduler shared by
 * several processes (deadlines kept in Redis) implements the same interface.
 */

/** Where "now" comes from. */
export interface TimeSource {
  /** Milliseconds since the epoch, e.g. `Date.now()`. */
  now(): number;
}

/** Runs tasks at given times of its time source. */
export interface Scheduler {
  /** Run `task` once at `atMs` (at once if that is past); returns the cancel function. */
  at(atMs: number, task: () => void): () => void;
  /** Cancel everything still pending. */
  close(): void;
}

/** The machine's clock. */
export const systemTime: TimeSource = { now: () => Date.now() };

/** A scheduler on Node's timers, reading `time` for "now". Timers do not keep the process alive. */
export class TimerScheduler implements Scheduler {
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly time: TimeSource = systemTime) {}

  at(atMs: number, task: () => void): () => void {
    const timer = setTimeout(
      () => {
        this.pending.delete(timer);
        task();
      },
      Math.max(0, atMs - this.time.now()),
    );
    timer.unref();
    this.pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  close(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

/**
 * A time source and scheduler that move only when told (`advance`): for tests of anything timed, so that no test
 * sleeps. Due tasks run in time order during `advance`.
 */
export class ManualTime implements TimeSource, Scheduler {
  private current: number;
  private readonly tasks = new Set<{ atMs: number; task: () => void }>();

  constructor(startMs = Date.parse('2026-11-21T17:00:00.000Z')) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  at(atMs: number, task: () => void): () => void {
    const entry = { atMs, task };
    this.tasks.add(entry);
    return () => this.tasks.delete(entry);
  }

  /** Move time forward by `ms`, running every task that falls due, in time order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.tasks].filter((entry) => entry.atMs <= target).sort((a, b) => a.atMs - b.atMs)[0];
      if (!due) break;
      this.tasks.delete(due);
      this.current = Math.max(this.current, due.atMs);
      due.task();
    }
    this.current = target;
  }

  close(): void {
    this.tasks.clear();
  }
}
