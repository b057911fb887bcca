/**
 * Per-game change notification: the service publishes each new state once it is persisted; long polls, the
 * live feed and pages subscribe. Listeners run synchronously in publish order, so every subscriber sees
 * versions in order with no gaps.
 */
import type { GameState } from '../../shared/api-schema.js';

export type GameListener = (state: GameState) => void;

export class GameEvents {
  private readonly listeners = new Map<string, Set<GameListener>>();
  private readonly closeListeners = new Set<() => void>();

  /** Call `listener` with every new state of `gameId`; returns the unsubscribe function. */
  subscribe(gameId: string, listener: GameListener): () => void {
    let set = this.listeners.get(gameId);
    if (!set) {
      set = new Set();
      this.listeners.set(gameId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(gameId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(gameId);
    };
  }

  /** Tell every subscriber of the game about its new state. A throwing listener does not stop the others. */
  publish(state: GameState): void {
    const set = this.listeners.get(state.id);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(state);
      } catch {
        // A subscriber's fault is its own; the change is already persisted.
      }
    }
  }

  /** Call `listener` once when the service closes (shutdown); returns the unsubscribe function. */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Shutdown: notify close listeners and drop everything. */
  closeAll(): void {
    for (const listener of [...this.closeListeners]) {
      try {
        listener();
      } catch {
        // ignore: shutting down
      }
    }
    this.closeListeners.clear();
    this.listeners.clear();
  }

  /** How many listeners a game has (for tests and metrics). */
  listenerCount(gameId: string): number {
    return this.listeners.get(gameId)?.size ?? 0;
  }
}
