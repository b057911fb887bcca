/**
 * GameService: per-game queue -> load -> apply -> commit (compare-and-set on the version) -> publish.
 *
 * - One change at a time per game (KeyedQueue), games in parallel. Quick pairing has a queue of its own, so two
 *   players pairing at the same moment meet in one game.
 * - A change is computed on the cached board, committed over the version it was computed from, and only then
 *   answered and published. Until the commit is durable, readers keep seeing the previous committed snapshot; if the
 *   commit fails the board is dropped and rebuilt from the store on next use; if another writer got there first
 *   (version conflict, several processes on one store) the board is reloaded and the change computed again.
 * - Each committed version is serialised once (GameSnapshot) and shared by the reply, pollers and sockets.
 * - The store, the bus, the time source and the scheduler are passed in; the defaults are the in-process ones.
 * - Boards are cached (bounded, least recently used first out) and rebuilt from the store on demand.
 */
import { fail, ok, type Failure, type Result } from '../../shared/result.js';
import { COLORS, opponentOf, type Color, type DrawAction, type GameStatus } from '../../shared/vocabulary.js';
import type { GameBus } from '../bus/game-bus.js';
import { InProcessBus } from '../bus/in-process-bus.js';
import { ChessBoard, type IllegalMoveDetails, type MoveFailure } from '../domain/chess-board.js';
import { makePgn } from '../domain/pgn.js';
import type { GameRecord } from '../domain/game-record.js';
import { parseCursor, type CommitResult, type GameStore } from '../store/game-store.js';
import { systemTime, TimerScheduler, type Scheduler, type TimeSource } from '../schedule/time.js';
import { makeSnapshot, type GameSnapshot } from './game-snapshot.js';
import { KeyedQueue } from './keyed-queue.js';
import { hashSeatToken, makeGameId, makeSeatToken, tokenMatches } from './seat-tokens.js';
import type { GamePage, GameState, JoinResult } from './types.js';

export interface GameServiceOptions {
  store: GameStore;
  /** Where committed versions are published (default: in this process only). */
  bus?: GameBus;
  /** "Now" (default: the machine's clock). */
  time?: TimeSource;
  /** Runs timed tasks such as long-poll deadlines (default: Node timers on `time`). */
  scheduler?: Scheduler;
  /** Most live boards kept in memory; others are rebuilt from the store when asked for. */
  cacheSize?: number;
}

/** A failure that may carry details for the client: the current game (stale_ply), the legal moves (illegal_move). */
export type ServiceFailure = Failure & { game?: GameState } & Partial<IllegalMoveDetails>;
export type ServiceResult<T> = Result<T, ServiceFailure>;

/** Who is acting: the game and the seat's token. */
export interface SeatCredentials {
  gameId: string;
  token: string;
}

declare const authorizedBrand: unique symbol;

/** A seat whose token was checked (by `authorize`): the service acts for it without checking again. */
export interface AuthorizedSeat {
  readonly gameId: string;
  readonly color: Color;
  /** The seat's token hash, as checked. */
  readonly tokenHash: string;
  readonly [authorizedBrand]: true;
}

/** Who acts: a seat checked before, or credentials to check. */
export type Actor = AuthorizedSeat | SeatCredentials;

/** A cached game: the working board (changes are computed on it) and the last committed snapshot (readers see it). */
interface CachedGame {
  board: ChessBoard;
  snapshot: GameSnapshot;
}

/** How often a change is computed again after a version conflict before the service gives up. */
const MAX_CONFLICT_RETRIES = 5;

/** The key of the quick-pairing queue (game ids are URL-safe base64, so they never contain a space). */
const PAIRING_KEY = 'quick pairing';

export class GameService {
  readonly bus: GameBus;
  private readonly store: GameStore;
  private readonly time: TimeSource;
  private readonly scheduler: Scheduler;
  private readonly cacheSize: number;
  private readonly games = new Map<string, CachedGame>();
  private readonly queue = new KeyedQueue();
  private readonly closeListeners = new Set<() => void>();
  private closing = false;
  private readonly stopTap: () => void;

  constructor(options: GameServiceOptions) {
    this.store = options.store;
    this.bus = options.bus ?? new InProcessBus();
    this.time = options.time ?? systemTime;
    this.scheduler = options.scheduler ?? new TimerScheduler(this.time);
    this.cacheSize = options.cacheSize ?? 10_000;
    this.stopTap = this.bus.tap((snapshot) => this.onPublished(snapshot));
  }

  /** Create a game, from the standard start or a FEN. */
  async create(fen?: string): Promise<Result<GameState>> {
    let initialFen: string | null = null;
    if (fen !== undefined) {
      const parsed = ChessBoard.parseStartFen(fen);
      if (!parsed.ok) return parsed;
      initialFen = parsed.value;
    }
    const board = ChessBoard.create(makeGameId(), this.now(), initialFen);
    const inserted = await this.insert(board);
    return inserted.ok ? ok(inserted.value.state) : inserted;
  }

  /** The current (committed) state of a game. */
  async state(gameId: string): Promise<Result<GameState>> {
    const snapshot = await this.snapshot(gameId);
    return snapshot.ok ? ok(snapshot.value.state) : snapshot;
  }

  /** The current committed snapshot of a game: state, JSON body and ETag, built once per version. */
  async snapshot(gameId: string): Promise<Result<GameSnapshot>> {
    const cached = this.cached(gameId);
    if (cached) return ok(cached.snapshot);
    const loaded = await this.queue.run(gameId, () => this.load(gameId));
    return loaded.ok ? ok(loaded.value.snapshot) : loaded;
  }

  /**
   * The committed snapshot of a game if it is in this process's cache, else undefined: the status poll's fast path
   * answers from it without a queue or a promise (a game not cached takes the ordinary route).
   */
  cachedSnapshot(gameId: string): GameSnapshot | undefined {
    return this.cached(gameId)?.snapshot;
  }

  /** The game as PGN. */
  async pgn(gameId: string, site: string): Promise<Result<string>> {
    return this.queue.run(gameId, async () => {
      const game = await this.load(gameId);
      return game.ok ? ok(makePgn(game.value.board, site)) : game;
    });
  }

  /** The lobby: newest first, one page. */
  async list(query: { status?: GameStatus; limit: number; cursor?: string }): Promise<Result<GamePage>> {
    if (query.cursor !== undefined && !parseCursor(query.cursor)) {
      return fail('invalid_request', 'querystring.cursor is not a cursor this server gave out.');
    }
    try {
      return ok(await this.store.list(query));
    } catch (error) {
      return this.storeFailure(error, 'The games could not be read. Try again shortly.');
    }
  }

  /** Take a seat in a game: the asked colour or the free one. */
  async join(gameId: string, name: string, color?: Color): Promise<Result<JoinResult>> {
    const token = makeSeatToken();
    const tokenHash = hashSeatToken(token);
    const joined = await this.change(gameId, (board) => board.join(name.trim(), tokenHash, this.now(), color));
    if (!joined.ok) return joined;
    return ok({ gameId, color: joined.value.value, token, game: joined.value.snapshot.state });
  }

  /** Quick pairing: a seat in the oldest game with a free seat open to anyone, or in a new game. */
  async quickJoin(name: string): Promise<Result<JoinResult>> {
    // One pairing at a time: the next one sees the game this one created or filled.
    return this.queue.run(PAIRING_KEY, async () => {
      let waitingId: string | undefined;
      try {
        waitingId = await this.store.oldestWaiting();
      } catch (error) {
        return this.storeFailure(error);
      }
      if (waitingId) {
        const joined = await this.join(waitingId, name);
        if (joined.ok) return joined;
      }
      const created = await this.create();
      if (!created.ok) return created;
      return this.join(created.value.id, name);
    });
  }

  /** Which seat a token holds in a game: 404 for an unknown game, 401 for a token that holds no seat. */
  async authorize(credentials: SeatCredentials): Promise<Result<AuthorizedSeat>> {
    const { gameId } = credentials;
    const cached = this.cached(gameId);
    const loaded = cached ? ok(cached) : await this.queue.run(gameId, () => this.load(gameId));
    if (!loaded.ok) return loaded;
    const seat = seatHolding(loaded.value, credentials);
    if (seat) return ok(seat);
    if (cached) {
      // The seat may have been taken through another process since this board was cached.
      const fresh = await this.queue.run(gameId, () => this.refreshIfBehind(cached));
      if (!fresh.ok) return fresh;
      const seatNow = fresh.value === cached ? null : seatHolding(fresh.value, credentials);
      if (seatNow) return ok(seatNow);
    }
    return fail('unauthorized', 'This token does not hold a seat in this game.');
  }

  /**
   * Play a move (any notation people type). A repeated submission of the player's own move with its ply is a no-op.
   * `who` is a seat already authorised (the HTTP layer checks the token before it reads the body) or credentials
   * to check now.
   */
  move(who: Actor, text: string, ply?: number): Promise<ServiceResult<GameState>> {
    // A safe retry leaves the version as it is, so nothing is written or published.
    return this.act(who, (board, color) => board.move(color, text, this.now(), ply));
  }

  resign(who: Actor): Promise<ServiceResult<GameState>> {
    return this.act(who, (board, color) => board.resign(color, this.now()));
  }

  draw(who: Actor, action: DrawAction): Promise<ServiceResult<GameState>> {
    // Re-offering an open offer changes nothing, so nothing is written or published.
    return this.act(who, (board, color) => board.draw(color, action, this.now()));
  }

  abort(who: Actor): Promise<ServiceResult<GameState>> {
    return this.act(who, (board, color) => board.abort(color, this.now()));
  }

  /**
   * A rematch of a finished game, colours swapped, from the same start position. The first of its two players to
   * ask creates it and sits in it; the game keeps the other seat for the other player (quick pairing and strangers
   * cannot take it), who takes it by asking too. Both get their seat's token (JoinResult) once.
   *
   * The finished game's link is written first (compare-and-set, so two processes agree on one rematch id), then the
   * rematch game under that id: if creating it fails, the next ask creates it, so no half-made rematch is left.
   */
  async rematch(who: Actor, name?: string): Promise<ServiceResult<JoinResult>> {
    const authorized = await this.seatOf(who);
    if (!authorized.ok) return authorized;
    const seat = authorized.value;
    const linked = await this.queue.run(seat.gameId, async () => {
      const loaded = await this.load(seat.gameId);
      if (!loaded.ok) return loaded;
      const proposed = makeGameId();
      const committed = await this.commitOn(loaded.value, (board): ServiceResult<ChessBoard> => {
        const link = board.linkRematch(seat.color, proposed, this.now());
        return link.ok ? ok(board) : { ...link, game: board.state() };
      });
      if (!committed.ok) return committed;
      const board = committed.value.value;
      return ok({
        rematchId: board.rematchId()!,
        initialFen: board.initialFen(),
        playerName: name ?? board.playerName(seat.color) ?? 'player',
        opponentHash: board.seatTokenHash(opponentOf(seat.color))!,
      });
    });
    if (!linked.ok) return linked;
    const { rematchId, initialFen, playerName, opponentHash } = linked.value;
    const token = makeSeatToken();
    const tokenHash = hashSeatToken(token);

    return this.queue.run(rematchId, async (): Promise<ServiceResult<JoinResult>> => {
      const existing = await this.load(rematchId);
      if (!existing.ok && existing.code !== 'game_not_found') return existing;
      if (!existing.ok) {
        // The first to ask: create the rematch with this player seated and the other seat kept.
        const now = this.now();
        const board = ChessBoard.create(rematchId, now, initialFen, {
          rematchOf: seat.gameId,
          reservedSeat: { color: seat.color, tokenHash: opponentHash },
        });
        const color = opponentOf(seat.color);
        const joined = board.join(playerName, tokenHash, now, color);
        if (!joined.ok) throw new Error(`a new rematch refused its first player: ${joined.message}`);
        const inserted = await this.insert(board);
        return inserted.ok ? ok({ gameId: rematchId, color, token, game: inserted.value.state }) : inserted;
      }
      // The rematch exists: this player takes the seat kept for them, unless they are the one who created it.
      const joined = await this.commitOn(existing.value, (board) => {
        const reserved = board.reservedSeat();
        if (!reserved || reserved.tokenHash !== seat.tokenHash) {
          return board.status === 'finished'
            ? fail('game_over', 'The rematch was called off by the other player; start a new game instead.')
            : fail('color_taken', 'You already sit in this rematch (see the page or program where you asked for it).');
        }
        return board.join(playerName, tokenHash, this.now(), reserved.color, true);
      });
      if (!joined.ok) return joined;
      return ok({ gameId: rematchId, color: joined.value.value, token, game: joined.value.snapshot.state });
    });
  }

  /**
   * Call `listener` with the game's current snapshot and then with every newer one, in version order, never with
   * one older than it already had. Subscribes before reading, so no version committed in between is missed; when
   * the bus skips versions (a bus across processes may), the store is read again. Resolves with the unsubscribe
   * function, or not found.
   */
  async watch(gameId: string, listener: (snapshot: GameSnapshot) => void): Promise<Result<() => void>> {
    let lastVersion = -1;
    let stopped = false;
    const deliverNow = (snapshot: GameSnapshot) => {
      if (stopped || snapshot.state.version <= lastVersion) return;
      lastVersion = snapshot.state.version;
      listener(snapshot);
    };
    const deliver = (snapshot: GameSnapshot) => {
      if (lastVersion >= 0 && snapshot.state.version > lastVersion + 1) {
        // A gap: what came in between is in the store; read it rather than skip to this one.
        this.resync(gameId).then(
          (fresh) => deliverNow(fresh && fresh.state.version >= snapshot.state.version ? fresh : snapshot),
          (error: unknown) => {
            this.onStoreError(error);
            deliverNow(snapshot);
          },
        );
        return;
      }
      deliverNow(snapshot);
    };
    const unsubscribe = this.bus.subscribe(gameId, deliver);
    const current = await this.snapshot(gameId);
    if (!current.ok) {
      unsubscribe();
      return current;
    }
    // A version published between subscribing and reading was delivered already; this one is then skipped.
    if (lastVersion < 0) {
      lastVersion = current.value.state.version;
      listener(current.value);
    }
    return ok(() => {
      stopped = true;
      unsubscribe();
    });
  }

  /**
   * Resolve with the game's snapshot once its version passes `since`, or after `waitMs`, or when `signal` aborts, or
   * when the service closes. Resolves at once when the version has already passed `since`.
   */
  async waitForChange(
    gameId: string,
    since: number,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<Result<GameSnapshot>> {
    const cached = this.cached(gameId);
    if (cached && (cached.snapshot.state.version > since || signal?.aborted || this.closing))
      return ok(cached.snapshot);
    return new Promise((resolve) => {
      let latest: GameSnapshot | null = null;
      let failure: Failure | null = null;
      let done = false;
      let unsubscribe: (() => void) | null = null;
      const finish = () => {
        if (done) return;
        done = true;
        cancelTimer();
        unsubscribe?.();
        this.closeListeners.delete(finish);
        signal?.removeEventListener('abort', finish);
        if (failure) resolve(failure);
        else if (latest) resolve(ok(latest));
        else this.snapshot(gameId).then(resolve, (error: unknown) => resolve(this.internalFailure(error)));
      };
      const cancelTimer = this.scheduler.at(this.time.now() + waitMs, finish);
      this.closeListeners.add(finish);
      signal?.addEventListener('abort', finish, { once: true });
      void this.watch(gameId, (snapshot) => {
        latest = snapshot;
        if (snapshot.state.version > since || signal?.aborted || this.closing) finish();
      }).then(
        (watching) => {
          if (!watching.ok) {
            failure = watching;
            return finish();
          }
          if (done) watching.value();
          else unsubscribe = watching.value;
        },
        (error: unknown) => {
          failure = this.internalFailure(error);
          finish();
        },
      );
    });
  }

  /** Start closing: wake every waiter so that long polls answer at once. Idempotent. */
  wakeWaiters(): void {
    this.closing = true;
    for (const listener of [...this.closeListeners]) {
      try {
        listener();
      } catch {
        // ignore: shutting down
      }
    }
    this.closeListeners.clear();
  }

  /** Stop: wake every waiter, let queued changes finish, close the bus, the scheduler and the store. */
  async close(): Promise<void> {
    this.wakeWaiters();
    await this.queue.drain();
    this.stopTap();
    this.scheduler.close();
    await this.bus.close();
    await this.store.close();
  }

  /** Load a game into the cache now (the start-up restore uses it); false when there is no such game. */
  async warm(gameId: string): Promise<boolean> {
    return (await this.snapshot(gameId)).ok;
  }

  // ---- internals ----

  private async act(
    who: Actor,
    operation: (board: ChessBoard, color: Color) => Result<unknown, MoveFailure>,
  ): Promise<ServiceResult<GameState>> {
    const seat = await this.seatOf(who);
    if (!seat.ok) return seat;
    const changed = await this.change(seat.value.gameId, (board) => operation(board, seat.value.color));
    return changed.ok ? ok(changed.value.snapshot.state) : changed;
  }

  private seatOf(who: Actor): Promise<Result<AuthorizedSeat>> | Result<AuthorizedSeat> {
    return 'color' in who ? ok(who) : this.authorize(who);
  }

  /** Run one operation in the game's queue, commit what it changed, publish. */
  private change<T>(
    gameId: string,
    operation: (board: ChessBoard) => Result<T, ServiceFailure | MoveFailure>,
  ): Promise<ServiceResult<{ value: T; snapshot: GameSnapshot }>> {
    return this.queue.run(gameId, async () => {
      const game = await this.load(gameId);
      return game.ok ? this.commitOn(game.value, operation) : game;
    });
  }

  /**
   * Apply `operation` to a loaded game and commit it over the version it was computed from (inside the game's
   * queue). A version conflict reloads the game from the store and applies the operation again.
   */
  private async commitOn<T>(
    loaded: CachedGame,
    operation: (board: ChessBoard) => Result<T, ServiceFailure | MoveFailure>,
  ): Promise<ServiceResult<{ value: T; snapshot: GameSnapshot }>> {
    let game = loaded;
    let probed = false;
    for (let attempt = 0; ; attempt++) {
      const outcome = operation(game.board);
      if (!outcome.ok) {
        // A refusal computed on a board that another process has moved on would be wrong (a stale_ply for the
        // ply the client saw, say): make sure the board is current before refusing. Only refusals pay for this.
        if (!probed) {
          probed = true;
          const fresh = await this.refreshIfBehind(game);
          if (!fresh.ok) return fresh;
          if (fresh.value !== game) {
            game = fresh.value;
            continue;
          }
        }
        return withDetails(outcome, game.snapshot.state);
      }
      const change = game.board.takeChange();
      if (!change) return ok({ value: outcome.value, snapshot: game.snapshot });
      let committed: CommitResult;
      try {
        committed = await this.store.commit(change);
      } catch (error) {
        this.forget(game.board.id);
        return this.storeFailure(error);
      }
      if (committed.ok) {
        const snapshot = makeSnapshot(game.board.state());
        game.snapshot = snapshot;
        this.bus.publish(snapshot);
        return ok({ value: outcome.value, snapshot });
      }
      // Another writer moved the game on: compute the change again over what the store has now.
      this.forget(game.board.id);
      if (attempt >= MAX_CONFLICT_RETRIES) {
        return fail('unavailable', 'The game changed too often to apply this; try again.');
      }
      const reloaded = await this.load(game.board.id);
      if (!reloaded.ok) return reloaded;
      game = reloaded.value;
    }
  }

  /** The game as the store has it when the store is ahead of the cached board; the same game when it is not. */
  private async refreshIfBehind(game: CachedGame): Promise<Result<CachedGame>> {
    let stored: number | undefined;
    try {
      stored = await this.store.versionOf(game.board.id);
    } catch (error) {
      return this.storeFailure(error, 'The game could not be read. Try again shortly.');
    }
    if (stored === undefined || stored <= game.board.version) return ok(game);
    this.forget(game.board.id);
    return this.load(game.board.id);
  }

  /** Insert a new board and cache it. */
  private async insert(board: ChessBoard): Promise<Result<GameSnapshot>> {
    board.takeChange();
    try {
      await this.store.insert(board.recordView(), board.summary());
    } catch (error) {
      return this.storeFailure(error);
    }
    const game = { board, snapshot: makeSnapshot(board.state()) };
    this.remember(game);
    return ok(game.snapshot);
  }

  /** The cached game, refreshed in the LRU order; undefined when not cached. */
  private cached(gameId: string): CachedGame | undefined {
    const cached = this.games.get(gameId);
    if (cached) {
      this.games.delete(gameId);
      this.games.set(gameId, cached);
    }
    return cached;
  }

  /**
   * The cached game, or the game rebuilt from the store (call inside the game's queue). A store that cannot be
   * read answers `unavailable`; a stored game that does not replay is a bug and throws (the transport answers 500).
   */
  private async load(gameId: string): Promise<Result<CachedGame>> {
    const cached = this.cached(gameId);
    if (cached) return ok(cached);
    let record: GameRecord | undefined;
    try {
      record = await this.store.get(gameId);
    } catch (error) {
      return this.storeFailure(error, 'The game could not be read. Try again shortly.');
    }
    if (!record) return notFound(gameId);
    const board = ChessBoard.fromRecord(record);
    const game = { board, snapshot: makeSnapshot(board.state()) };
    this.remember(game);
    return ok(game);
  }

  /** The store's current snapshot of a game, bypassing the cache (after a gap on the bus); null if unreadable. */
  private async resync(gameId: string): Promise<GameSnapshot | null> {
    return this.queue.run(gameId, async () => {
      this.forget(gameId);
      const loaded = await this.load(gameId);
      return loaded.ok ? loaded.value.snapshot : null;
    });
  }

  /**
   * A version of a cached game that this process did not commit (another process did): the cached board is behind,
   * so drop it; the next use reads the store. Our own commits update the cache before they are published.
   */
  private onPublished(snapshot: GameSnapshot): void {
    const cached = this.games.get(snapshot.state.id);
    if (cached && snapshot.state.version > cached.snapshot.state.version) this.forget(snapshot.state.id);
  }

  private forget(gameId: string): void {
    this.games.delete(gameId);
  }

  private remember(game: CachedGame): void {
    this.games.set(game.board.id, game);
    while (this.games.size > this.cacheSize) {
      const oldest = this.games.keys().next().value;
      if (oldest === undefined) break;
      this.games.delete(oldest);
    }
  }

  private now(): string {
    return new Date(this.time.now()).toISOString();
  }

  private storeFailure(
    error: unknown,
    message = 'The game could not be saved; nothing was changed. Try again shortly.',
  ): Failure<'unavailable'> {
    // The store's message may name files; the client gets a plain sentence and the log gets the detail.
    this.onStoreError(error);
    return fail('unavailable', message);
  }

  /** A bug surfaced while waiting (a stored game that does not replay): logged, answered as a server fault. */
  private internalFailure(error: unknown): Failure<'internal'> {
    this.onStoreError(error);
    return fail('internal', 'The server failed to answer this request.');
  }

  /** Hook for the transport to log store failures. */
  onStoreError: (error: unknown) => void = () => {};
}

/** The seat this token holds in a game, or null. Seats are never given up, so a seat found stays the token's. */
function seatHolding(game: CachedGame, credentials: SeatCredentials): AuthorizedSeat | null {
  for (const color of COLORS) {
    const hash = game.board.seatTokenHash(color);
    if (hash && tokenMatches(credentials.token, hash)) {
      return { gameId: credentials.gameId, color, tokenHash: hash } as AuthorizedSeat;
    }
  }
  return null;
}

function notFound(gameId: string): Failure<'game_not_found'> {
  return fail('game_not_found', `There is no game with id "${gameId}".`);
}

/** Add what the client needs to recover: the current game for stale_ply (illegal moves carry their own details). */
function withDetails(failure: ServiceFailure | MoveFailure, state: GameState): ServiceFailure {
  if (failure.code === 'stale_ply') return { ...failure, game: state };
  return failure;
}
