/**
 * AccountStore: the accounts of the lichess-compatible Bot API, their tokens and the game seats they hold.
 *
 * Async like GameStore, so that a store across processes (Redis) fits the same interface. Implementations: memory
 * (tests, `--data :memory:`), SQLite (the same data file as the games, schema v4). What is kept:
 * - an account: `id` (the name lowercased: names are unique case-insensitively), `username` as written, `title`
 *   ("BOT" for bot accounts), `createdAt` (epoch ms);
 * - token hashes only (SHA-256, see account-tokens.ts): a token is shown once, when it is made;
 * - seats: which account sits at which colour of which game, and whether that game has finished.
 */
import type { Color } from '../../shared/vocabulary.js';

export interface Account {
  /** The name lowercased: what lichess calls the user id. */
  readonly id: string;
  /** The name as it was written when the account was made. */
  readonly username: string;
  /** "BOT" for bot accounts (lichess-bot refuses to run otherwise), null for others. */
  readonly title: 'BOT' | null;
  /** Epoch ms. */
  readonly createdAt: number;
}

/** A seat held by an account. */
export interface AccountSeat {
  readonly gameId: string;
  readonly color: Color;
  readonly accountId: string;
}

export interface AccountStore {
  /** Add an account with its first token hash; false (and nothing written) when the id is taken. */
  create(account: Account, tokenHash: string): Promise<boolean>;
  /** Add another token to an existing account; false when there is no such account. */
  addToken(accountId: string, tokenHash: string, createdAt: number): Promise<boolean>;
  /** Delete every token of an account (the account and its name stay); how many were deleted. */
  revokeTokens(accountId: string): Promise<number>;
  /** The account with this id (lowercased name), or undefined. */
  byId(accountId: string): Promise<Account | undefined>;
  /** The account a token hash belongs to, or undefined. */
  byTokenHash(tokenHash: string): Promise<Account | undefined>;
  /** Every account, oldest first, with how many tokens each has. */
  list(): Promise<(Account & { tokens: number })[]>;
  /** Record that an account holds a seat of a game. */
  addSeat(seat: AccountSeat): Promise<void>;
  /** The account seats of one game (none, one or two). */
  seatsOf(gameId: string): Promise<AccountSeat[]>;
  /** Seats of games not marked finished: of one account, or of everyone. */
  openSeats(accountId?: string): Promise<AccountSeat[]>;
  /** Mark a game's seats finished. */
  markFinished(gameId: string): Promise<void>;
  close(): Promise<void>;
}
