/**
 * AccountStore in the SQLite data file of the games (schema v4, sqlite-schema.ts), on a connection of its own: the
 * server's game store holds its own connection and writer thread, and `npm run account` writes to the same file
 * while the server runs (WAL lets both; the few account writes wait for each other through busy_timeout).
 */
import Database from 'better-sqlite3';
import { fail, ok, type Result } from '../../shared/result.js';
import type { Color } from '../../shared/vocabulary.js';
import { inspectFile, migrate, SCHEMA_VERSION } from '../store/sqlite-schema.js';
import type { Account, AccountSeat, AccountStore } from './account-store.js';

interface AccountRow {
  id: string;
  username: string;
  title: string | null;
  created_at: number;
}

/**
 * Open the accounts of a data file. The game store (openSqliteStore) has normally checked and migrated the file
 * already; run alone (`npm run account`), this brings an empty or older Rookery file up to date itself and refuses
 * any other file.
 */
export function openSqliteAccountStore(path: string): Result<SqliteAccountStore> {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    return fail('unavailable', `Cannot open "${path}": ${(error as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    const kind = inspectFile(db);
    if (kind.kind === 'foreign') throw new Error('it is not a Rookery data file');
    if (kind.kind === 'newer') throw new Error(`it was written by a newer Rookery (schema ${kind.version})`);
    if (kind.kind === 'empty' || kind.version < SCHEMA_VERSION) {
      db.pragma('journal_mode = WAL');
      migrate(db, kind.kind === 'empty' ? 0 : kind.version);
    }
    db.pragma('foreign_keys = ON');
    return ok(new SqliteAccountStore(db));
  } catch (error) {
    db.close();
    return fail('unavailable', `Cannot use "${path}" for accounts: ${(error as Error).message}`);
  }
}

export class SqliteAccountStore implements AccountStore {
  private readonly db: Database.Database;

  /** @internal Use `openSqliteAccountStore`. */
  constructor(db: Database.Database) {
    this.db = db;
  }

  async create(account: Account, tokenHash: string): Promise<boolean> {
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare('INSERT OR IGNORE INTO accounts (id, username, title, created_at) VALUES (?, ?, ?, ?)')
        .run(account.id, account.username, account.title, account.createdAt);
      if (inserted.changes === 0) return false;
      this.db
        .prepare('INSERT INTO account_tokens (token_hash, account_id, created_at) VALUES (?, ?, ?)')
        .run(tokenHash, account.id, account.createdAt);
      return true;
    })();
  }

  async addToken(accountId: string, tokenHash: string, createdAt: number): Promise<boolean> {
    if (!(await this.byId(accountId))) return false;
    this.db
      .prepare('INSERT INTO account_tokens (token_hash, account_id, created_at) VALUES (?, ?, ?)')
      .run(tokenHash, accountId, createdAt);
    return true;
  }

  async revokeTokens(accountId: string): Promise<number> {
    return this.db.prepare('DELETE FROM account_tokens WHERE account_id = ?').run(accountId).changes;
  }

  async byId(accountId: string): Promise<Account | undefined> {
    const row = this.db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?').get(accountId);
    return row && toAccount(row);
  }

  async byTokenHash(tokenHash: string): Promise<Account | undefined> {
    const row = this.db
      .prepare<[string], AccountRow>(
        'SELECT a.* FROM account_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?',
      )
      .get(tokenHash);
    return row && toAccount(row);
  }

  async list(): Promise<(Account & { tokens: number })[]> {
    const rows = this.db
      .prepare<[], AccountRow & { tokens: number }>(
        `SELECT a.*, (SELECT count(*) FROM account_tokens t WHERE t.account_id = a.id) AS tokens
         FROM accounts a ORDER BY a.created_at, a.id`,
      )
      .all();
    return rows.map((row) => ({ ...toAccount(row), tokens: row.tokens }));
  }

  async addSeat(seat: AccountSeat): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO account_seats (game_id, color, account_id, finished) VALUES (?, ?, ?, 0)')
      .run(seat.gameId, seat.color, seat.accountId);
  }

  async seatsOf(gameId: string): Promise<AccountSeat[]> {
    return this.db
      .prepare<[string], SeatRow>('SELECT game_id, color, account_id FROM account_seats WHERE game_id = ?')
      .all(gameId)
      .map(toSeat);
  }

  async openSeats(accountId?: string): Promise<AccountSeat[]> {
    const rows =
      accountId === undefined
        ? this.db.prepare<[], SeatRow>('SELECT game_id, color, account_id FROM account_seats WHERE finished = 0').all()
        : this.db
            .prepare<[string], SeatRow>(
              'SELECT game_id, color, account_id FROM account_seats WHERE finished = 0 AND account_id = ?',
            )
            .all(accountId);
    return rows.map(toSeat);
  }

  async markFinished(gameId: string): Promise<void> {
    this.db.prepare('UPDATE account_seats SET finished = 1 WHERE game_id = ?').run(gameId);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

interface SeatRow {
  game_id: string;
  color: Color;
  account_id: string;
}

function toSeat(row: SeatRow): AccountSeat {
  return { gameId: row.game_id, color: row.color, accountId: row.account_id };
}

function toAccount(row: AccountRow): Account {
  return { id: row.id, username: row.username, title: row.title === 'BOT' ? 'BOT' : null, createdAt: row.created_at };
}
