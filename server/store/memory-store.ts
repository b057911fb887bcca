/**
 * A GameStore in memory: for tests and throwaway servers (`--data :memory:`). Nothing survives a restart.
 *
 * It keeps its own copy of each record and applies each change as the SQLite store does: compare-and-set on the
 * version, then only the parts the change names (appended moves are copied one by one, never the whole record).
 */
import type { GameSummary } from '../../shared/api-schema.js';
import { fail, ok } from '../../shared/result.js';
import { pgnTimeControl } from '../../shared/time-control.js';
import type { GameChange, GameRecord, ReadonlyGameRecord } from '../domain/game-record.js';
import {
  compareNewestFirst,
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

interface Entry {
  record: GameRecord;
  summary: GameSummary;
  /** When the clock falls due (GameChange.dueAt), or null. */
  dueAt: number | null;
}

export class MemoryGameStore implements GameStore {
  private readonly games = new Map<string, Entry>();
  /** Ids of games with a free seat open to anyone, in creation order (Map keeps insertion order). */
  private readonly waiting = new Map<string, true>();
  private aliveAt: number | null = null;

  async insert(record: ReadonlyGameRecord, summary: GameSummary): Promise<void> {
    if (this.games.has(record.id)) throw new Error(`game ${record.id} already exists`);
    const entry = { record: structuredClone(record) as GameRecord, summary, dueAt: null };
    this.games.set(record.id, entry);
    this.index(entry);
  }

  async commit(change: GameChange): Promise<CommitResult> {
    const entry = this.games.get(change.id);
    if (!entry) throw new Error(`game ${change.id} does not exist`);
    const stored = entry.record;
    if (stored.version !== change.baseVersion) {
      return fail('version_conflict', `game ${change.id} is at version ${stored.version}, not ${change.baseVersion}`);
    }
    const next = change.record;
    if (stored.moves.length + change.newMoves.length !== next.moves.length) {
      throw new Error(`game ${change.id}: the change's moves do not follow the stored ones`);
    }
    for (const move of change.newMoves) stored.moves.push({ ...move });
    stored.version = next.version;
    stored.updatedAt = next.updatedAt;
    stored.drawOffer = next.drawOffer;
    stored.outcome = next.outcome ? { ...next.outcome } : null;
    stored.clock = next.clock ? { ...next.clock } : null;
    if (change.parts.has('seats')) {
      stored.seats = structuredClone(next.seats) as GameRecord['seats'];
      stored.reservedSeat = next.reservedSeat ? { ...next.reservedSeat } : null;
    }
    if (change.parts.has('rematch')) stored.rematchId = next.rematchId;
    entry.summary = change.summary;
    entry.dueAt = change.dueAt;
    this.index(entry);
    return ok(undefined);
  }

  async get(id: string): Promise<GameRecord | undefined> {
    const entry = this.games.get(id);
    return entry ? structuredClone(entry.record) : undefined;
  }

  async versionOf(id: string): Promise<number | undefined> {
    return this.games.get(id)?.record.version;
  }

  async list(query: ListGamesQuery): Promise<GamePage> {
    const after = query.cursor ? parseCursor(query.cursor) : null;
    const rows = [...this.games.values()]
      .map((entry) => entry.summary)
      .filter((summary) => !query.status || summary.status === query.status)
      .filter((summary) => query.timeControl === undefined || pgnTimeControl(summary.timeControl) === query.timeControl)
      .filter((summary) => !after || compareNewestFirst(after, summary) < 0)
      .sort(compareNewestFirst);
    const games = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    return { games, nextCursor: more ? makeCursor(games.at(-1)!) : null };
  }

  async waitingGames(query: WaitingQuery): Promise<WaitingGame[]> {
    const found: WaitingGame[] = [];
    const ids = query.includeReserved
      ? [...this.games.values()]
          .filter((entry) => entry.summary.status === 'waiting')
          .sort((a, b) => -compareNewestFirst(a.record, b.record))
          .map((entry) => entry.record.id)
      : this.waiting.keys();
    for (const id of ids) {
      const { record } = this.games.get(id)!;
      const timeControl = pgnTimeControl(record.timeControl);
      if (query.timeControl !== undefined && timeControl !== query.timeControl) continue;
      found.push({ id, timeControl, createdAt: record.createdAt });
      if (found.length >= query.limit) break;
    }
    return found;
  }

  async dueGames(): Promise<DueGame[]> {
    const due: DueGame[] = [];
    for (const { record, dueAt } of this.games.values()) {
      if (dueAt !== null) due.push({ id: record.id, dueAt });
    }
    return due;
  }

  async markAlive(atMs: number): Promise<void> {
    this.aliveAt = atMs;
  }

  async lastAlive(): Promise<number | null> {
    return this.aliveAt;
  }

  async close(): Promise<void> {}

  private index(entry: Entry): void {
    const { id, status } = entry.summary;
    if (status === 'waiting' && entry.record.reservedSeat === null) {
      if (!this.waiting.has(id)) this.waiting.set(id, true);
    } else {
      this.waiting.delete(id);
    }
  }
}
