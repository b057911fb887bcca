/**
 * The durable form of a game: everything needed to rebuild a ChessBoard exactly, as plain data.
 * Stores keep this; the board derives everything else (position, legal moves, snapshots) by replaying it.
 */
import type { Color, GameResult, Termination } from '../../shared/vocabulary.js';

/** A taken seat. The token itself is never kept, only its hash. */
export interface SeatRecord {
  /** Name given when joining, e.g. `"alice"`. */
  name: string;
  /** Hex SHA-256 of the seat token, e.g. `"9f86d0…"`. */
  tokenHash: string;
  /** ISO time of the join, e.g. `"2026-11-21T17:00:00.000Z"`. */
  joinedAt: string;
}

/** One half-move as played. Its ply is its index in `GameRecord.moves`. */
export interface MoveRecord {
  /** UCI, e.g. `"e7e8q"`. */
  uci: string;
  /** SAN, e.g. `"e8=Q+"`. */
  san: string;
  /** ISO time the server accepted it. */
  at: string;
}

/** How a game ended; null while it goes on. */
export interface OutcomeRecord {
  result: Exclude<GameResult, '*'> | '*';
  termination: Termination;
  winner: Color | null;
}

/** A whole game as plain data. */
export interface GameRecord {
  /** URL-safe game id, e.g. `"Vq3kT9xw2Lp4"`. */
  id: string;
  /** Grows by one on every change. */
  version: number;
  /** Start position in FEN, or null for the standard start. */
  initialFen: string | null;
  createdAt: string;
  updatedAt: string;
  seats: { white: SeatRecord | null; black: SeatRecord | null };
  moves: MoveRecord[];
  /** Side with an open draw offer, e.g. `"white"`, or null. */
  drawOffer: Color | null;
  /** Set once the game is finished. */
  outcome: OutcomeRecord | null;
}

/**
 * A record to read, not to change: what the board hands a store on every change. Stores copy what they keep, so
 * the board does not copy its whole move list for each write.
 */
export interface ReadonlyGameRecord extends Readonly<Omit<GameRecord, 'seats' | 'moves' | 'outcome'>> {
  readonly seats: { readonly white: Readonly<SeatRecord> | null; readonly black: Readonly<SeatRecord> | null };
  readonly moves: readonly Readonly<MoveRecord>[];
  readonly outcome: Readonly<OutcomeRecord> | null;
}
