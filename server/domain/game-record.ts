/**
 * The durable form of a game: everything needed to rebuild a ChessBoard exactly, as plain data.
 * Stores keep this; the board derives everything else (position, legal moves, snapshots) by replaying it, and hands
 * each change to the store as a GameChange that names what it touched.
 */
import type { GameSummary } from '../../shared/api-schema.js';
import type { TimeControl } from '../../shared/time-control.js';
import type { Color, GameResult, Termination } from '../../shared/vocabulary.js';
import type { ClockRecord } from './game-clock.js';

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
  /** Timed games: the mover's time left after the move (increment included), in ms, e.g. `297140`; else absent. */
  clockMs?: number;
}

/** How a game ended; null while it goes on. */
export interface OutcomeRecord {
  result: Exclude<GameResult, '*'> | '*';
  termination: Termination;
  winner: Color | null;
}

/** A seat of a rematch kept for the previous game's other player, who proves who they are with that game's token. */
export interface ReservedSeat {
  /** The colour kept, e.g. `"black"`. */
  color: Color;
  /** Hex SHA-256 of that player's seat token in the previous game. */
  tokenHash: string;
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
  /** The game this one is a rematch of, e.g. `"Vq3kT9xw2Lp4"`, or null. */
  rematchOf: string | null;
  /** The rematch of this game, once one of its players asked for it, or null. */
  rematchId: string | null;
  /** The seat kept for the previous game's other player until they take it, or null. */
  reservedSeat: ReservedSeat | null;
  /** The time control, or null for an untimed game, e.g. `{"type": "realtime", "initialSeconds": 300, ...}`. */
  timeControl: TimeControl | null;
  /** The clock of a timed game (see game-clock.ts), or null for an untimed one. */
  clock: ClockRecord | null;
}

/**
 * A record to read, not to change: what the board hands a store on every change. Stores copy what they keep, so
 * the board does not copy its whole move list for each write.
 */
export interface ReadonlyGameRecord
  extends Readonly<Omit<GameRecord, 'seats' | 'moves' | 'outcome' | 'reservedSeat' | 'clock' | 'timeControl'>> {
  readonly timeControl: Readonly<TimeControl> | null;
  readonly clock: Readonly<ClockRecord> | null;
  readonly seats: { readonly white: Readonly<SeatRecord> | null; readonly black: Readonly<SeatRecord> | null };
  readonly moves: readonly Readonly<MoveRecord>[];
  readonly outcome: Readonly<OutcomeRecord> | null;
  readonly reservedSeat: Readonly<ReservedSeat> | null;
}

/**
 * The parts of a record one change can touch, so that a store writes only those:
 * - `progress`: version, updatedAt, draw offer, outcome, the clock and the lobby's columns (every change has it);
 * - `seats`: the seats (names, token hashes, join times) and the reserved seat;
 * - `moves`: moves appended (see GameChange.newMoves; moves are never changed or removed);
 * - `rematch`: the rematch link.
 */
export type ChangedPart = 'progress' | 'seats' | 'moves' | 'rematch';

/** One change of one game, as the board hands it to the store. */
export interface GameChange {
  id: string;
  /** The version the change was computed from: the store applies it only while it still holds this version. */
  baseVersion: number;
  /** The record after the change, read-only: the store reads the parts named in `parts` from it. */
  record: ReadonlyGameRecord;
  parts: ReadonlySet<ChangedPart>;
  /** The moves this change appended, in order: they take plies `record.moves.length - newMoves.length` on. */
  newMoves: readonly Readonly<MoveRecord>[];
  /** The lobby row after the change. */
  summary: GameSummary;
  /** When the game's clock falls due after the change (epoch ms, see ChessBoard.dueAt), or null. */
  dueAt: number | null;
}
