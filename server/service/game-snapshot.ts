/**
 * A committed game version, serialised once: the state, its JSON body and its ETag. The service builds one per
 * version and every reader shares it — the answer to the change itself, every status poll and long poll, every
 * live-feed socket on this process — so no reader serialises the same state again, and a 304 serialises nothing.
 * The body is kept as UTF-8 bytes, so an answer is not even encoded again: the bytes go to the socket as they are.
 */
import type { GameState } from '../../shared/api-schema.js';

export interface GameSnapshot {
  /** The state (treat as read-only: it is shared). */
  readonly state: GameState;
  /** `JSON.stringify(state)` in UTF-8, the body of every answer carrying this version. */
  readonly body: Buffer;
  /** `"<id>-<version>"`, the strong ETag of this version. */
  readonly etag: string;
}

/** `"<id>-<version>"`: the strong ETag of a game state (API.md, Polling). */
export function gameEtag(state: Pick<GameState, 'id' | 'version'>): string {
  return `"${state.id}-${state.version}"`;
}

/** Snapshots by their state object, so that whoever holds a committed state finds its one serialisation. */
const snapshots = new WeakMap<GameState, GameSnapshot>();

/** The snapshot of a state: serialised on first use, then the same one for every reader of that state object. */
export function makeSnapshot(state: GameState): GameSnapshot {
  let snapshot = snapshots.get(state);
  if (!snapshot) {
    snapshot = { state, body: utf8(JSON.stringify(state)), etag: gameEtag(state) };
    snapshots.set(state, snapshot);
  }
  return snapshot;
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
