/** A GameStore in memory: for tests and throwaway servers. Nothing survives a restart. */
import type { GameSummary } from '../../shared/api-schema.js';
import type { GameRecord, ReadonlyGameRecord } from '../domain/game-record.js';
import {
  compareNewestFirst,
  makeCursor,
  parseCursor,
  type GamePage,
  type GameStore,
  type ListGamesQuery,
} from './game-store.js';

interface Entry {
  record: GameRecord;
  summary: GameSummary;
  /** Insertion order, to find the oldest waiting game fast. */
  sequence: number;
}

export class MemoryGameStore implements GameStore {
  private readonly games = new Map<string, Entry>();
  /** Ids of games with a free seat, in creation order (Map keeps insertion order). */
  private readonly waiting = new Map<string, true>();
  private sequence = 0;

  insert(record: ReadonlyGameRecord, summary: GameSummary): void {
    if (this.games.has(record.id)) throw new Error(`game ${record.id} already exists`);
    this.games.set(record.id, { record: structuredClone(record) as GameRecord, summary, sequence: this.sequence++ });
    this.index(summary);
  }

  update(record: ReadonlyGameRecord, summary: GameSummary): void {
    const entry = this.games.get(record.id);
    if (!entry) throw new Error(`game ${record.id} does not exist`);
    entry.record = structuredClone(record) as GameRecord;
    entry.summary = summary;
    this.index(summary);
  }

  get(id: string): GameRecord | undefined {
    const entry = this.games.get(id);
    return entry ? structuredClone(entry.record) : undefined;
  }

  list(query: ListGamesQuery): GamePage {
    const after = query.cursor ? parseCursor(query.cursor) : null;
    const rows = [...this.games.values()]
      .map((entry) => entry.summary)
      .filter((summary) => !query.status || summary.status === query.status)
      .filter((summary) => !after || compareNewestFirst(after, summary) < 0)
      .sort(compareNewestFirst);
    const games = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    return { games, nextCursor: more ? makeCursor(games.at(-1)!) : null };
  }

  oldestWaiting(): string | undefined {
    return this.waiting.keys().next().value;
  }

  close(): void {}

  private index(summary: GameSummary): void {
    if (summary.status === 'waiting') {
      if (!this.waiting.has(summary.id)) this.waiting.set(summary.id, true);
    } else {
      this.waiting.delete(summary.id);
    }
  }
}
