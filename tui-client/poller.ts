/**
 * The polling loop: one request at a time, a sleep between requests, conditional reads (If-None-Match, so an
 * idle poll is a 304 without a body), exponential backoff with a cap while the server cannot be reached. One
 * AbortSignal stops both the request in flight and the sleep. Used by the `usePolling` hook and by line mode.
 */
import { ApiError, sleep, type RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';

/** What the loop knows about its connection, e.g. `{phase: 'ok', checkedAt: 1763745600000, ...}`. */
export interface PollHealth {
  /** `starting` before the first answer, `ok` after an answer, `failing` while requests fail. */
  phase: 'starting' | 'ok' | 'failing';
  /** When the last answer (200 or 304) arrived, ms since the epoch; null before the first. */
  checkedAt: number | null;
  /** While failing: when the next attempt is due, ms since the epoch. */
  retryAt: number | null;
  /** While failing: `network` when the server cannot be reached, else the API error code. */
  failure: string | null;
  /** While failing: the error's message. */
  message: string | null;
}

export const INITIAL_HEALTH: PollHealth = {
  phase: 'starting',
  checkedAt: null,
  retryAt: null,
  failure: null,
  message: null,
};

export interface PollOptions {
  /** Pause after each answer, in ms. */
  intervalMs: number;
  /** Longest pause between attempts while failing, in ms (default 30 s). */
  maxBackoffMs?: number;
  /** Aborting it ends the loop at once, request and sleep alike. */
  signal: AbortSignal;
  /** The version already shown: states at or below it are not reported. */
  knownVersion?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

export interface PollListener {
  /** A state newer than any reported before. */
  onState(state: GameState): void;
  /** Connection news (every answer and every failure). */
  onHealth(health: PollHealth): void;
}

export const DEFAULT_MAX_BACKOFF_MS = 30_000;

/** Delay before attempt number `failures` (1-based) after failures: interval doubled each time, capped. */
export function backoffDelay(intervalMs: number, failures: number, maxBackoffMs = DEFAULT_MAX_BACKOFF_MS): number {
  return Math.min(Math.max(intervalMs, 1000) * 2 ** (failures - 1), maxBackoffMs);
}

/** Poll `gameId` until the signal aborts. Resolves (never rejects) once aborted. */
export async function pollGame(
  client: RookeryClient,
  gameId: string,
  options: PollOptions,
  listener: PollListener,
): Promise<void> {
  const { signal, intervalMs } = options;
  const now = options.now ?? Date.now;
  let etag: string | null = null;
  let knownVersion = options.knownVersion ?? -1;
  let failures = 0;
  while (!signal.aborted) {
    let pause: number;
    try {
      const read = await client.status(gameId, { etag, signal });
      etag = read.etag;
      failures = 0;
      if (read.state && read.state.version > knownVersion) {
        knownVersion = read.state.version;
        listener.onState(read.state);
      }
      listener.onHealth({ phase: 'ok', checkedAt: now(), retryAt: null, failure: null, message: null });
      pause = intervalMs;
    } catch (error) {
      if (signal.aborted) return;
      failures++;
      pause = backoffDelay(intervalMs, failures, options.maxBackoffMs);
      const apiError = error instanceof ApiError ? error : null;
      listener.onHealth({
        phase: 'failing',
        checkedAt: null,
        retryAt: now() + pause,
        failure: apiError?.code ?? 'network',
        message: apiError?.message ?? String(error),
      });
    }
    try {
      await sleep(pause, signal);
    } catch {
      return;
    }
  }
}
