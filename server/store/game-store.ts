/**
 * Where games are kept. The service holds live ChessBoards; a store keeps their records durable and answers the
 * lobby's queries. The interface is asynchronous so that a networked store (Redis) drops in beside the embedded ones
 * (memory, SQLite), and every change is a compare-and-set over the game's version: a change is applied only while
 * the store still holds the version it was computed from, and it writes only what changed (appended moves, changed
 * parts). The service runs one change at a time per game; the compare-and-set is what keeps two processes from both
 * applying one.
 */
import type { GameSummary } from '../../shared/api-schema.js';
import type { Failure, Result } from '../../shared/result.js';
import type { GameStatus } from '../../shared/vocabulary.js';
import type { GameChange, GameRecord, ReadonlyGameRecord } from '../domain/game-record.js';

/** A page of the lobby listing. */
export interface GamePage {
  games: GameSummary[];
  /** Opaque cursor of the next (older) page, or null when this is the last one. */
  nextCursor: string | null;
}

export interface ListGamesQuery {
  status?: GameStatus;
  /** Only games of this time control, as its PGN tag value (`300+3`, `1/259200`, `-` for untimed). */
  timeControl?: string;
  limit: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

/**
 * What a commit did: committed, or refused because the store no longer holds the change's base version (another
 * writer got there first: reload the game and compute the change again). I/O failures reject the promise instead.
 */
export type CommitResult = Result<void, Failure<'version_conflict'>>;

/** A waiting game as quick pairing and the expiry see it. */
export interface WaitingGame {
  id: string;
  /** PGN tag value of its time control, e.g. `300+3`; `-` when untimed. */
  timeControl: string;
  createdAt: string;
}

export interface WaitingQuery {
  timeControl?: string;
  limit: number;
  /** Also games whose free seat is kept for a rematch (every time control: not with `timeControl`). */
  includeReserved?: boolean;
}

/** A game whose clock falls due at `dueAt` (epoch ms). */
export interface DueGame {
  id: string;
  dueAt: number;
}

export interface GameStore {
  /**
   * Persist a new game; durable when the promise resolves. Rejects if it cannot (the service then reports the
   * failure and forgets the game). The record is the board's own: read it, copy what you keep, never change it.
   */
  insert(record: ReadonlyGameRecord, summary: GameSummary): Promise<void>;
  /**
   * Persist one change of a game over `change.baseVersion`: durable when the promise resolves with ok. Resolves
   * `version_conflict` when the stored version is not the base one; rejects when the write fails (nothing of the
   * change is kept). `announcement` is the bus's message of the change (GameBus.announcementOf), for a store that
   * carries the bus between processes: it publishes the message in the same atomic step as the change, so that
   * every process sees a game's versions in commit order and no crash can separate a change from its message.
   * Other stores ignore it.
   */
  commit(change: GameChange, announcement?: string): Promise<CommitResult>;
  /** The record of a game, or undefined if there is none. */
  get(id: string): Promise<GameRecord | undefined>;
  /** The stored version of a game, or undefined if there is none: a cheap check that a cached board is current. */
  versionOf(id: string): Promise<number | undefined>;
  /** Games newest first (by creation), optionally of one status, one page at a time. */
  list(query: ListGamesQuery): Promise<GamePage>;
  /**
   * Games with a free seat open to anyone (not one kept for a rematch, unless `includeReserved`), oldest first:
   * quick pairing's candidates and (with `includeReserved`) the waiting-game expiry's list. `timeControl` (PGN tag
   * value, `-` for untimed) keeps only that control.
   */
  waitingGames(query: WaitingQuery): Promise<WaitingGame[]>;
  /** Unfinished games whose clock falls due (see ChessBoard.dueAt), for arming their timers after a start. */
  dueGames(): Promise<DueGame[]>;
  /**
   * Note that the server is running at `atMs` (a heartbeat, written every second or so): after a crash, the last
   * one tells how long the server was down, which the clocks give back (see game-clock.ts `creditDowntime`). A store
   * of one process keeps the moment written last (its one writer only moves forward); a shared store keeps the
   * newest moment any process wrote, since the deployment is up while any of its processes is.
   */
  markAlive(atMs: number): Promise<void>;
  /** The last heartbeat written, or null when none ever was. */
  lastAlive(): Promise<number | null>;
  /** Release resources (finish pending writes, close files). Idempotent. */
  close(): Promise<void>;
}

/**
 * What a store shared by several server processes (Redis) adds, so that they behave as one server:
 * - clock deadlines any process can claim (the process that armed a timer may die): `claimDue`/`rescheduleDue`;
 * - who asked about which waiting game lately (quick pairing and the waiting-game expiry read it): presence;
 * - a lock for what must not run twice at once across processes (quick pairing).
 * A process-local store has none of this: the service keeps timers, presence and the pairing queue in memory.
 */
export interface SharedGameStore extends GameStore {
  readonly shared: true;
  /**
   * The games whose clock fell due by `nowMs`, at most `limit`, each claimed for `leaseMs`: no other process gets
   * it back until the lease ends (if the claimant dies, another process checks it then). The claimant checks the
   * game's clock through the usual compare-and-set, so a flag still ends the game once.
   */
  claimDue(nowMs: number, leaseMs: number, limit: number): Promise<string[]>;
  /** Put a claimed game back at its real due moment (nothing changed when its clock was checked), or drop it. */
  rescheduleDue(id: string, dueAt: number | null): Promise<void>;
  /** Note that someone asked about these waiting games at these moments (epoch ms); never moves a moment back. */
  notePresence(entries: ReadonlyMap<string, number>): Promise<void>;
  /** When someone last asked about each of these games, for those where anyone did. */
  presenceOf(ids: readonly string[]): Promise<Map<string, number>>;
  /**
   * Run `task` while holding the lock `name` across all processes (waiting for it while another holds it). The
   * lock lapses after `ttlMs` if its holder dies; `task` must finish well within that.
   */
  withLock<T>(name: string, ttlMs: number, task: () => Promise<T>): Promise<T>;
  /** Note that a client address made this game (the per-address cap on waiting games counts across processes). */
  noteMadeBy(address: string, id: string): Promise<void>;
  /** The games this address made that still wait for a player. */
  waitingMadeBy(address: string): Promise<string[]>;
}

/** Is this store shared by several processes (see SharedGameStore)? */
export function isSharedStore(store: GameStore): store is SharedGameStore {
  return (store as Partial<SharedGameStore>).shared === true;
}

/** Cursor for newest-first paging: the position of the last row shown. */
export function makeCursor(summary: Pick<GameSummary, 'createdAt' | 'id'>): string {
  return Buffer.from(`${summary.createdAt}|${summary.id}`, 'utf8').toString('base64url');
}

/** Read a cursor back; null when it is not one of ours. */
export function parseCursor(cursor: string): { createdAt: string; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([A-Za-z0-9_-]+)$/u.exec(text);
  return match ? { createdAt: match[1]!, id: match[2]! } : null;
}

/** Newest first by creation time, then by id, as both stores order the lobby. */
export function compareNewestFirst(
  a: Pick<GameSummary, 'createdAt' | 'id'>,
  b: Pick<GameSummary, 'createdAt' | 'id'>,
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
