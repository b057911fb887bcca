/**
 * Writing batches of changes to a Rookery SQLite file: the group commit's one transaction. Used on the server's own
 * thread (in-memory and read-only stores) and by the writer thread (sqlite-writer-thread.ts) for data files, so that
 * a batch's fsync never stops the event loop.
 *
 * A batch is plain data (WriteOp), so it can cross to another thread: one INSERT of a new game with its moves, or
 * one change of a game as a compare-and-set over its version. Each op runs in its own savepoint: an op whose base
 * version is stale (or that breaks a constraint) is undone alone and the rest of the batch still commits; if the
 * COMMIT itself fails, the whole batch is refused.
 */
import type Database from 'better-sqlite3';
import type { GameSummary } from '../../shared/api-schema.js';
import { pgnTimeControl } from '../../shared/time-control.js';
import type { Color, GameResult, GameStatus, Termination } from '../../shared/vocabulary.js';
import type { GameChange, MoveRecord, ReadonlyGameRecord } from '../domain/game-record.js';

/** One row of `games`, as SQLite returns it and as the writes bind it. */
export interface GameRow {
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  initial_fen: string | null;
  status: GameStatus;
  turn: Color;
  plies: number;
  white_name: string | null;
  white_token_hash: string | null;
  white_joined_at: string | null;
  black_name: string | null;
  black_token_hash: string | null;
  black_joined_at: string | null;
  draw_offer: Color | null;
  result: GameResult;
  termination: Termination | null;
  winner: Color | null;
  rematch_of: string | null;
  rematch_id: string | null;
  reserved_color: Color | null;
  reserved_token_hash: string | null;
  /** PGN tag value of the time control, e.g. `300+3`; null when untimed. */
  time_control: string | null;
  /** JSON of the ClockRecord, or null when untimed. */
  clock: string | null;
  /** Epoch ms at which the clock falls due, or null. */
  due_at: number | null;
}

/** The columns every change writes: the version (compared and set) and what the lobby and the outcome show. */
const PROGRESS_COLUMNS = [
  'version',
  'updated_at',
  'status',
  'turn',
  'plies',
  'draw_offer',
  'result',
  'termination',
  'winner',
  'clock',
  'due_at',
] as const;

/** The columns a join writes. */
const SEAT_COLUMNS = [
  'white_name',
  'white_token_hash',
  'white_joined_at',
  'black_name',
  'black_token_hash',
  'black_joined_at',
  'reserved_color',
  'reserved_token_hash',
] as const;

export const GAME_COLUMNS = [
  'id',
  'created_at',
  'initial_fen',
  'rematch_of',
  'rematch_id',
  'time_control',
  ...PROGRESS_COLUMNS,
  ...SEAT_COLUMNS,
] as const;

export type ProgressParams = Pick<GameRow, 'id' | (typeof PROGRESS_COLUMNS)[number]>;
export type SeatParams = Pick<GameRow, 'id' | (typeof SEAT_COLUMNS)[number]>;

export function progressParams(record: ReadonlyGameRecord, summary: GameSummary, dueAt: number | null): ProgressParams {
  return {
    id: record.id,
    version: record.version,
    updated_at: record.updatedAt,
    status: summary.status,
    turn: summary.turn,
    plies: record.moves.length,
    draw_offer: record.drawOffer,
    result: record.outcome?.result ?? '*',
    termination: record.outcome?.termination ?? null,
    winner: record.outcome?.winner ?? null,
    clock: record.clock ? JSON.stringify(record.clock) : null,
    due_at: dueAt,
  };
}

export function seatParams(record: ReadonlyGameRecord): SeatParams {
  const { white, black } = record.seats;
  return {
    id: record.id,
    white_name: white?.name ?? null,
    white_token_hash: white?.tokenHash ?? null,
    white_joined_at: white?.joinedAt ?? null,
    black_name: black?.name ?? null,
    black_token_hash: black?.tokenHash ?? null,
    black_joined_at: black?.joinedAt ?? null,
    reserved_color: record.reservedSeat?.color ?? null,
    reserved_token_hash: record.reservedSeat?.tokenHash ?? null,
  };
}

export function gameParams(record: ReadonlyGameRecord, summary: GameSummary): GameRow {
  return {
    ...progressParams(record, summary, null),
    ...seatParams(record),
    created_at: record.createdAt,
    time_control: record.timeControl ? pgnTimeControl(record.timeControl) : null,
    initial_fen: record.initialFen,
    rematch_of: record.rematchOf,
    rematch_id: record.rematchId,
  };
}

/** A move row to insert. */
export interface MoveInsert {
  ply: number;
  uci: string;
  san: string;
  at: string;
  clockMs: number | null;
}

/** One write of a batch (plain data: it may cross to the writer thread). */
export type WriteOp =
  | { kind: 'insert'; row: GameRow; moves: MoveInsert[] }
  | { kind: 'alive'; atMs: number }
  | {
      kind: 'change';
      id: string;
      baseVersion: number;
      firstPly: number;
      progress: ProgressParams;
      seats: SeatParams | null;
      rematchId: string | null | undefined;
      moves: MoveInsert[];
    };

/** What one op did: committed, refused over a stale version, or failed (its sentence and SQLite's code). */
export type WriteOutcome =
  | { kind: 'committed' }
  | { kind: 'version_conflict'; message: string }
  | { kind: 'failed'; message: string; code?: string };

function moveInserts(moves: readonly Readonly<MoveRecord>[], fromPly: number): MoveInsert[] {
  return moves.map((move, index) => ({
    ply: fromPly + index,
    uci: move.uci,
    san: move.san,
    at: move.at,
    clockMs: move.clockMs ?? null,
  }));
}

/** The op that inserts a new game (its values read now: the board may change before the batch is written). */
export function insertOp(record: ReadonlyGameRecord, summary: GameSummary): WriteOp {
  return { kind: 'insert', row: gameParams(record, summary), moves: moveInserts(record.moves, 0) };
}

/** The op that writes one change: only the parts it names, over its base version. */
export function changeOp(change: GameChange): WriteOp {
  const { record, parts } = change;
  const firstPly = record.moves.length - change.newMoves.length;
  return {
    kind: 'change',
    id: record.id,
    baseVersion: change.baseVersion,
    firstPly,
    progress: progressParams(record, change.summary, change.dueAt),
    seats: parts.has('seats') ? seatParams(record) : null,
    rematchId: parts.has('rematch') ? record.rematchId : undefined,
    moves: moveInserts(change.newMoves, firstPly),
  };
}

/** Thrown inside an op's savepoint to undo it when the stored version is not the op's base. */
class VersionConflict extends Error {}

/** Writes batches on one connection (see the module comment). */
export class BatchWriter {
  private readonly statements;

  constructor(db: Database.Database) {
    const columns = GAME_COLUMNS.join(', ');
    const assign = (names: readonly string[]) => names.map((c) => `${c} = @${c}`).join(', ');
    this.statements = {
      insertGame: db.prepare(`INSERT INTO games (${columns}) VALUES (${GAME_COLUMNS.map((c) => `@${c}`).join(', ')})`),
      // The compare-and-set: the progress columns change only over the base version (and the moves it followed).
      updateProgress: db.prepare(
        `UPDATE games SET ${assign(PROGRESS_COLUMNS)} WHERE id = @id AND version = @base_version AND plies = @first_ply`,
      ),
      updateSeats: db.prepare(`UPDATE games SET ${assign(SEAT_COLUMNS)} WHERE id = @id`),
      updateRematch: db.prepare('UPDATE games SET rematch_id = @rematch_id WHERE id = @id'),
      storedVersion: db.prepare<[string], { version: number; plies: number }>(
        'SELECT version, plies FROM games WHERE id = ?',
      ),
      insertMove: db.prepare(
        'INSERT INTO moves (game_id, ply, uci, san, played_at, clock_ms) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      alive: db.prepare(
        "INSERT INTO server_meta (key, value) VALUES ('alive_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT change'),
      release: db.prepare('RELEASE change'),
      rollbackTo: db.prepare('ROLLBACK TO change'),
    };
    this.db = db;
  }

  private readonly db: Database.Database;

  /** Write the batch in one transaction; one outcome per op. Throws when the transaction itself fails. */
  write(ops: readonly WriteOp[]): WriteOutcome[] {
    const { statements } = this;
    const outcomes: WriteOutcome[] = [];
    try {
      statements.begin.run();
      for (const op of ops) {
        statements.savepoint.run();
        try {
          this.apply(op);
          statements.release.run();
          outcomes.push({ kind: 'committed' });
        } catch (error) {
          statements.rollbackTo.run();
          statements.release.run();
          outcomes.push(
            error instanceof VersionConflict
              ? { kind: 'version_conflict', message: error.message }
              : { kind: 'failed', message: (error as Error).message, code: (error as { code?: string }).code },
          );
        }
      }
      statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) statements.rollback.run();
      throw error;
    }
    return outcomes;
  }

  private apply(op: WriteOp): void {
    const { statements } = this;
    if (op.kind === 'alive') {
      statements.alive.run(op.atMs);
      return;
    }
    if (op.kind === 'insert') {
      statements.insertGame.run(op.row);
    } else {
      const progress = { ...op.progress, base_version: op.baseVersion, first_ply: op.firstPly };
      if (statements.updateProgress.run(progress).changes === 0) {
        const stored = statements.storedVersion.get(op.id);
        if (!stored) throw new Error(`game ${op.id} does not exist`);
        if (stored.version === op.baseVersion) {
          // The versions agree but the moves do not: writing would lose or skip moves. A bug, not a race.
          throw new Error(
            `game ${op.id}: the change's moves start at ply ${op.firstPly}, the file has ${stored.plies}`,
          );
        }
        throw new VersionConflict(`game ${op.id} is at version ${stored.version}, not ${op.baseVersion}`);
      }
      if (op.seats) statements.updateSeats.run(op.seats);
      if (op.rematchId !== undefined) statements.updateRematch.run({ id: op.id, rematch_id: op.rematchId });
    }
    const id = op.kind === 'insert' ? op.row.id : op.id;
    for (const move of op.moves) statements.insertMove.run(id, move.ply, move.uci, move.san, move.at, move.clockMs);
  }
}
