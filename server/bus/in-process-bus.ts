/**
 * The bus of a single process: listeners run synchronously in publish order, so every subscriber sees every
 * version of a game in order with no gaps.
 */
import type { GameSnapshot } from '../service/game-snapshot.js';
import type { GameBus, GameListener } from './game-bus.js';

export class InProcessBus implements GameBus {
  private readonly listeners = new Map<string, Set<GameListener>>();

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

  publish(snapshot: GameSnapshot): void {
    const set = this.listeners.get(snapshot.state.id);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(snapshot);
      } catch {
        // A subscriber's fault is its own; the change is already committed.
      }
    }
  }

  listenerCount(gameId: string): number {
    return this.listeners.get(gameId)?.size ?? 0;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
