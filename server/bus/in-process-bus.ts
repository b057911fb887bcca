/**
 * The bus of a single process: listeners run synchronously in publish order, so every subscriber sees every
 * version of a game in order with no gaps.
 */
import type { GameSnapshot } from '../service/game-snapshot.js';
import type { GameBus, GameListener, VersionListener } from './game-bus.js';

export class InProcessBus implements GameBus {
  private readonly listeners = new Map<string, Set<GameListener>>();
  private readonly taps = new Set<VersionListener>();

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

  tap(listener: VersionListener): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  publish(snapshot: GameSnapshot): void {
    for (const tap of this.taps) {
      try {
        tap(snapshot.state);
      } catch {
        // ignored: see deliver
      }
    }
    const set = this.listeners.get(snapshot.state.id);
    if (!set) return;
    for (const listener of [...set]) deliver(listener, snapshot);
  }

  listenerCount(gameId: string): number {
    return this.listeners.get(gameId)?.size ?? 0;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.taps.clear();
  }
}

/** Run one listener; a subscriber's fault is its own (the change is already committed). */
function deliver(listener: GameListener, snapshot: GameSnapshot): void {
  try {
    listener(snapshot);
  } catch {
    // ignored: see above
  }
}
