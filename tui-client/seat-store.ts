/**
 * Saved seats: the secret token of every seat this user took, in a file only they can read, so that quitting
 * and starting again resumes the game. File: `$XDG_CONFIG_HOME/rookery/seats.json` (default `~/.config/...`),
 * directory 0700, file 0600, written whole to a temporary file and renamed so a crash never leaves half a file.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { COLORS, type Color } from '../shared/vocabulary.js';

/** One saved seat, e.g. `{server: 'http://127.0.0.1:8080', gameId: 'Vq3kT9xw', color: 'white', token: '…', ...}`. */
export interface SavedSeat {
  server: string;
  gameId: string;
  color: Color;
  /** The seat's bearer token: a secret, which is why the file is 0600. */
  token: string;
  /** The name this seat was taken with. */
  name: string;
  /** ISO time of the last save: the newest seat is resumed first. */
  savedAt: string;
}

/** Older seats beyond this many are forgotten (finished games are forgotten as soon as they are seen finished). */
const MAX_SEATS = 50;

/** Where seats are kept for this environment. */
export function defaultSeatFile(env: NodeJS.ProcessEnv): string {
  const configHome = env['XDG_CONFIG_HOME']?.trim() || join(env['HOME']?.trim() || homedir(), '.config');
  return join(configHome, 'rookery', 'seats.json');
}

export class SeatStore {
  constructor(readonly file: string) {}

  /** All saved seats, newest first; an unreadable or malformed file counts as empty. */
  list(): SavedSeat[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return [];
    }
    const seats = (parsed as { seats?: unknown } | null)?.seats;
    if (!Array.isArray(seats)) return [];
    return seats.filter(isSavedSeat).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** The seat saved for this game on this server, if any. */
  find(server: string, gameId: string): SavedSeat | null {
    return this.list().find((seat) => seat.server === server && seat.gameId === gameId) ?? null;
  }

  /** Seats on this server, newest first. */
  forServer(server: string): SavedSeat[] {
    return this.list().filter((seat) => seat.server === server);
  }

  /** Save (or refresh) a seat. */
  save(seat: Omit<SavedSeat, 'savedAt'>, now = new Date()): void {
    const others = this.list().filter((saved) => !(saved.server === seat.server && saved.gameId === seat.gameId));
    this.write([{ ...seat, savedAt: now.toISOString() }, ...others].slice(0, MAX_SEATS));
  }

  /** Forget a seat (its game is over or gone). */
  remove(server: string, gameId: string): void {
    const seats = this.list();
    const kept = seats.filter((seat) => !(seat.server === server && seat.gameId === gameId));
    if (kept.length !== seats.length) this.write(kept);
  }

  private write(seats: SavedSeat[]): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ seats }, null, 2)}\n`, { mode: 0o600 });
    // The mode given to writeFileSync is masked by the umask and ignored for an existing file: set it outright.
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }
}

function isSavedSeat(value: unknown): value is SavedSeat {
  if (typeof value !== 'object' || value === null) return false;
  const seat = value as Record<string, unknown>;
  return (
    typeof seat['server'] === 'string' &&
    typeof seat['gameId'] === 'string' &&
    typeof seat['token'] === 'string' &&
    typeof seat['name'] === 'string' &&
    typeof seat['savedAt'] === 'string' &&
    (COLORS as readonly unknown[]).includes(seat['color'])
  );
}
