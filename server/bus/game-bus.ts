/**
 * The event bus: every committed version of every game, published once, reaches every subscriber of that game.
 * The service publishes after each commit; long polls, the live feed and pages subscribe (through
 * GameService.watch, which closes the gap between reading the current state and subscribing). The in-process bus
 * is the default; a bus across processes (Redis pub/sub) implements the same interface.
 *
 * Ordering contract: for one game, subscribers receive versions in increasing order. A bus may skip versions (a
 * subscriber across a network can miss messages); GameService.watch notices the gap and reads the store again.
 */
import type { GameStatus } from '../../shared/vocabulary.js';
import type { ClockBasis } from '../domain/chess-board.js';
import type { GameSnapshot } from '../service/game-snapshot.js';

export type GameListener = (snapshot: GameSnapshot) => void;

/** Which game reached which version (what a tap is told: enough to know a cached board is behind). */
export interface GameVersion {
  id: string;
  version: number;
  status: GameStatus;
}

export type VersionListener = (version: GameVersion) => void;

export interface GameBus {
  /** Tell every subscriber of the snapshot's game about it. A throwing listener does not stop the others. */
  publish(snapshot: GameSnapshot): void;
  /** Call `listener` with every new snapshot of `gameId`; returns the unsubscribe function. */
  subscribe(gameId: string, listener: GameListener): () => void;
  /**
   * Call `listener` with the id and version of every snapshot of every game this bus delivers, published here or
   * elsewhere: the service uses it to drop a cached board that another process moved on. Returns the stop function.
   */
  tap(listener: VersionListener): () => void;
  /**
   * A bus across processes: the message of a committed version, which the store publishes in the same atomic step
   * as the commit (GameStore.commit's `announcement`); `basis` is the board's clock basis. Absent on a bus that
   * delivers in this process only.
   */
  announcementOf?(snapshot: GameSnapshot, basis: ClockBasis | null): string;
  /**
   * A bus across processes: call `handler` with the games that have listeners here whenever messages may have been
   * lost (the connection to the other processes dropped and came back); the service reads them again and publishes
   * what is newer. Returns the function that stops it.
   */
  onMissed?(handler: (gameIds: readonly string[]) => void): () => void;
  /** How many listeners a game has on this process (for tests and metrics; taps are not counted). */
  listenerCount(gameId: string): number;
  /** Stop delivering; drop every subscription. */
  close(): Promise<void>;
}
