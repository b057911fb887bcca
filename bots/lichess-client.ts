/**
 * The lichess Bot API as the lichess-API bot calls it (lichess-org/api doc/specs; the same calls lichess-bot makes):
 * a token as `Authorization: Bearer`, form bodies, answers `{"ok": true}` or `{"error": "..."}`, and NDJSON streams
 * read line by line with keep-alive empty lines. Works against lichess.org or a Rookery server alike.
 *
 * A stream that sends nothing at all (not even its keep-alive line, every 6 s on lichess) for `idleTimeoutMs` is
 * taken as dropped (a dead connection can stay "open" for minutes): the reader ends with a StreamIdle error and
 * the caller opens it again. A 429 is waited out (Retry-After, else lichess-bot's 1 s after a move and 60 s
 * otherwise) and the call is made again, a few times at most.
 */

/** lichess-bot's read timeout on streams; lichess sends a keep-alive line about every 6 s. */
export const DEFAULT_IDLE_TIMEOUT_MS = 15_000;
/** How often a rate-limited call is tried again before it fails. */
const RATE_LIMIT_RETRIES = 3;

/** An answer other than 2xx: its status, lichess's `error` sentence, and Retry-After when it was a 429. */
export class LichessHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'LichessHttpError';
  }
}

/** A stream that went silent for longer than its idle timeout. */
export class StreamIdle extends Error {
  constructor(
    readonly path: string,
    idleMs: number,
  ) {
    super(`${path} sent nothing for ${Math.round(idleMs / 1000)} s`);
    this.name = 'StreamIdle';
  }
}

/** The account of the token (GET /api/account). */
export interface LichessAccount {
  id: string;
  username: string;
  title?: string;
}

export interface LichessClientOptions {
  /** The server's base URL: https://lichess.org, or a Rookery server's. */
  baseUrl: string;
  token: string;
  idleTimeoutMs?: number;
  /** Waits on a 429 are capped at this (tests shorten it); default 60 s. */
  maxRateLimitWaitMs?: number;
  /** Longest wait for the answer to a call (not a stream), default 15 s: a dead connection must not hold a move. */
  requestTimeoutMs?: number;
}

/** Wait `ms`, or less when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

export class LichessClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly idleTimeoutMs: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly requestTimeoutMs: number;

  constructor(options: LichessClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/u, '');
    this.token = options.token;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 60_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  account(signal?: AbortSignal): Promise<LichessAccount> {
    return this.request('GET', '/api/account', undefined, signal) as Promise<LichessAccount>;
  }

  async accept(challengeId: string): Promise<void> {
    await this.request('POST', `/api/challenge/${encodeURIComponent(challengeId)}/accept`);
  }

  async decline(challengeId: string, reason: string): Promise<void> {
    await this.request('POST', `/api/challenge/${encodeURIComponent(challengeId)}/decline`, { reason });
  }

  async move(gameId: string, uci: string, offeringDraw = false): Promise<void> {
    const query = offeringDraw ? '?offeringDraw=true' : '';
    await this.request('POST', `${this.gamePath(gameId)}/move/${encodeURIComponent(uci)}${query}`);
  }

  /** Accept (or offer) a draw with `yes`; decline the opponent's with `no`. */
  async draw(gameId: string, yes: boolean): Promise<void> {
    await this.request('POST', `${this.gamePath(gameId)}/draw/${yes ? 'yes' : 'no'}`);
  }

  async resign(gameId: string): Promise<void> {
    await this.request('POST', `${this.gamePath(gameId)}/resign`);
  }

  async abort(gameId: string): Promise<void> {
    await this.request('POST', `${this.gamePath(gameId)}/abort`);
  }

  /** The account's event stream, object by object. */
  eventStream(signal: AbortSignal): AsyncGenerator<unknown> {
    return this.stream('/api/stream/event', signal);
  }

  /** A game's stream, object by object (gameFull first). */
  gameStream(gameId: string, signal: AbortSignal): AsyncGenerator<unknown> {
    return this.stream(`/api/bot/game/stream/${encodeURIComponent(gameId)}`, signal);
  }

  private gamePath(gameId: string): string {
    return `/api/bot/game/${encodeURIComponent(gameId)}`;
  }

  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, Accept: 'application/json' };
  }

  /** A call answered with JSON; a 429 is waited out and tried again. */
  private async request(
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...this.headers(),
          ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(this.requestTimeoutMs)])
          : AbortSignal.timeout(this.requestTimeoutMs),
      });
      const text = await response.text();
      if (response.ok) return text ? JSON.parse(text) : null;
      if (response.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        await sleep(this.rateLimitWaitMs(response, path), signal);
        continue;
      }
      throw new LichessHttpError(response.status, errorSentence(text, response.status), path);
    }
  }

  private rateLimitWaitMs(response: Response, path: string): number {
    const header = Number(response.headers.get('retry-after'));
    const wanted = Number.isFinite(header) && header > 0 ? header * 1000 : path.includes('/move/') ? 1000 : 60_000;
    return Math.min(wanted, this.maxRateLimitWaitMs);
  }

  /**
   * An NDJSON stream as objects; keep-alive lines are skipped but reset the idle timer. Ends when the server
   * closes it; throws LichessHttpError when refused, StreamIdle when it went silent, and stops quietly when
   * `signal` aborts.
   */
  private async *stream(path: string, signal: AbortSignal): AsyncGenerator<unknown> {
    const local = new AbortController();
    const stopLocal = () => local.abort(signal.reason);
    signal.addEventListener('abort', stopLocal, { once: true });
    let idle: StreamIdle | null = null;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idle = new StreamIdle(path, this.idleTimeoutMs);
        local.abort(idle);
      }, this.idleTimeoutMs);
    };
    try {
      arm();
      const response = await fetch(`${this.baseUrl}${path}`, {
        headers: { ...this.headers(), Accept: 'application/x-ndjson' },
        signal: local.signal,
      });
      if (!response.ok || !response.body) {
        throw new LichessHttpError(response.status, errorSentence(await response.text(), response.status), path);
      }
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = response.body.getReader();
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        buffer += decoder.decode(value, { stream: true });
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line !== '') yield JSON.parse(line);
          newline = buffer.indexOf('\n');
        }
      }
    } catch (error) {
      if (idle) throw idle;
      if (signal.aborted) return;
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stopLocal);
      local.abort();
    }
  }
}

/** lichess's `{"error": "..."}` sentence, or the status. */
function errorSentence(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {}
  return `HTTP ${status}`;
}
