/**
 * Where games are kept. The service holds live ChessBoards; a store keeps their records durable and answers the
 * lobby's queries. Implementations are synchronous (an in-memory map, better-sqlite3), which is what lets the
 * service apply one change at a time per game without locks: a change is checked, applied and persisted within
 * one turn of the event loop.
 */
import type { GameSummary } from '../../shared/api-schema.js';
import type { GameStatus } from '../../shared/vocabulary.js';
import type { GameRecord, ReadonlyGameRecord } from '../domain/game-record.js';

/** A page of the lobby listing. */
export interface GamePage {
  games: GameSummary[];
  /** Opaque cursor of the next (older) page, or null when this is the last one. */
  nextCursor: string | null;
}

export interface ListGamesQuery {
  status?: GameStatus;
  limit: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

export interface GameStore {
  /**
   * Persist a new game. Throws if it cannot (the service then reports the failure and forgets the game). The
   * record is the board's own: read it, copy what you keep, never change it.
   */
  insert(record: ReadonlyGameRecord, summary: GameSummary): void;
  /**
   * Persist a change of a game (the record after it, with its summary). Must be durable when it returns; throws
   * if it cannot, and the service then rolls the change back.
   */
  update(record: ReadonlyGameRecord, summary: GameSummary): void;
  /** The record of a game, or undefined if there is none. */
  get(id: string): GameRecord | undefined;
  /** Games newest first (by creation), optionally of one status, one page at a time. */
  list(query: ListGamesQuery): GamePage;
  /** The id of the oldest game with a free seat, for quick pairing. */
  oldestWaiting(): string | undefined;
  /** Release resources (close files). Idempotent. */
  close(): void;
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
