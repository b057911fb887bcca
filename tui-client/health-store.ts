/**
 * The poller's connection news as a tiny external store: the status line subscribes to it, so a 304 answer
 * updates that one line and nothing else on the screen.
 */
import { INITIAL_HEALTH, type PollHealth } from './poller.js';

export class HealthStore {
  private health: PollHealth;
  private readonly listeners = new Set<() => void>();

  constructor(initial: PollHealth = INITIAL_HEALTH) {
    this.health = initial;
  }

  /** For useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For useSyncExternalStore: the same object until the next `set`. */
  readonly getSnapshot = (): PollHealth => this.health;

  set(health: PollHealth): void {
    this.health = health;
    for (const listener of this.listeners) listener();
  }
}
