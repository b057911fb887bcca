/**
 * One server per data file: an exclusive lock that the operating system drops when the process ends, however it
 * ends (exit, crash, SIGKILL), so a killed server can be restarted at once with no clean-up.
 *
 * The lock is SQLite's own POSIX advisory lock on a small side file (`<data file>-lock`): we open it as a SQLite
 * database and hold an open `BEGIN EXCLUSIVE` for the life of the server. The data file itself stays in ordinary
 * WAL mode, so `npm run export` and `sqlite3 .backup` can read it while the server runs. The side file never holds
 * data; it may stay on disk after the server stops and is reused by the next start.
 */
import Database from 'better-sqlite3';

export interface DataFileLock {
  /** Path of the side file that carries the lock. */
  readonly path: string;
  /** Drop the lock. Idempotent. */
  release(): void;
}

/** Take the lock for `dataPath`; null when another process (or another store in this one) holds it. */
export function lockDataFile(dataPath: string): DataFileLock | null {
  const path = `${dataPath}-lock`;
  // timeout 0: a held lock must be reported at once, not waited for.
  const db = new Database(path, { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
  return {
    path,
    release() {
      if (db.open) db.close();
    },
  };
}
