/**
 * The event bus: every committed version of every game, published once, reaches every subscriber of that game.
 * The service publishes after each commit; long polls, the live feed and pages subscribe (through
 * GameService.watch, which closes the gap between reading the current state and subscribing). The in-process bus
 * is the default; a bus across processes (Redis pub/sub) implements the same interface.
 *
 * Ordering contract: for one game, subscribers receive versions in increasing order. A bus may skip versions (a
 * subscriber across a network can miss messages); GameService.watch notices the gap and reads the store again.
 */
import type { GameSnapshot } from '../service/game-snapshot.js';

export type GameListener = (snapshot: GameSnapshot) => void;

export interface GameBus {
  /** Tell every subscriber of the snapshot's game about it. A throwing listener does not stop the others. */
  publish(snapshot: GameSnapshot): void;
  /** Call `listener` with every new snapshot of `gameId`; returns the unsubscribe function. */
  subscribe(gameId: string, listener: GameListener): () => void;
  /**
   * Call `listener` with every snapshot of every game this bus delivers, published here or elsewhere: the service
   * uses it to drop a cached board that another process moved on. Returns the function that stops it.
   */
  tap(listener: GameListener): () => void;
  /** How many listeners a game has on this process (for tests and metrics; taps are not counted). */
  listenerCount(gameId: string): number;
  /** Stop delivering; drop every subscription. */
  close(): Promise<void>;
}
