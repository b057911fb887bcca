/**
 * The default GameStore: one SQLite file (better-sqlite3, WAL), so games survive restarts and crashes.
 *
 * Durability: `synchronous = FULL` in WAL mode fsyncs the log on every commit, and a change's promise settles only
 * after the COMMIT of its batch returned (group commit, see SqliteGameStore); the service answers only then. So every
 * change a client saw acknowledged is on disk, whether the process is killed or the machine loses power. A failed
 * write is rolled back and rejects its promise, and the service then forgets its in-memory copy of the game.
 *
 * Each change writes only its delta: the progress columns (version, outcome, draw offer and the lobby's columns)
 * under a compare-and-set on the version, the seat columns only when a seat changed, and the moves it appended. No
 * records are cached here; the service's bounded board cache is the only copy in memory, so memory does not grow
 * with the archive.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { GameSummary } from '../../shared/api-schema.js';
import type { Color, GameResult, GameStatus, Termination } from '../../shared/vocabulary.js';
import { fail, ok, type Failure, type Result } from '../../shared/result.js';
import type { GameChange, GameRecord, MoveRecord, ReadonlyGameRecord, SeatRecord } from '../domain/game-record.js';
import {
  makeCursor,
  parseCursor,
  type CommitResult,
  type GamePage,
  type GameStore,
  type ListGamesQuery,
} from './game-store.js';
import { lockDataFile, type DataFileLock } from './sqlite-lock.js';
import { findDamage, inspectFile, migrate, SCHEMA_VERSION, type FileKind } from './sqlite-schema.js';

/** Why a data file was not opened. */
export const OPEN_REFUSALS = [
  'not_a_database',
  'foreign_file',
  'corrupted',
  'newer_schema',
  'older_schema',
  'locked',
  'missing',
  'cannot_open',
] as const;
export type OpenRefusal = (typeof OPEN_REFUSALS)[number];

/** The opened store, or why the file was refused (a sentence a person can act on). */
export type OpenResult = Result<SqliteGameStore, Failure<OpenRefusal>>;

export interface OpenOptions {
  /**
   * Open for reading only (the export command): no lock, no migration, no writes; the file must exist and be at
   * this build's schema version. A running server may use the file at the same time.
   */
  readOnly?: boolean;
  /** `FULL` (default) survives power loss; `NORMAL` only process crashes. For measurements. */
  synchronous?: 'FULL' | 'NORMAL';
}

/** The path that keeps everything in memory (nothing survives the process). */
export const IN_MEMORY = ':memory:';

interface GameRow {
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
}

interface MoveRow {
  uci: string;
  san: string;
  played_at: string;
}

/**
 * Open (creating if needed) the data file at `path`, or `:memory:`. Refuses, without writing to the file, when it is
 * not a SQLite database, belongs to another application, is damaged, has a newer schema, or another server holds
 * it. Creates missing parent folders.
 */
export function openSqliteStore(path: string, options: OpenOptions = {}): OpenResult {
  if (path === IN_MEMORY) {
    const db = new Database(IN_MEMORY);
    migrate(db, 0);
    return ok(new SqliteGameStore(db, null, IN_MEMORY));
  }
  const fullPath = resolve(path);
  const shown = `"${path}"`;
  const exists = existsSync(fullPath);
  if (exists && statSync(fullPath).isDirectory()) {
    return refuse('cannot_open', `Cannot use ${shown} as the data file: it is a folder. Give a file path.`);
  }
  if (options.readOnly) {
    if (!exists) return refuse('missing', `There is no data file at ${shown}.`);
    return openReadOnly(fullPath, shown);
  }

  // Look before taking the lock, so that a foreign file gets no side file next to it.
  if (exists && statSync(fullPath).size > 0) {
    const looked = withConnection(fullPath, shown, { fileMustExist: true }, (db) => judge(inspectFile(db), shown));
    if (!looked.ok) return looked;
  }

  try {
    mkdirSync(dirname(fullPath), { recursive: true });
  } catch (error) {
    return refuse('cannot_open', `Cannot create the folder of ${shown}: ${(error as Error).message}`);
  }
  let lock: DataFileLock | null;
  try {
    lock = lockDataFile(fullPath);
  } catch (error) {
    return refuse('cannot_open', `Cannot lock ${shown}: ${(error as Error).message}`);
  }
  if (!lock) {
    return refuse(
      'locked',
      `Another Rookery server is already using ${shown} (it holds ${shown.slice(0, -1)}-lock"). ` +
        'Stop that server first, or give this one another --data file.',
    );
  }

  let db: Database.Database | undefined;
  try {
    db = new Database(fullPath, { timeout: 0 });
    const kind = inspectFile(db);
    const verdict = judge(kind, shown);
    if (!verdict.ok) throw new Refused(verdict);
    if (kind.kind === 'rookery') {
      const damage = findDamage(db);
      if (damage) throw new Refused(corrupted(shown, damage));
    }
    // WAL before the first write, so that creating the tables is already logged and fsynced like any change.
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    // Keep the log from staying large after a burst of writes.
    db.pragma('journal_size_limit = 67108864');
    // Readers never block us in WAL mode, but a backup tool's checkpoint may hold the write lock for a moment.
    db.pragma('busy_timeout = 2000');
    migrate(db, kind.kind === 'rookery' ? kind.version : 0);
    return ok(new SqliteGameStore(db, lock, fullPath));
  } catch (error) {
    db?.close();
    lock.release();
    if (error instanceof Refused) return error.refusal;
    return explain(error, shown);
  }
}

/** One change waiting for the next group commit. */
interface PendingWrite {
  write: () => CommitResult;
  resolve: (result: CommitResult) => void;
  reject: (error: unknown) => void;
}

/** Thrown inside a change's savepoint to undo it when the stored version is not the change's base. */
class VersionConflict extends Error {}

/**
 * Games in one SQLite database. Construct with `openSqliteStore`, which checks the file and takes the lock.
 *
 * Group commit: every insert and commit that arrives within one turn of the event loop joins one batch, written at
 * the end of that turn (setImmediate) in one transaction, so one fsync makes them all durable; each promise settles
 * only after that COMMIT returned. Each change runs in its own savepoint: a change whose base version is stale (or
 * that breaks a constraint) is undone alone and the rest of the batch still commits. If the COMMIT itself fails,
 * every change of the batch is refused.
 */
export class SqliteGameStore implements GameStore {
  /** Absolute path of the data file, or `:memory:`. */
  readonly path: string;
  private readonly db: Database.Database;
  private readonly lock: DataFileLock | null;
  private readonly statements;
  private readonly listStatements = new Map<string, Database.Statement<[Record<string, unknown>], GameRow>>();
  private batch: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  /** How many transactions the group commit has written, and how many changes they held (for tests and metrics). */
  private readonly commitStats = { transactions: 0, writes: 0 };

  /** @internal Use `openSqliteStore`. */
  constructor(db: Database.Database, lock: DataFileLock | null, path: string) {
    this.db = db;
    this.lock = lock;
    this.path = path;
    const columns = GAME_COLUMNS.join(', ');
    const assign = (names: readonly string[]) => names.map((c) => `${c} = @${c}`).join(', ');
    this.statements = {
      insertGame: db.prepare(`INSERT INTO games (${columns}) VALUES (${GAME_COLUMNS.map((c) => `@${c}`).join(', ')})`),
      // The compare-and-set: the progress columns change only over the base version.
      updateProgress: db.prepare(
        `UPDATE games SET ${assign(PROGRESS_COLUMNS)} WHERE id = @id AND version = @base_version AND plies = @first_ply`,
      ),
      updateSeats: db.prepare(`UPDATE games SET ${assign(SEAT_COLUMNS)} WHERE id = @id`),
      updateRematch: db.prepare('UPDATE games SET rematch_id = @rematch_id WHERE id = @id'),
      storedVersion: db.prepare<[string], { version: number; plies: number }>(
        'SELECT version, plies FROM games WHERE id = ?',
      ),
      insertMove: db.prepare('INSERT INTO moves (game_id, ply, uci, san, played_at) VALUES (?, ?, ?, ?, ?)'),
      game: db.prepare<[string], GameRow>(`SELECT * FROM games WHERE id = ?`),
      moves: db.prepare<[string], MoveRow>('SELECT uci, san, played_at FROM moves WHERE game_id = ? ORDER BY ply'),
      oldestWaiting: db
        .prepare<[], string>(
          `SELECT id FROM games WHERE status = 'waiting' AND reserved_color IS NULL ORDER BY created_at, id LIMIT 1`,
        )
        .pluck(),
      finishedIds: db
        .prepare<[], string>(`SELECT id FROM games WHERE status = 'finished' ORDER BY created_at, id`)
        .pluck(),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT change'),
      release: db.prepare('RELEASE change'),
      rollbackTo: db.prepare('ROLLBACK TO change'),
    };
  }

  insert(record: ReadonlyGameRecord, summary: GameSummary): Promise<void> {
    // The row's values are read now: the board may change before the batch is written.
    const row = gameParams(record, summary);
    const moves = record.moves.slice();
    return this.enqueue(() => {
      this.statements.insertGame.run(row);
      this.insertMoves(record.id, 0, moves);
      return ok(undefined);
    }).then(() => undefined);
  }

  commit(change: GameChange): Promise<CommitResult> {
    const { record, parts } = change;
    const firstPly = record.moves.length - change.newMoves.length;
    const progress = {
      ...progressParams(record, change.summary),
      base_version: change.baseVersion,
      first_ply: firstPly,
    };
    const seats = parts.has('seats') ? seatParams(record) : null;
    const rematch = parts.has('rematch') ? { id: record.id, rematch_id: record.rematchId } : null;
    const newMoves = change.newMoves;
    return this.enqueue(() => {
      if (this.statements.updateProgress.run(progress).changes === 0) {
        const stored = this.statements.storedVersion.get(record.id);
        if (!stored) throw new Error(`game ${record.id} does not exist`);
        if (stored.version === change.baseVersion) {
          // The versions agree but the moves do not: writing would lose or skip moves. A bug, not a race.
          throw new Error(
            `game ${record.id}: the change's moves start at ply ${firstPly}, the file has ${stored.plies}`,
          );
        }
        throw new VersionConflict(`game ${record.id} is at version ${stored.version}, not ${change.baseVersion}`);
      }
      if (seats) this.statements.updateSeats.run(seats);
      if (rematch) this.statements.updateRematch.run(rematch);
      this.insertMoves(record.id, firstPly, newMoves);
      return ok(undefined);
    });
  }

  async get(id: string): Promise<GameRecord | undefined> {
    return this.getNow(id);
  }

  async versionOf(id: string): Promise<number | undefined> {
    return this.statements.storedVersion.get(id)?.version;
  }

  /** The record of a game as the file has it now (the export command reads with this inside `snapshot`). */
  getNow(id: string): GameRecord | undefined {
    const row = this.statements.game.get(id);
    if (!row) return undefined;
    const moves = this.statements.moves.all(id).map((move) => ({ uci: move.uci, san: move.san, at: move.played_at }));
    return {
      id: row.id,
      version: row.version,
      initialFen: row.initial_fen,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      seats: { white: seatOf(row, 'white'), black: seatOf(row, 'black') },
      moves,
      drawOffer: row.draw_offer,
      outcome: row.termination ? { result: row.result, termination: row.termination, winner: row.winner } : null,
      rematchOf: row.rematch_of,
      rematchId: row.rematch_id,
      reservedSeat:
        row.reserved_color && row.reserved_token_hash
          ? { color: row.reserved_color, tokenHash: row.reserved_token_hash }
          : null,
    };
  }

  async list(query: ListGamesQuery): Promise<GamePage> {
    const after = query.cursor ? parseCursor(query.cursor) : null;
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit + 1 };
    if (query.status) {
      where.push('status = @status');
      params['status'] = query.status;
    }
    if (after) {
      where.push('(created_at, id) < (@createdAt, @id)');
      params['createdAt'] = after.createdAt;
      params['id'] = after.id;
    }
    const sql =
      `SELECT * FROM games ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
      'ORDER BY created_at DESC, id DESC LIMIT @limit';
    // Four shapes of this query exist (with or without status, cursor); each is prepared once.
    let statement = this.listStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare<[Record<string, unknown>], GameRow>(sql);
      this.listStatements.set(sql, statement);
    }
    const rows = statement.all(params);
    const games = rows.slice(0, query.limit).map(summaryOf);
    const more = rows.length > query.limit;
    return { games, nextCursor: more ? makeCursor(games.at(-1)!) : null };
  }

  async oldestWaiting(): Promise<string | undefined> {
    return this.statements.oldestWaiting.get();
  }

  /** Ids of every finished game, oldest first (for the export command). */
  finishedGameIds(): string[] {
    return this.statements.finishedIds.all();
  }

  /** Run `read` inside one read transaction, so that it sees the store as of one moment. */
  snapshot<T>(read: () => T): T {
    return this.db.transaction(read).deferred();
  }

  /** Transactions written by the group commit so far, and the changes they held. */
  groupCommitStats(): { transactions: number; writes: number } {
    return { ...this.commitStats };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Whatever was acknowledged-to-be is written before the file closes.
    this.flush();
    this.closed = true;
    if (this.db.open) this.db.close();
    this.lock?.release();
  }

  private enqueue(write: () => CommitResult): Promise<CommitResult> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<CommitResult>((resolve, reject) => {
      this.batch.push({ write, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Write the batch in one transaction (see the class comment), then settle every promise of it. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    const outcomes: ({ ok: true; result: CommitResult } | { ok: false; error: unknown })[] = [];
    try {
      this.statements.begin.run();
      for (const pending of batch) {
        this.statements.savepoint.run();
        try {
          outcomes.push({ ok: true, result: pending.write() });
          this.statements.release.run();
        } catch (error) {
          this.statements.rollbackTo.run();
          this.statements.release.run();
          outcomes.push(
            error instanceof VersionConflict
              ? { ok: true, result: fail('version_conflict', error.message) }
              : { ok: false, error },
          );
        }
      }
      this.statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.statements.rollback.run();
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.commitStats.transactions += 1;
    this.commitStats.writes += batch.length;
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
  }

  private insertMoves(id: string, fromPly: number, moves: readonly Readonly<MoveRecord>[]): void {
    moves.forEach((move, index) => {
      this.statements.insertMove.run(id, fromPly + index, move.uci, move.san, move.at);
    });
  }
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

const GAME_COLUMNS = [
  'id',
  'created_at',
  'initial_fen',
  'rematch_of',
  'rematch_id',
  ...PROGRESS_COLUMNS,
  ...SEAT_COLUMNS,
] as const;

type ProgressParams = Pick<GameRow, 'id' | (typeof PROGRESS_COLUMNS)[number]>;
type SeatParams = Pick<GameRow, 'id' | (typeof SEAT_COLUMNS)[number]>;

function progressParams(record: ReadonlyGameRecord, summary: GameSummary): ProgressParams {
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
  };
}

function seatParams(record: ReadonlyGameRecord): SeatParams {
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

function gameParams(record: ReadonlyGameRecord, summary: GameSummary): GameRow {
  return {
    ...progressParams(record, summary),
    ...seatParams(record),
    created_at: record.createdAt,
    initial_fen: record.initialFen,
    rematch_of: record.rematchOf,
    rematch_id: record.rematchId,
  };
}

function seatOf(row: GameRow, color: Color): SeatRecord | null {
  const name = row[`${color}_name`];
  const tokenHash = row[`${color}_token_hash`];
  const joinedAt = row[`${color}_joined_at`];
  return name !== null && tokenHash !== null && joinedAt !== null ? { name, tokenHash, joinedAt } : null;
}

function summaryOf(row: GameRow): GameSummary {
  return {
    id: row.id,
    status: row.status,
    result: row.result,
    termination: row.termination,
    players: {
      white: row.white_name === null ? null : { name: row.white_name },
      black: row.black_name === null ? null : { name: row.black_name },
    },
    turn: row.turn,
    plies: row.plies,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// ---- opening ----

type Refusal = Failure<OpenRefusal>;

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

function refuse(code: OpenRefusal, message: string): Refusal {
  return fail(code, message);
}

function corrupted(shown: string, detail: string): Refusal {
  return refuse(
    'corrupted',
    `The data file ${shown} is damaged (SQLite: ${detail}). Rookery has left it as it is. ` +
      'Restore it from a backup (see docs/storage.md), or give another --data file.',
  );
}

/** Is this kind of file one we may use? */
function judge(kind: FileKind, shown: string): Result<null, Refusal> {
  switch (kind.kind) {
    case 'empty':
    case 'rookery':
      return ok(null);
    case 'foreign':
      return refuse(
        'foreign_file',
        `${shown} is a SQLite database of another application (application id ${kind.applicationId}, ` +
          `${kind.tables} schema objects), not a Rookery data file. Rookery has left it as it is; give another --data file.`,
      );
    case 'newer':
      return refuse(
        'newer_schema',
        `${shown} was written by a newer Rookery (data schema version ${kind.version}; this one knows up to ` +
          `${SCHEMA_VERSION}). Rookery has left it as it is: upgrade Rookery to use it.`,
      );
  }
}

/** Turn an error from opening or reading a file into a refusal with a sentence a person can act on. */
function explain(error: unknown, shown: string): Refusal {
  const code = (error as { code?: string }).code;
  const detail = (error as Error).message;
  if (code === 'SQLITE_NOTADB') {
    return refuse(
      'not_a_database',
      `${shown} is not a Rookery data file (it is not a SQLite database). Rookery has left it as it is; ` +
        'give another --data file.',
    );
  }
  if (code?.startsWith('SQLITE_CORRUPT')) return corrupted(shown, detail);
  if (code === 'SQLITE_BUSY') {
    return refuse('locked', `${shown} is busy: another program holds a lock on it. Try again once it is done.`);
  }
  return refuse('cannot_open', `Cannot open ${shown}: ${detail}`);
}

/** Open a connection, run `use`, always close; SQLite errors become refusals. */
function withConnection(
  fullPath: string,
  shown: string,
  options: Database.Options,
  use: (db: Database.Database) => Result<null, Refusal>,
): Result<null, Refusal> {
  let db: Database.Database | undefined;
  try {
    db = new Database(fullPath, { timeout: 0, ...options });
    return use(db);
  } catch (error) {
    return explain(error, shown);
  } finally {
    db?.close();
  }
}

function openReadOnly(fullPath: string, shown: string): OpenResult {
  let db: Database.Database | undefined;
  try {
    // A running server may hold the write lock for a moment; readers wait for it briefly.
    db = new Database(fullPath, { readonly: true, fileMustExist: true, timeout: 5000 });
    const kind = inspectFile(db);
    if (kind.kind === 'empty') throw new Refused(refuse('foreign_file', `${shown} holds no Rookery data yet.`));
    const verdict = judge(kind, shown);
    if (!verdict.ok) throw new Refused(verdict);
    if (kind.kind === 'rookery' && kind.version < SCHEMA_VERSION) {
      throw new Refused(
        refuse(
          'older_schema',
          `${shown} has an older data schema (${kind.version}): start the server on it once to upgrade it.`,
        ),
      );
    }
    return ok(new SqliteGameStore(db, null, fullPath));
  } catch (error) {
    db?.close();
    if (error instanceof Refused) return error.refusal;
    return explain(error, shown);
  }
}
