/**
 * The layout of a Rookery SQLite data file, how to recognise one, and the forward migrations that bring an older
 * file up to date.
 *
 * A Rookery file is marked in the SQLite header itself: `PRAGMA application_id` holds ROOKERY_APPLICATION_ID and
 * `PRAGMA user_version` the schema version. Both are written in the same transaction as the tables of each
 * migration, so a file is either fully at a version or still at the one before.
 */
import type Database from 'better-sqlite3';

/** "Rook" in ASCII: the application id in the header of every Rookery data file. */
export const ROOKERY_APPLICATION_ID = 0x526f6f6b;

interface Migration {
  /** The schema version this migration produces. */
  version: number;
  description: string;
  sql: string;
}

/**
 * Every schema change, oldest first. Never edit a released entry: add a new one. Version 1 keeps per game the id,
 * times, start position, seats (name, token hash, join time), draw offer and outcome, plus the lobby's columns
 * (status, turn, plies, result), and one row per move (ply, UCI, SAN, time). `time_control`, `clock` and
 * `moves.clock_ms` are reserved for time controls: always NULL until a later version fills them in. Version 2 adds
 * the rematch links and the reserved seat of a rematch. Version 3 fills in the time control (its PGN tag value, e.g.
 * `300+3`; NULL when untimed), the clock (JSON of game-clock.ts ClockRecord) and each move's `clock_ms`, and adds
 * `due_at` (epoch ms at which an active game's clock falls due, indexed so that a start re-arms every timer) and
 * the `server_meta` table with the server's heartbeat (`alive_at`, epoch ms). Version 4 adds the accounts of the
 * lichess-compatible Bot API (server/accounts): accounts (id = lowercased name), their token hashes, and which
 * account holds which seat of a game (`finished` set once the game ended, so that "now playing" stays small).
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'games and moves',
    sql: `
      CREATE TABLE games (
        id               TEXT PRIMARY KEY,
        version          INTEGER NOT NULL,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        initial_fen      TEXT,
        status           TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'finished')),
        turn             TEXT NOT NULL CHECK (turn IN ('white', 'black')),
        plies            INTEGER NOT NULL,
        white_name       TEXT,
        white_token_hash TEXT,
        white_joined_at  TEXT,
        black_name       TEXT,
        black_token_hash TEXT,
        black_joined_at  TEXT,
        draw_offer       TEXT CHECK (draw_offer IN ('white', 'black')),
        result           TEXT NOT NULL CHECK (result IN ('*', '1-0', '0-1', '1/2-1/2')),
        termination      TEXT,
        winner           TEXT CHECK (winner IN ('white', 'black')),
        time_control     TEXT,
        clock            TEXT
      ) STRICT;
      CREATE INDEX games_newest ON games (created_at DESC, id DESC);
      CREATE INDEX games_by_status ON games (status, created_at DESC, id DESC);
      CREATE TABLE moves (
        game_id   TEXT NOT NULL REFERENCES games (id),
        ply       INTEGER NOT NULL CHECK (ply >= 0),
        uci       TEXT NOT NULL,
        san       TEXT NOT NULL,
        played_at TEXT NOT NULL,
        clock_ms  INTEGER,
        PRIMARY KEY (game_id, ply)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: "rematch links and the seat a rematch keeps for the previous game's other player",
    sql: `
      ALTER TABLE games ADD COLUMN rematch_of TEXT;
      ALTER TABLE games ADD COLUMN rematch_id TEXT;
      ALTER TABLE games ADD COLUMN reserved_color TEXT CHECK (reserved_color IN ('white', 'black'));
      ALTER TABLE games ADD COLUMN reserved_token_hash TEXT;
    `,
  },
  {
    version: 3,
    description: 'time controls: clock deadlines and the server heartbeat',
    sql: `
      ALTER TABLE games ADD COLUMN due_at INTEGER;
      CREATE INDEX games_due ON games (due_at) WHERE due_at IS NOT NULL;
      CREATE TABLE server_meta (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    description: 'accounts of the lichess-compatible Bot API: tokens and seats',
    sql: `
      CREATE TABLE accounts (
        id         TEXT PRIMARY KEY,
        username   TEXT NOT NULL,
        title      TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE account_tokens (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX account_tokens_by_account ON account_tokens (account_id);
      CREATE TABLE account_seats (
        game_id    TEXT NOT NULL,
        color      TEXT NOT NULL CHECK (color IN ('white', 'black')),
        account_id TEXT NOT NULL REFERENCES accounts (id),
        finished   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (game_id, color)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX account_seats_playing ON account_seats (account_id) WHERE finished = 0;
    `,
  },
];

/** The schema version this build writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/** What a data file turned out to be. */
export type FileKind =
  | { kind: 'empty' }
  | { kind: 'rookery'; version: number }
  | { kind: 'foreign'; applicationId: number; tables: number }
  | { kind: 'newer'; version: number };

/**
 * Look at a file's header and catalogue without writing anything. Throws SQLite's own errors
 * (SQLITE_NOTADB, SQLITE_CORRUPT) for files that are not databases or whose first pages are damaged.
 */
export function inspectFile(db: Database.Database): FileKind {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
  if (applicationId === 0 && version === 0 && tables === 0) return { kind: 'empty' };
  if (applicationId !== ROOKERY_APPLICATION_ID) return { kind: 'foreign', applicationId, tables };
  if (version > SCHEMA_VERSION) return { kind: 'newer', version };
  return { kind: 'rookery', version };
}

/** SQLite's quick integrity check: null when the file is sound, else its first complaint. */
export function findDamage(db: Database.Database): string | null {
  const lines = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
  const complaints = lines.map((line) => line.quick_check).filter((line) => line !== 'ok');
  return complaints.length === 0 ? null : complaints.join('; ');
}

/** Bring a Rookery (or empty) file from `fromVersion` to SCHEMA_VERSION, one transaction per migration. */
export function migrate(db: Database.Database, fromVersion: number): void {
  for (const migration of MIGRATIONS) {
    if (migration.version <= fromVersion) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`application_id = ${ROOKERY_APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
