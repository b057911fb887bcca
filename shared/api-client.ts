/**
 * The typed HTTP client of the Rookery API, for the terminal client, the bots and anyone's scripts.
 * Fetch-based (Node 20's global fetch); request and answer types come from shared/api-schema.ts, the same source
 * as the server's schemas.
 *
 * Retries: calls that are safe to repeat (reads, moves sent with `ply`, and any answer that says nothing was
 * done: 429 and 503) are retried with exponential backoff, honouring `Retry-After`. Joins and game creation are
 * not retried after a network error, because the server may have acted before the connection broke.
 */
import type { GameList, GameState, JoinResult } from './api-schema.js';
import { ERROR_STATUS, isErrorCode, type ErrorCode } from './errors.js';
import type { FeedReader } from './feed-reader.js';
import { formatTimeControl, type TimeControl } from './time-control.js';
import { LIMITS, type Color, type DrawAction, type GameStatus } from './vocabulary.js';

/** An error answer of the API (or a network failure, with code `network`). */
export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** The API's error code, or `network` / `unexpected` when there was no API error body. */
  readonly code: ErrorCode | 'network' | 'unexpected';
  /** The whole error object of the body (with `legalMoves`, `game`, `suggestion` when present). */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: ApiError['code'], message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The current game carried by a `stale_ply` answer. */
  get game(): GameState | undefined {
    return this.details['game'] as GameState | undefined;
  }

  /** Legal moves (UCI) carried by an `illegal_move` answer. */
  get legalMoves(): string[] | undefined {
    return this.details['legalMoves'] as string[] | undefined;
  }

  /** A close legal move carried by an `illegal_move` answer ("did you mean …"). */
  get suggestion(): string | undefined {
    return this.details['suggestion'] as string | undefined;
  }
}

export interface ClientOptions {
  /** Server root, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** How many times a retryable call is retried (default 4). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry (default 250). */
  backoffMs?: number;
  /** Longest backoff delay in ms (default 8000). */
  maxBackoffMs?: number;
  /** Per-request timeout in ms, long polls excepted (default 15000). */
  timeoutMs?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** Answer of a conditional status read. */
export interface StatusRead {
  /** The state, or null when the server answered 304 (unchanged since `etag`). */
  state: GameState | null;
  /** The ETag to send next time. */
  etag: string | null;
}

export interface StatusOptions {
  /** Send If-None-Match: a 304 answer gives `state: null`. */
  etag?: string | null;
  /** Long poll: answer once the version passes this. */
  since?: number;
  /** Long poll: longest wait in seconds (1..LIMITS.waitMaxSeconds, 60). */
  wait?: number;
  signal?: AbortSignal;
}

export interface WatchOptions {
  /** Stops the watch: the iteration ends quietly. */
  signal?: AbortSignal;
  /** Yield only states newer than this version (default: the current state comes first). */
  after?: number;
  /** `auto` (default): the live feed, long polling while it is unavailable; `poll`: long polling only. */
  transport?: 'auto' | 'poll';
  /** Long-poll wait in seconds (1..LIMITS.waitMaxSeconds; default LIMITS.waitDefaultSeconds, 30). */
  pollWaitSeconds?: number;
  /** After the feed proved unavailable, how long to long-poll before trying it again (default 30 s). */
  feedRetryMs?: number;
  /** A feed with no message and no ping for this long is taken as dead and reopened (default 75 s). */
  feedIdleMs?: number;
}

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** May this request be sent again after a network error or a 5xx? */
  idempotent: boolean;
  signal?: AbortSignal;
  /** Overrides the per-request timeout (long polls). */
  timeoutMs?: number;
  accept?: string;
}

/** Sleep that an AbortSignal cuts short (rejecting with the signal's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds (or an HTTP date) of a Retry-After header, in ms; null if absent or unreadable. */
export function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  if (/^\d+$/u.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export class RookeryClient {
  readonly baseUrl: string;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/u, '');
    this.retries = options.retries ?? 4;
    this.backoffMs = options.backoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 8000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** `POST /api/games`: a new game, optionally from a FEN and with a time control (absent or null: untimed). */
  createGame(fen?: string, signal?: AbortSignal, timeControl?: TimeControl | null): Promise<GameState> {
    const body = { ...(fen ? { fen } : {}), ...(timeControl ? { timeControl } : {}) };
    return this.json({ method: 'POST', path: '/api/games', body, idempotent: false, signal });
  }

  /** `GET /api/games`: the lobby, newest first. */
  listGames(
    query: { status?: GameStatus; limit?: number; cursor?: string; timeControl?: TimeControl | null } = {},
    signal?: AbortSignal,
  ): Promise<GameList> {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.timeControl !== undefined) params.set('timeControl', formatTimeControl(query.timeControl));
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    const search = params.size ? `?${params}` : '';
    return this.json({ method: 'GET', path: `/api/games${search}`, idempotent: true, signal });
  }

  /** `POST /api/join`: quick pairing, only with a waiting game of the same time control (absent or null: untimed). */
  quickJoin(name: string, signal?: AbortSignal, timeControl?: TimeControl | null): Promise<JoinResult> {
    const body = timeControl ? { name, timeControl } : { name };
    return this.json({ method: 'POST', path: '/api/join', body, idempotent: false, signal });
  }

  /** `POST /api/games/{id}/join`: a seat in this game. */
  join(gameId: string, name: string, color?: Color, signal?: AbortSignal): Promise<JoinResult> {
    return this.json({
      method: 'POST',
      path: `/api/games/${encodeURIComponent(gameId)}/join`,
      body: color ? { name, color } : { name },
      idempotent: false,
      signal,
    });
  }

  /**
   * `POST /api/games/{id}/move`. Always send `ply` (the number of half-moves before this move): then a retry
   * after a lost answer is answered 200 instead of playing twice, so this call retries safely.
   */
  move(gameId: string, token: string, move: string, ply: number, signal?: AbortSignal): Promise<GameState> {
    return this.json({
      method: 'POST',
      path: `/api/games/${encodeURIComponent(gameId)}/move`,
      body: { move, ply },
      token,
      idempotent: true,
      signal,
    });
  }

  /** `POST /api/games/{id}/resign`. */
  resign(gameId: string, token: string, signal?: AbortSignal): Promise<GameState> {
    return this.json({
      method: 'POST',
      path: `/api/games/${encodeURIComponent(gameId)}/resign`,
      token,
      idempotent: false,
      signal,
    });
  }

  /** `POST /api/games/{id}/draw`: offer, accept, decline, claim or withdraw. */
  draw(gameId: string, token: string, action: DrawAction, signal?: AbortSignal): Promise<GameState> {
    return this.json({
      method: 'POST',
      path: `/api/games/${encodeURIComponent(gameId)}/draw`,
      body: { action },
      token,
      idempotent: false,
      signal,
    });
  }

  /** `POST /api/games/{id}/abort`. */
  abort(gameId: string, token: string, signal?: AbortSignal): Promise<GameState> {
    return this.json({
      method: 'POST',
      path: `/api/games/${encodeURIComponent(gameId)}/abort`,
      token,
      idempotent: false,
      signal,
    });
  }

  /** `GET /api/games/{id}/status` with the current state. */
  async state(gameId: string, signal?: AbortSignal): Promise<GameState> {
    const read = await this.status(gameId, { ...(signal ? { signal } : {}) });
    return read.state!;
  }

  /**
   * `GET /api/games/{id}/status`, conditional (`etag` -> 304 gives `state: null`) and/or long-polling
   * (`since` and `wait`).
   */
  async status(gameId: string, options: StatusOptions = {}): Promise<StatusRead> {
    const params = new URLSearchParams();
    if (options.since !== undefined) params.set('since', String(options.since));
    if (options.wait !== undefined) params.set('wait', String(options.wait));
    const search = params.size ? `?${params}` : '';
    const response = await this.send({
      method: 'GET',
      path: `/api/games/${encodeURIComponent(gameId)}/status${search}`,
      headers: options.etag ? { 'If-None-Match': options.etag } : {},
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.wait ? { timeoutMs: options.wait * 1000 + this.timeoutMs } : {}),
    });
    const etag = response.headers.get('etag');
    if (response.status === 304) return { state: null, etag: etag ?? options.etag ?? null };
    return { state: (await response.json()) as GameState, etag };
  }

  /** `GET /api/games/{id}/pgn`. */
  async pgn(gameId: string, signal?: AbortSignal): Promise<string> {
    const response = await this.send({
      method: 'GET',
      path: `/api/games/${encodeURIComponent(gameId)}/pgn`,
      idempotent: true,
      accept: 'application/x-chess-pgn',
      ...(signal ? { signal } : {}),
    });
    return response.text();
  }

  /**
   * Follow a game: yields its full state now and after every change, and ends after yielding a finished state.
   * Uses the live feed (`GET /api/games/{id}/events`), reconnecting when it drops, and long-polls `/status`
   * while the feed is unavailable (refused, or a proxy without WebSocket). States come in version order and
   * never the same version twice; across a reconnect, intermediate versions may be skipped — each state is
   * complete, so nothing needs replaying. Throws ApiError when the game does not exist or the server stays
   * unreachable past the retries.
   */
  async *watch(gameId: string, options: WatchOptions = {}): AsyncGenerator<GameState, void, undefined> {
    const { signal } = options;
    const pollWait = options.pollWaitSeconds ?? LIMITS.waitDefaultSeconds;
    const feedRetryMs = options.feedRetryMs ?? 30_000;
    let last = options.after ?? -1;
    let pollUntil = options.transport === 'poll' ? Infinity : 0;
    let drops = 0;
    while (!signal?.aborted) {
      if (Date.now() >= pollUntil) {
        const { FeedReader, feedUrl } = await loadFeedReader();
        const reader: FeedReader = new FeedReader(feedUrl(this.baseUrl, gameId), {
          handshakeTimeoutMs: this.timeoutMs,
          idleMs: options.feedIdleMs ?? 75_000,
          ...(signal ? { signal } : {}),
        });
        let received = false;
        let yielded = false;
        try {
          for (let event = await reader.next(); event.kind === 'state'; event = await reader.next()) {
            received = true;
            const { state } = event;
            if (state.version > last) {
              last = state.version;
              yielded = true;
              yield state;
            }
            if (state.status === 'finished') return;
          }
        } finally {
          reader.close();
        }
        if (signal?.aborted) return;
        if (!received) {
          // Never got a state: no feed here (or no such game, which the first poll reports as an ApiError).
          pollUntil = Date.now() + feedRetryMs;
          continue;
        }
        // It worked and dropped (server restart, slow-consumer cut-off, network): reconnect, backing off when
        // reconnections bring nothing new.
        drops = yielded ? 0 : drops + 1;
        if (drops > 0 && !(await this.pause(this.backoff(drops - 1), signal))) return;
        continue;
      }
      let read: StatusRead;
      // A signal of its own per poll, cut loose once the poll is answered: aborting a signal that a finished
      // fetch still holds makes undici drop its keep-alive socket and open a stray one.
      const poll = new AbortController();
      const relay = () => poll.abort(signal?.reason);
      signal?.addEventListener('abort', relay, { once: true });
      try {
        read =
          last < 0
            ? await this.status(gameId, { signal: poll.signal })
            : await this.status(gameId, { since: last, wait: pollWait, signal: poll.signal });
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      } finally {
        signal?.removeEventListener('abort', relay);
      }
      const state = read.state!;
      if (state.version > last) {
        last = state.version;
        yield state;
      }
      if (state.status === 'finished') return;
    }
  }

  /** `GET /healthz`. */
  health(signal?: AbortSignal): Promise<{ ok: boolean }> {
    return this.json({ method: 'GET', path: '/healthz', idempotent: true, signal });
  }

  // ---- transport ----

  private async json<T>(spec: Omit<RequestSpec, 'signal'> & { signal?: AbortSignal | undefined }): Promise<T> {
    const { signal, ...rest } = spec;
    const response = await this.send({ ...rest, ...(signal ? { signal } : {}) });
    return (await response.json()) as T;
  }

  /** Send with retries; resolves with a 2xx or 304 answer, rejects with ApiError otherwise. */
  private async send(spec: RequestSpec): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.sendOnce(spec);
      } catch (error) {
        if (spec.signal?.aborted) throw error;
        const failure = new ApiError(0, 'network', `Cannot reach ${this.baseUrl}: ${describe(error)}`);
        if (!spec.idempotent || attempt >= this.retries) throw failure;
        await sleep(this.backoff(attempt), spec.signal);
        continue;
      }
      if (response.ok || response.status === 304) return response;
      const failure = await toApiError(response);
      // 429 and 503 mean the server did nothing: always safe to repeat. Other 5xx only for idempotent calls.
      const retryable =
        response.status === ERROR_STATUS.rate_limited ||
        response.status === ERROR_STATUS.unavailable ||
        (spec.idempotent && response.status >= 500);
      if (!retryable || attempt >= this.retries) throw failure;
      const wait = parseRetryAfter(response.headers.get('retry-after')) ?? this.backoff(attempt);
      await sleep(Math.min(wait, this.maxBackoffMs * 4), spec.signal);
    }
  }

  private async sendOnce(spec: RequestSpec): Promise<Response> {
    const headers: Record<string, string> = { Accept: spec.accept ?? 'application/json', ...spec.headers };
    if (spec.token) headers['Authorization'] = `Bearer ${spec.token}`;
    let body: string | undefined;
    if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    const timeout = AbortSignal.timeout(spec.timeoutMs ?? this.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    return this.fetchImpl(`${this.baseUrl}${spec.path}`, { method: spec.method, headers, body, signal });
  }

  /** Sleep; false when the signal aborted it. */
  private async pause(ms: number, signal?: AbortSignal): Promise<boolean> {
    try {
      await sleep(ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.backoffMs * 2 ** attempt, this.maxBackoffMs);
    // Jitter keeps many clients from retrying in step.
    return base / 2 + Math.random() * (base / 2);
  }
}

/**
 * The feed reader, with `ws`, loaded on the first `watch()` that opens the feed: the terminal client only polls,
 * and importing ws (a dozen modules) at start-up cost it time on every launch.
 */
let feedReaderModule: Promise<typeof import('./feed-reader.js')> | null = null;
function loadFeedReader(): Promise<typeof import('./feed-reader.js')> {
  feedReaderModule ??= import('./feed-reader.js');
  return feedReaderModule;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (error && isErrorCode(error['code']) && typeof error['message'] === 'string') {
    return new ApiError(response.status, error['code'], error['message'], error);
  }
  return new ApiError(response.status, 'unexpected', `Unexpected answer ${response.status} from the server.`);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
