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
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { GameSummary } from '../../shared/api-schema.js';
import { parsePgnTimeControl, type TimeControl } from '../../shared/time-control.js';
import type { Color } from '../../shared/vocabulary.js';
import { fail, ok, type Failure, type Result } from '../../shared/result.js';
import type { GameChange, GameRecord, ReadonlyGameRecord, SeatRecord } from '../domain/game-record.js';
import { BatchWriter, changeOp, insertOp, type GameRow, type WriteOp, type WriteOutcome } from './sqlite-batch.js';
import type { WriterReply, WriterRequest, WriterThreadData } from './sqlite-writer-thread.js';
import {
  makeCursor,
  parseCursor,
  type CommitResult,
  type DueGame,
  type GamePage,
  type GameStore,
  type ListGamesQuery,
  type WaitingGame,
  type WaitingQuery,
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
  /**
   * Write on a thread of its own (default: yes when running the compiled build). Node 20 cannot load TypeScript in a
   * worker thread, so from the sources (unit and integration tests, tsx) the store writes on its own thread; the
   * end-to-end suites and `npm start` run the compiled build, whose writer thread test/writer-thread.test.ts checks.
   */
  writerThread?: boolean;
}

/** Is this module the compiled build (dist/) rather than the TypeScript source? */
const RUNNING_COMPILED = import.meta.url.endsWith('.js');

/** The path that keeps everything in memory (nothing survives the process). */
export const IN_MEMORY = ':memory:';

interface MoveRow {
  uci: string;
  san: string;
  played_at: string;
  clock_ms: number | null;
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
    const writer =
      (options.writerThread ?? RUNNING_COMPILED)
        ? { thread: true as const, synchronous: options.synchronous ?? 'FULL' }
        : { thread: false as const };
    return ok(new SqliteGameStore(db, lock, fullPath, writer));
  } catch (error) {
    db?.close();
    lock.release();
    if (error instanceof Refused) return error.refusal;
    return explain(error, shown);
  }
}

/** One op waiting for the next group commit. */
interface PendingWrite {
  op: WriteOp;
  resolve: (result: CommitResult) => void;
  reject: (error: unknown) => void;
}

/** Where batches are written: on this thread, or on the writer thread. */
interface BatchSink {
  write(ops: WriteOp[]): Promise<WriteOutcome[]>;
  close(): Promise<void>;
}

/** Writes on the store's own connection, synchronously (in-memory and read-only stores). */
function sameThreadSink(db: Database.Database): BatchSink {
  const writer = new BatchWriter(db);
  return {
    write: async (ops) => writer.write(ops),
    close: async () => {},
  };
}

/** The writer thread of a data file (sqlite-writer-thread.ts). */
function writerThreadSink(path: string, synchronous: 'FULL' | 'NORMAL'): BatchSink {
  const script = new URL('./sqlite-writer-thread.js', import.meta.url);
  const worker = new Worker(script, { workerData: { path, synchronous } satisfies WriterThreadData });
  const waiting = new Map<number, { resolve: (outcomes: WriteOutcome[]) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  let broken: Error | null = null;
  let onClosed: (() => void) | null = null;
  const failAll = (error: Error) => {
    broken ??= error;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
    onClosed?.();
  };
  worker.on('message', (reply: WriterReply) => {
    if (reply.type === 'closed') return onClosed?.();
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    if (reply.type === 'written') pending.resolve(reply.outcomes);
    else pending.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the SQLite writer thread stopped (exit ${code})`)));
  return {
    write(ops) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ type: 'write', id, ops } satisfies WriterRequest);
      });
    },
    close() {
      if (broken) return Promise.resolve();
      return new Promise<void>((resolve) => {
        onClosed = () => {
          onClosed = null;
          void worker.terminate().then(() => resolve());
        };
        worker.postMessage({ type: 'close' } satisfies WriterRequest);
      });
    },
  };
}

/**
 * Games in one SQLite database. Construct with `openSqliteStore`, which checks the file and takes the lock.
 *
 * Group commit: inserts and commits join a batch that is written in one transaction (sqlite-batch.ts), so one fsync
 * makes them all durable, and each promise settles only after that COMMIT returned. For a data file the batch is
 * written by the writer thread: while it writes one batch (and waits for its fsync), requests go on being answered
 * here and the next batch fills; it is sent the moment the first one is done. The first change after a quiet spell
 * waits only for the end of the current turn of the event loop, so what arrives together is written together.
 * Reads use this thread's own connection and see every committed batch.
 */
export class SqliteGameStore implements GameStore {
  /** Absolute path of the data file, or `:memory:`. */
  readonly path: string;
  private readonly db: Database.Database;
  private readonly lock: DataFileLock | null;
  private readonly statements;
  private readonly listStatements = new Map<string, Database.Statement<[Record<string, unknown>], GameRow>>();
  private readonly sink: BatchSink;
  private queued: PendingWrite[] = [];
  private flushScheduled = false;
  private inFlight: Promise<void> | null = null;
  private closed = false;
  /** How many transactions the group commit has written, and how many changes they held (for tests and metrics). */
  private readonly commitStats = { transactions: 0, writes: 0 };
  /** The data file's identity when it was opened (device and inode); null in memory. */
  private readonly fileIdentity: { dev: number; ino: number } | null;
  /** Set once the data file was found deleted or replaced: every write is refused from then on. */
  private lostFile: Error | null = null;

  /** @internal Use `openSqliteStore`. */
  constructor(
    db: Database.Database,
    lock: DataFileLock | null,
    path: string,
    writer: { thread: false } | { thread: true; synchronous: 'FULL' | 'NORMAL' } = { thread: false },
  ) {
    this.db = db;
    this.lock = lock;
    this.path = path;
    this.sink = writer.thread ? writerThreadSink(path, writer.synchronous) : sameThreadSink(db);
    this.fileIdentity = path === IN_MEMORY ? null : identityOf(path);
    this.statements = {
      storedVersion: db.prepare<[string], { version: number }>('SELECT version FROM games WHERE id = ?'),
      game: db.prepare<[string], GameRow>(`SELECT * FROM games WHERE id = ?`),
      moves: db.prepare<[string], MoveRow>(
        'SELECT uci, san, played_at, clock_ms FROM moves WHERE game_id = ? ORDER BY ply',
      ),
      waiting: db.prepare<[{ limit: number }], WaitingRow>(
        `SELECT id, time_control, created_at FROM games WHERE status = 'waiting' AND reserved_color IS NULL
         ORDER BY created_at, id LIMIT @limit`,
      ),
      waitingAll: db.prepare<[{ limit: number }], WaitingRow>(
        `SELECT id, time_control, created_at FROM games WHERE status = 'waiting' ORDER BY created_at, id LIMIT @limit`,
      ),
      waitingOf: db.prepare<[{ limit: number; time_control: string | null }], WaitingRow>(
        `SELECT id, time_control, created_at FROM games WHERE status = 'waiting' AND reserved_color IS NULL
         AND time_control IS @time_control ORDER BY created_at, id LIMIT @limit`,
      ),
      due: db.prepare<[], { id: string; due_at: number }>(
        `SELECT id, due_at FROM games WHERE due_at IS NOT NULL AND status <> 'finished'`,
      ),
      lastAlive: db.prepare<[], number>("SELECT value FROM server_meta WHERE key = 'alive_at'").pluck(),
      finishedIds: db
        .prepare<[], string>(`SELECT id FROM games WHERE status = 'finished' ORDER BY created_at, id`)
        .pluck(),
    };
  }

  insert(record: ReadonlyGameRecord, summary: GameSummary): Promise<void> {
    return this.enqueue(insertOp(record, summary)).then((result) => {
      if (!result.ok) throw new Error(result.message);
    });
  }

  commit(change: GameChange): Promise<CommitResult> {
    return this.enqueue(changeOp(change));
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
    const moves = this.statements.moves.all(id).map((move) => ({
      uci: move.uci,
      san: move.san,
      at: move.played_at,
      ...(move.clock_ms === null ? {} : { clockMs: move.clock_ms }),
    }));
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
      timeControl: timeControlOf(row.time_control),
      clock: row.clock === null ? null : (JSON.parse(row.clock) as GameRecord['clock']),
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
    if (query.timeControl !== undefined) {
      where.push('time_control IS @timeControl');
      params['timeControl'] = query.timeControl === '-' ? null : query.timeControl;
    }
    if (after) {
      where.push('(created_at, id) < (@createdAt, @id)');
      params['createdAt'] = after.createdAt;
      params['id'] = after.id;
    }
    const sql =
      `SELECT * FROM games ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
      'ORDER BY created_at DESC, id DESC LIMIT @limit';
    // Eight shapes of this query exist (with or without status, time control, cursor); each is prepared once.
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

  async waitingGames(query: WaitingQuery): Promise<WaitingGame[]> {
    if (query.includeReserved && query.timeControl !== undefined) {
      throw new Error('waitingGames: includeReserved lists every time control');
    }
    const rows = query.includeReserved
      ? this.statements.waitingAll.all({ limit: query.limit })
      : query.timeControl === undefined
        ? this.statements.waiting.all({ limit: query.limit })
        : this.statements.waitingOf.all({
            limit: query.limit,
            time_control: query.timeControl === '-' ? null : query.timeControl,
          });
    return rows.map((row) => ({ id: row.id, timeControl: row.time_control ?? '-', createdAt: row.created_at }));
  }

  async dueGames(): Promise<DueGame[]> {
    return this.statements.due.all().map((row) => ({ id: row.id, dueAt: row.due_at }));
  }

  async markAlive(atMs: number): Promise<void> {
    const written = await this.enqueue({ kind: 'alive', atMs });
    if (!written.ok) throw new Error(written.message);
  }

  async lastAlive(): Promise<number | null> {
    return this.statements.lastAlive.get() ?? null;
  }

  /** Ids of every finished game, oldest first (for the export command). */
  finishedGameIds(): string[] {
    return this.statements.finishedIds.all();
  }

  /** Run `read` inside one read transaction, so that it sees the store as of one moment. */
  snapshot<T>(read: () => T): T {
    return this.db.transaction(read).deferred();
  }

  /** Transactions written by the group commit so far that held changes of games, and how many changes they held. */
  groupCommitStats(): { transactions: number; writes: number } {
    return { ...this.commitStats };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Whatever was accepted for writing is written before the file closes.
    while (this.inFlight || this.queued.length > 0) {
      if (this.inFlight) await this.inFlight;
      else this.flush();
    }
    await this.sink.close();
    if (this.db.open) this.db.close();
    this.lock?.release();
  }

  /**
   * Why this store cannot write any more (its data file was deleted, moved or replaced while it ran), or null.
   * The readiness probe reports it.
   */
  writeRefusal(): Error | null {
    return this.lostFile;
  }

  /**
   * Is the file at the data path still the one this store writes? A file deleted, moved away or replaced while the
   * server runs would take every later change with it: such a change must never be acknowledged.
   */
  private checkFile(): Error | null {
    if (this.lostFile || !this.fileIdentity) return this.lostFile;
    const now = identityOf(this.path);
    if (!now || now.dev !== this.fileIdentity.dev || now.ino !== this.fileIdentity.ino) {
      this.lostFile = Object.assign(
        new Error(
          `The data file ${this.path} was ${now ? 'replaced' : 'deleted or moved'} while the server ran: no change is ` +
            'accepted from now on (they would be lost). Restore the file and restart the server.',
        ),
        { code: 'ROOKERY_DATA_FILE_LOST' },
      );
    }
    return this.lostFile;
  }

  private enqueue(op: WriteOp): Promise<CommitResult> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const lost = this.checkFile();
    if (lost) return Promise.reject(lost);
    return new Promise<CommitResult>((resolve, reject) => {
      this.queued.push({ op, resolve, reject });
      // One batch at a time: while one is being written the next fills, and goes when it is done.
      if (!this.flushScheduled && !this.inFlight) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Send what is queued as one batch, settle each promise when it is written, then send what queued meanwhile. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.inFlight || this.queued.length === 0) return;
    const batch = this.queued;
    this.queued = [];
    this.inFlight = this.sink.write(batch.map((pending) => pending.op)).then(
      (outcomes) => {
        // Game writes only: heartbeats ride along in whatever batch is open, and are not changes of games.
        const games = batch.filter((pending) => pending.op.kind !== 'alive').length;
        if (games > 0) this.commitStats.transactions += 1;
        this.commitStats.writes += games;
        // Written, but into the file the next start will open? If not, nothing of the batch is acknowledged.
        const lost = this.checkFile();
        if (lost) {
          for (const pending of batch) pending.reject(lost);
          this.afterBatch();
          return;
        }
        batch.forEach((pending, index) => {
          const outcome = outcomes[index]!;
          if (outcome.kind === 'committed') pending.resolve(ok(undefined));
          else if (outcome.kind === 'version_conflict') pending.resolve(fail('version_conflict', outcome.message));
          else pending.reject(Object.assign(new Error(outcome.message), outcome.code ? { code: outcome.code } : {}));
        });
        this.afterBatch();
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
        this.afterBatch();
      },
    );
  }

  private afterBatch(): void {
    this.inFlight = null;
    if (this.queued.length > 0 && !this.closed) this.flush();
  }
}

/** Device and inode of the file at `path`, or null when there is none. */
function identityOf(path: string): { dev: number; ino: number } | null {
  try {
    const stats = statSync(path);
    return { dev: stats.dev, ino: stats.ino };
  } catch {
    return null;
  }
}

function seatOf(row: GameRow, color: Color): SeatRecord | null {
  const name = row[`${color}_name`];
  const tokenHash = row[`${color}_token_hash`];
  const joinedAt = row[`${color}_joined_at`];
  return name !== null && tokenHash !== null && joinedAt !== null ? { name, tokenHash, joinedAt } : null;
}

interface WaitingRow {
  id: string;
  time_control: string | null;
  created_at: string;
}

/** Time controls read back from their column, one object per distinct value (the lobby reads many rows). */
const timeControls = new Map<string, TimeControl | null>();

function timeControlOf(column: string | null): TimeControl | null {
  if (column === null) return null;
  let control = timeControls.get(column);
  if (control === undefined) {
    control = parsePgnTimeControl(column);
    if (timeControls.size < 1000) timeControls.set(column, control);
  }
  // A copy: callers may keep it in records that they change.
  return control ? { ...control } : null;
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
    timeControl: timeControlOf(row.time_control),
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
