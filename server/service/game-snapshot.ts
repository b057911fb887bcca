/**
 * A committed game version, serialised once: the state, its JSON body and its ETag. The service builds one per
 * version and every reader shares it — the answer to the change itself, every status poll and long poll, every
 * live-feed socket on this process — so no reader serialises the same state again, and a 304 serialises nothing.
 * The body is kept as UTF-8 bytes, so an answer is not even encoded again: the bytes go to the socket as they are.
 *
 * A timed game whose clock is running shows the clock "as of the moment the answer was made" (API.md v1.1), so its
 * answers differ from moment to moment while the version (and the ETag: a 304 means "count down from what you
 * have") stays. Such a snapshot keeps its body in two pieces around the clock, and `bodyAt(now)` puts the clock of
 * that moment between them: still no serialisation of the whole state per answer.
 */
import type { GameState } from '../../shared/api-schema.js';
import { clockAt, type ClockBasis } from '../domain/chess-board.js';

export interface GameSnapshot {
  /** The state as of the change (treat as read-only: it is shared). Its clock is the one of that moment. */
  readonly state: GameState;
  /** `JSON.stringify(state)` in UTF-8: the body as of the change (see `bodyAt` for a running clock). */
  readonly body: Buffer;
  /** `"<id>-<version>"`, the strong ETag of this version. */
  readonly etag: string;
  /** Does the clock run (so that `stateAt` and `bodyAt` change with time)? */
  readonly clockRunning: boolean;
  /** The state with its clock as of `nowMs` (the same object when no clock runs). */
  stateAt(nowMs: number): GameState;
  /** The body with the clock as of `nowMs` (the same bytes when no clock runs). */
  bodyAt(nowMs: number): Buffer;
}

/** `"<id>-<version>"`: the strong ETag of a game state (API.md, Polling). */
export function gameEtag(state: Pick<GameState, 'id' | 'version'>): string {
  return `"${state.id}-${state.version}"`;
}

/** Snapshots by their state object, so that whoever holds a committed state finds its one serialisation. */
const snapshots = new WeakMap<GameState, GameSnapshot>();

/** Stands in for the clock while the rest of a running game's state is serialised. */
const CLOCK_MARK = '\u0001clock\u0001';
/** How the mark appears in JSON: as the value of the `clock` key (a quote inside a string value is escaped). */
const CLOCK_MARK_JSON = `"clock":${JSON.stringify(CLOCK_MARK)}`;

/**
 * The snapshot of a state: serialised on first use, then the same one for every reader of that state object.
 * `basis` (from ChessBoard.clockBasis) lets a running clock be shown as of any later moment.
 */
export function makeSnapshot(state: GameState, basis: ClockBasis | null = null): GameSnapshot {
  let snapshot = snapshots.get(state);
  if (!snapshot) {
    snapshot = basis?.running ? runningSnapshot(state, basis) : fixedSnapshot(state);
    snapshots.set(state, snapshot);
  }
  return snapshot;
}

/** A snapshot whose answers are the same at every moment (untimed, or no clock running). A class, so that the
 * many cached games share its methods instead of holding closures of their own. */
class FixedSnapshot implements GameSnapshot {
  readonly body: Buffer;
  readonly etag: string;
  readonly clockRunning = false;

  constructor(readonly state: GameState) {
    this.body = utf8(JSON.stringify(state));
    this.etag = gameEtag(state);
  }

  stateAt(): GameState {
    return this.state;
  }

  bodyAt(): Buffer {
    return this.body;
  }
}

function fixedSnapshot(state: GameState): GameSnapshot {
  return new FixedSnapshot(state);
}

function runningSnapshot(state: GameState, basis: ClockBasis): GameSnapshot {
  const text = JSON.stringify({ ...state, clock: CLOCK_MARK });
  const at = text.indexOf(CLOCK_MARK_JSON);
  if (at < 0 || text.indexOf(CLOCK_MARK_JSON, at + 1) >= 0) throw new Error('the clock mark is not unique');
  const head = utf8(text.slice(0, at + '"clock":'.length));
  const tail = utf8(text.slice(at + CLOCK_MARK_JSON.length));
  // The last answer made, kept for readers of the same millisecond (a burst of polls, a feed's fan-out).
  let last: { nowMs: number; state: GameState; body: Buffer } | null = null;
  const momentOf = (nowMs: number) => {
    if (last?.nowMs === nowMs) return last;
    const clock = clockAt(basis, nowMs);
    const body = Buffer.concat([head, Buffer.from(JSON.stringify(clock)), tail]);
    last = { nowMs, state: { ...state, clock }, body };
    return last;
  };
  return {
    state,
    body: Buffer.concat([head, Buffer.from(JSON.stringify(state.clock)), tail]),
    etag: gameEtag(state),
    clockRunning: true,
    stateAt: (nowMs) => momentOf(nowMs).state,
    bodyAt: (nowMs) => momentOf(nowMs).body,
  };
}

/**
 * The UTF-8 bytes of a text in a buffer of their own: small Buffer.from() results are slices of shared 8 KiB pool
 * slabs, and a cached game holding one slice would keep its whole slab alive.
 */
function utf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text, 'utf8');
  return bytes;
}
