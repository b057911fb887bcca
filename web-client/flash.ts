/**
 * What a refused form post has to say, kept for the page it redirects to (Post/Redirect/Get for refusals too): a
 * refusal answers 303 to its page with `?notice=<id>`, and that page reads the notice here. So a reload or Back never
 * re-sends the post ("Confirm Form Resubmission"), and the message still shows.
 *
 * In memory, bounded and short-lived: ids are 72 random bits, each one is bound to the page it was made for, the
 * oldest go first past `capacity`, and none outlives `ttlMs`. After a restart a page simply shows no notice.
 */
import { randomBytes } from 'node:crypto';

/** A message above the move entry or a form: an error (with an optional "did you mean" move to play) or news. */
export type Notice = { kind: 'error'; text: string; suggestion?: string | undefined } | { kind: 'info'; text: string };

/** What a refusal leaves for the page: the notice, the text to put back in the field, the form's other values. */
export interface Flash {
  /** The API's error code of the refusal, e.g. `illegal_move` (the page marks its notice with it). */
  code: string;
  notice: Notice;
  /** What was typed in the refused field (a move, a name), to show again. */
  typed?: string | undefined;
  /** Other fields of the refused form, e.g. the New game page's FEN and time control. */
  values?: Readonly<Record<string, string>> | undefined;
  /** Which field of that form was refused, e.g. `fen`. */
  field?: string | undefined;
}

interface Entry {
  path: string;
  flash: Flash;
  expires: number;
}

export class FlashStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = 5000,
    private readonly ttlMs = 15 * 60_000,
  ) {}

  /** Keep `flash` for the page at `path` (no query); returns its id for `?notice=`. */
  put(path: string, flash: Flash): string {
    const id = randomBytes(9).toString('base64url');
    this.entries.set(id, { path, flash, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return id;
  }

  /** The flash with this id made for `path`, or undefined (unknown, expired, or another page's). */
  get(id: unknown, path: string): Flash | undefined {
    if (typeof id !== 'string') return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expires < this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.path === path ? entry.flash : undefined;
  }
}
