/**
 * One connection to a game's live feed, read as a queue of events: `next()` resolves with each GameState the
 * server sends and finally with an `end` event (closed, failed to open, went silent, or aborted). The typed
 * client's `watch()` builds reconnection and the long-polling fallback on top of it.
 */
import WebSocket from 'ws';
import type { GameState } from './api-schema.js';
import { feedPath } from './live-feed.js';

/** What a feed connection yields. */
export type FeedEvent =
  | { kind: 'state'; state: GameState }
  | {
      kind: 'end';
      /** Did the WebSocket handshake succeed? false: the feed is unavailable (refused, unreachable, 404). */
      opened: boolean;
      /** The close code (1006 when the connection broke without one). */
      code: number;
    };

export interface FeedReaderOptions {
  signal?: AbortSignal;
  /** Longest wait for the handshake, in ms. */
  handshakeTimeoutMs: number;
  /** With no message and no ping for this long, the connection is taken as dead and ended. */
  idleMs: number;
}

/** The feed's URL for a server root: http -> ws, https -> wss. */
export function feedUrl(baseUrl: string, gameId: string): string {
  return `${baseUrl.replace(/^http/iu, 'ws')}${feedPath(gameId)}`;
}

/** A queue over one WebSocket to `GET /api/games/{id}/events`. */
export class FeedReader {
  private readonly socket: WebSocket;
  private readonly events: FeedEvent[] = [];
  private wake: (() => void) | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private opened = false;
  private ended = false;
  private readonly options: FeedReaderOptions;
  private readonly onAbort = () => this.socket.terminate();

  constructor(url: string, options: FeedReaderOptions) {
    this.options = options;
    this.socket = new WebSocket(url, { handshakeTimeout: options.handshakeTimeoutMs });
    this.socket.on('open', () => {
      this.opened = true;
      this.armIdleTimer();
    });
    this.socket.on('ping', () => this.armIdleTimer());
    this.socket.on('message', (data, isBinary) => {
      this.armIdleTimer();
      if (isBinary) return;
      const state = parseState(data.toString());
      if (state) this.push({ kind: 'state', state });
    });
    // Every failure is followed by 'close', which ends the queue; the listener keeps ws from throwing.
    this.socket.on('error', () => {});
    this.socket.on('close', (code) => {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      options.signal?.removeEventListener('abort', this.onAbort);
      this.push({ kind: 'end', opened: this.opened, code });
      this.ended = true;
    });
    if (options.signal?.aborted) this.socket.terminate();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The next event; after `end`, every call resolves with that same end. */
  async next(): Promise<FeedEvent> {
    while (this.events.length === 0) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    const event = this.events[0]!;
    if (event.kind !== 'end') this.events.shift();
    return event;
  }

  /** Close the connection (normal closure); pending events are dropped. */
  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'done');
    else if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
  }

  private push(event: FeedEvent): void {
    if (this.ended) return;
    this.events.push(event);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.socket.terminate(), this.options.idleMs);
    this.idleTimer.unref();
  }
}

/** A GameState from a feed message, or null for anything else (error answers, unknown text). */
function parseState(text: string): GameState | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as GameState).version === 'number' &&
      typeof (value as GameState).id === 'string'
    ) {
      return value as GameState;
    }
  } catch {
    // not JSON: not a state
  }
  return null;
}
