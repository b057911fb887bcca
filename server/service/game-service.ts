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
 * - Clocks: each timed game whose clock runs has a timer at its due moment (ChessBoard.dueAt); when it fires, or
 *   when a player acts after that moment, the game is ended in its queue (ChessBoard.checkTime), so exactly one
 *   flag ends it. `start()` re-arms the timers of stored games, gives the clocks back the time the server was down
 *   (from the store's heartbeat), and starts the heartbeat and the waiting-game expiry (see `start`).
 */
import { fail, ok, type Failure, type Result } from '../../shared/result.js';
import { MS_PER_DAY, pgnTimeControl, parsePgnTimeControl, type TimeControl } from '../../shared/time-control.js';
import { COLORS, opponentOf, type Color, type DrawAction, type GameStatus } from '../../shared/vocabulary.js';
import type { GameBus, GameVersion } from '../bus/game-bus.js';
import { InProcessBus } from '../bus/in-process-bus.js';
import { ChessBoard, type IllegalMoveDetails, type MoveFailure } from '../domain/chess-board.js';
import { DEFAULT_FIRST_MOVE_MS } from '../domain/game-clock.js';
import { makePgn } from '../domain/pgn.js';
import type { GameRecord } from '../domain/game-record.js';
import { isSharedStore, parseCursor, type CommitResult, type GameStore } from '../store/game-store.js';
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
  /** Limit for each side's first move of a realtime game, in ms (default 30 s; `--first-move-seconds`). */
  firstMoveMs?: number;
  /**
   * A realtime or untimed waiting game that nobody asked about for this long (ms) expires: it is aborted and leaves
   * the lobby (default 60 s; `--abandon-seconds`). Correspondence waiting games last their days per move.
   */
  abandonMs?: number;
  /** Milliseconds between heartbeats written to the store (default 1 s). */
  heartbeatMs?: number;
}

/** Quick pairing offers a realtime or untimed waiting game only if someone asked about it this recently. */
export const PAIRING_PRESENCE_MS = 15_000;
/** Default of `abandonMs`. */
export const DEFAULT_ABANDON_MS = 60_000;
/** How often waiting games are checked for expiry. */
const EXPIRY_SWEEP_MS = 5_000;
/** Candidates quick pairing looks at, oldest first. */
const PAIRING_CANDIDATES = 50;
/** Waiting games the expiry looks at per sweep. */
const EXPIRY_BATCH = 1000;
/** When a clock check fails (the store cannot be written), it is tried again this much later. */
const CLOCK_RETRY_MS = 1000;
/**
 * Shared store (several processes): how often each process claims the clock deadlines that fell due (the process
 * that armed a game's timer may have died), how long a claim lasts before another process may take the game, and
 * how many games one claim takes.
 */
const DUE_SWEEP_MS = 250;
const DUE_LEASE_MS = 5000;
const DUE_BATCH = 100;
/** Boards kept aside for catching up (see markBehind): the games in play on other processes lately. */
const BEHIND_KEPT = 1000;
/** Shared store: how often this process tells the others which waiting games people asked about here. */
const PRESENCE_FLUSH_MS = 2000;
/** Shared store: how long quick pairing's lock lasts if its holder dies (a pairing takes milliseconds). */
const PAIRING_LOCK_MS = 5000;

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

/** What an action's operation answers when time ran out before it: the game ended on time instead. */
const TIME_RAN_OUT = Symbol('time ran out');

/** The key of the quick-pairing queue (game ids are URL-safe base64, so they never contain a space). */
const PAIRING_KEY = 'quick pairing';

export class GameService {
  readonly bus: GameBus;
  private readonly store: GameStore;
  /** Boards another process moved on, kept aside to be brought up to date on their next load (see markBehind). */
  private readonly behind = new Map<string, ChessBoard>();
  /** Games with a commit on its way to the store, and the version it makes (see commitOn). */
  private readonly committing = new Map<string, number>();
  /** Games being read from the store (inside their queue), with the highest version the bus announced meanwhile. */
  private readonly loading = new Map<string, number>();
  /** Is the store shared with other processes (see SharedGameStore)? */
  private readonly sharedStore: boolean;
  private readonly time: TimeSource;
  private readonly scheduler: Scheduler;
  private readonly cacheSize: number;
  private readonly games = new Map<string, CachedGame>();
  private readonly queue = new KeyedQueue();
  private readonly closeListeners = new Set<() => void>();
  private closing = false;
  private readonly stopTap: () => void;
  private readonly firstMoveMs: number;
  private readonly abandonMs: number;
  private readonly heartbeatMs: number;
  /** The armed clock timer of each game whose clock runs: when it falls due, and how to cancel it. */
  private readonly clockTimers = new Map<string, { dueAt: number; cancel: () => void }>();
  /** Waiting games: when someone last asked about each (epoch ms). */
  private readonly lastAskedAt = new Map<string, number>();
  /** Shared store: the moments of `lastAskedAt` not yet written to the store (see flushPresence). */
  private readonly unsentPresence = new Map<string, number>();
  private readonly stopMissed: () => void;
  /** When `start()` ran (epoch ms), or null before; waiting games are not expired for a window after it. */
  private startedAt: number | null = null;
  private readonly periodic: (() => void)[] = [];
  /** Why the last heartbeat could not be written, or null while writes work. */
  private lastWriteFailure: Error | null = null;

  constructor(options: GameServiceOptions) {
    this.store = options.store;
    this.sharedStore = isSharedStore(options.store);
    this.bus = options.bus ?? new InProcessBus();
    this.time = options.time ?? systemTime;
    this.scheduler = options.scheduler ?? new TimerScheduler(this.time);
    this.cacheSize = options.cacheSize ?? 10_000;
    this.firstMoveMs = options.firstMoveMs ?? DEFAULT_FIRST_MOVE_MS;
    this.abandonMs = options.abandonMs ?? DEFAULT_ABANDON_MS;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.stopTap = this.bus.tap((published) => this.onPublished(published));
    this.stopMissed = this.bus.onMissed?.((gameIds) => void this.catchUp(gameIds)) ?? (() => {});
  }

  /**
   * Start the timed work: give the clocks of stored games back the time the server was down (from the last
   * heartbeat to now, see game-clock.ts `creditDowntime`), arm their timers, then write a heartbeat every
   * `heartbeatMs` and check waiting games for expiry. Idempotent; `close()` stops it.
   */
  async start(): Promise<void> {
    if (this.startedAt !== null) return;
    this.startedAt = this.time.now();
    const store = this.store;
    if (isSharedStore(store)) {
      // One process at a time: the first to find the whole deployment down gives the clocks their time back and
      // writes a heartbeat, so the others find it up and credit nothing (their own restart cost nobody time).
      try {
        await store.withLock('start', PAIRING_LOCK_MS * 6, () => this.restoreClocks(3 * this.heartbeatMs));
      } catch (error) {
        this.onStoreError(error);
      }
      this.every(DUE_SWEEP_MS, () => this.sweepDue());
      this.every(PRESENCE_FLUSH_MS, () => this.flushPresence());
    } else {
      await this.restoreClocks(null);
    }
    this.every(this.heartbeatMs, () => this.heartbeat());
    this.every(EXPIRY_SWEEP_MS, () => this.expireWaitingGames());
  }

  /**
   * Give the clocks of stored games back the time the server was down, arm their timers, write a heartbeat.
   * `upWithinMs` (shared store): a heartbeat this recent means other processes kept the deployment up, so nothing is
   * credited and nothing armed (the due sweep covers every process's games).
   */
  private async restoreClocks(upWithinMs: number | null): Promise<void> {
    let aliveUntil: number | null = null;
    let due: { id: string }[] = [];
    try {
      aliveUntil = await this.store.lastAlive();
      if (upWithinMs !== null && aliveUntil !== null && this.time.now() - aliveUntil <= upWithinMs) return;
      due = await this.store.dueGames();
    } catch (error) {
      this.onStoreError(error);
    }
    for (const { id } of due) {
      await this.queue.run(id, async () => {
        const loaded = await this.load(id);
        if (!loaded.ok) return;
        if (aliveUntil !== null) {
          const credited = await this.commitOn(loaded.value, (board) =>
            ok(board.creditDowntime(aliveUntil, this.now())),
          );
          if (!credited.ok) this.onStoreError(new Error(`game ${id}: ${credited.message}`));
        }
        const current = this.cached(id);
        if (current) this.armClock(current.board);
      });
    }
    await this.heartbeat();
  }

  /**
   * Create a game, from the standard start or a FEN, untimed or with a time control. `id` is for transports whose
   * protocol names the game before it exists (a lichess challenge becomes the game of the same id); default: new.
   */
  async create(fen?: string, timeControl: TimeControl | null = null, id = makeGameId()): Promise<Result<GameState>> {
    let initialFen: string | null = null;
    if (fen !== undefined) {
      const parsed = ChessBoard.parseStartFen(fen);
      if (!parsed.ok) return parsed;
      initialFen = parsed.value;
    }
    const timing = timeControl ? { timeControl, firstMoveMs: this.firstMoveMs } : null;
    const board = ChessBoard.create(id, this.now(), initialFen, null, timing);
    const inserted = await this.insert(board);
    return inserted.ok ? ok(inserted.value.state) : inserted;
  }

  /** The current (committed) state of a game, its clock as of now. */
  async state(gameId: string): Promise<Result<GameState>> {
    const snapshot = await this.snapshot(gameId);
    return snapshot.ok ? ok(snapshot.value.stateAt(this.time.now())) : snapshot;
  }

  /**
   * The current committed snapshot of a game: state, JSON body and ETag, built once per version (read a running
   * clock with `stateAt`/`bodyAt` and `nowMs()`). Counts as someone asking about the game (waiting-game expiry).
   */
  async snapshot(gameId: string): Promise<Result<GameSnapshot>> {
    const cached = this.cached(gameId);
    if (cached && !this.sharedStore) {
      this.noteAsked(cached.snapshot);
      return ok(cached.snapshot);
    }
    if (cached) {
      // Other processes change games too, and their bus message may still be on its way: check the store's version
      // (one cheap read), so that a client that moved through another process never reads an older state here.
      const fresh = await this.queue.run(gameId, () => this.refreshIfBehind(cached));
      if (!fresh.ok) return fresh;
      this.noteAsked(fresh.value.snapshot);
      return ok(fresh.value.snapshot);
    }
    const loaded = await this.queue.run(gameId, () => this.load(gameId));
    if (!loaded.ok) return loaded;
    this.noteAsked(loaded.value.snapshot);
    return ok(loaded.value.snapshot);
  }

  /**
   * Can the service save changes now? A real write (a heartbeat) through the store, as every change takes: ok, or
   * `unavailable` with the reason (a read-only or full disk, a data file deleted or replaced, a store that is down).
   */
  async checkReady(): Promise<Result<null>> {
    if (this.closing) return fail('unavailable', 'The server is shutting down.');
    try {
      await this.store.markAlive(this.time.now());
      this.lastWriteFailure = null;
      return ok(null);
    } catch (error) {
      this.lastWriteFailure = error instanceof Error ? error : new Error(String(error));
      return fail('unavailable', `The server cannot save changes: ${this.lastWriteFailure.message}`);
    }
  }

  /**
   * Shared store: which waiting games each client address made, across every process (the per-address cap on waiting
   * games reads it); undefined on a store of this process only, where the cap keeps its own count.
   */
  get madeByLedger():
    | { note(address: string, id: string): Promise<void>; waiting(address: string): Promise<string[]> }
    | undefined {
    const store = this.store;
    if (!isSharedStore(store)) return undefined;
    return { note: (address, id) => store.noteMadeBy(address, id), waiting: (address) => store.waitingMadeBy(address) };
  }

  /** "Now" as the service reads it (epoch ms): the moment to show running clocks at. */
  nowMs(): number {
    return this.time.now();
  }

  /**
   * The committed snapshot of a game if it is in this process's cache, else undefined: the status poll's fast path
   * answers from it without a queue or a promise (a game not cached takes the ordinary route).
   */
  cachedSnapshot(gameId: string): GameSnapshot | undefined {
    // A shared store: the cache alone cannot tell that another process moved the game on (see `snapshot`).
    if (this.sharedStore) return undefined;
    const snapshot = this.cached(gameId)?.snapshot;
    if (snapshot) this.noteAsked(snapshot);
    return snapshot;
  }

  /** The game as PGN. */
  async pgn(gameId: string, site: string): Promise<Result<string>> {
    return this.queue.run(gameId, async () => {
      const game = await this.load(gameId);
      return game.ok ? ok(makePgn(game.value.board, site)) : game;
    });
  }

  /** The lobby: newest first, one page; `timeControl` (null: untimed) keeps only games of that control. */
  async list(query: {
    status?: GameStatus;
    limit: number;
    cursor?: string;
    timeControl?: TimeControl | null;
  }): Promise<Result<GamePage>> {
    if (query.cursor !== undefined && !parseCursor(query.cursor)) {
      return fail('invalid_request', 'querystring.cursor is not a cursor this server gave out.');
    }
    const { timeControl, ...rest } = query;
    try {
      return ok(
        await this.store.list(timeControl === undefined ? rest : { ...rest, timeControl: pgnTimeControl(timeControl) }),
      );
    } catch (error) {
      return this.storeFailure(error, 'The games could not be read. Try again shortly.');
    }
  }

  /**
   * Take a seat in a game: the asked colour or the free one. `token` is for transports that derive the seat's token
   * from a credential of their own (the lichess layer, from the bot's account token) instead of keeping it; default:
   * a new random one.
   */
  async join(gameId: string, name: string, color?: Color, token = makeSeatToken()): Promise<Result<JoinResult>> {
    const tokenHash = hashSeatToken(token);
    const joined = await this.change(gameId, (board) => board.join(name.trim(), tokenHash, this.now(), color));
    if (!joined.ok) return joined;
    return ok({ gameId, color: joined.value.value, token, game: joined.value.snapshot.state });
  }

  /**
   * Quick pairing: a seat in the oldest game of the same time control (untimed with untimed) with a free seat open
   * to anyone and someone still there (see `isAttended`), or in a new game.
   */
  async quickJoin(name: string, timeControl: TimeControl | null = null): Promise<Result<JoinResult>> {
    // One pairing at a time (across processes too, on a shared store): the next one sees the game this one created
    // or filled.
    const store = this.store;
    const pairAlone = (task: () => Promise<Result<JoinResult>>) =>
      isSharedStore(store) ? store.withLock('pairing', PAIRING_LOCK_MS, task) : task();
    return this.queue
      .run(PAIRING_KEY, () =>
        pairAlone(async () => {
          let candidates: { id: string; timeControl: string; createdAt: string }[];
          try {
            candidates = await this.store.waitingGames({
              timeControl: pgnTimeControl(timeControl),
              limit: PAIRING_CANDIDATES,
            });
            await this.readPresence(candidates);
          } catch (error) {
            return this.storeFailure(error);
          }
          for (const candidate of candidates) {
            if (!this.isAttended(candidate)) continue;
            const joined = await this.join(candidate.id, name);
            if (joined.ok) return joined;
          }
          const created = await this.create(undefined, timeControl);
          if (!created.ok) return created;
          return this.join(created.value.id, name);
        }),
      )
      .catch((error: unknown) => this.storeFailure(error));
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
        timeControl: board.timeControl(),
        playerName: name ?? board.playerName(seat.color) ?? 'player',
        opponentHash: board.seatTokenHash(opponentOf(seat.color))!,
      });
    });
    if (!linked.ok) return linked;
    const { rematchId, initialFen, timeControl, playerName, opponentHash } = linked.value;
    const token = makeSeatToken();
    const tokenHash = hashSeatToken(token);

    return this.queue.run(rematchId, async (): Promise<ServiceResult<JoinResult>> => {
      const existing = await this.load(rematchId);
      if (!existing.ok && existing.code !== 'game_not_found') return existing;
      if (!existing.ok) {
        // The first to ask: create the rematch with this player seated and the other seat kept.
        const now = this.now();
        // Same start position and same time control, colours swapped (as lichess's rematch).
        const board = ChessBoard.create(
          rematchId,
          now,
          initialFen,
          { rematchOf: seat.gameId, reservedSeat: { color: seat.color, tokenHash: opponentHash } },
          timeControl ? { timeControl, firstMoveMs: this.firstMoveMs } : null,
        );
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
    for (const stop of this.periodic.splice(0)) stop();
    for (const timer of this.clockTimers.values()) timer.cancel();
    this.clockTimers.clear();
    await this.queue.drain();
    // The last heartbeat: a clean stop gives the clocks back exactly the time the server was down.
    if (this.startedAt !== null) await this.heartbeat();
    await this.flushPresence();
    this.stopTap();
    this.stopMissed();
    this.scheduler.close();
    await this.bus.close();
    await this.store.close();
  }

  /** Load a game into the cache now (the start-up restore uses it); false when there is no such game. */
  async warm(gameId: string): Promise<boolean> {
    return (await this.snapshot(gameId)).ok;
  }

  // ---- internals ----

  /** Arm (or move, or cancel) the clock timer of a game to its board's due moment. */
  private armClock(board: ChessBoard): void {
    if (this.closing) return;
    const dueAt = board.dueAt();
    const armed = this.clockTimers.get(board.id);
    if (armed?.dueAt === dueAt) return;
    armed?.cancel();
    if (dueAt === null) {
      this.clockTimers.delete(board.id);
      return;
    }
    const gameId = board.id;
    const cancel = this.scheduler.at(dueAt, () => {
      this.clockTimers.delete(gameId);
      void this.checkClock(gameId);
    });
    this.clockTimers.set(gameId, { dueAt, cancel });
  }

  /** A clock timer fell due: end the game if its time is up (in its queue), and re-arm what is left. */
  private async checkClock(gameId: string): Promise<void> {
    const checked = await this.change(gameId, (board) => ok(board.checkTime(this.now())));
    const cached = this.cached(gameId);
    if (checked.ok && cached) {
      this.armClock(cached.board);
      return;
    }
    if (!checked.ok && checked.code !== 'game_not_found' && !this.closing) {
      // The store could not be written or read: try again shortly, so that the flag is not lost.
      const cancel = this.scheduler.at(this.time.now() + CLOCK_RETRY_MS, () => {
        this.clockTimers.delete(gameId);
        void this.checkClock(gameId);
      });
      this.clockTimers.set(gameId, { dueAt: Number.NaN, cancel });
    }
  }

  /** Someone asked about this game: a waiting game stays open while that keeps happening. */
  private noteAsked(snapshot: GameSnapshot): void {
    if (snapshot.state.status !== 'waiting') return;
    const nowMs = this.time.now();
    this.lastAskedAt.set(snapshot.state.id, nowMs);
    if (this.sharedStore) this.unsentPresence.set(snapshot.state.id, nowMs);
  }

  /**
   * Shared store: tell the other processes which waiting games people asked about here (polls, and sockets or long
   * polls open on them), so that quick pairing and the expiry on every process see them as attended.
   */
  private async flushPresence(): Promise<void> {
    const store = this.store;
    if (!isSharedStore(store)) return;
    const nowMs = this.time.now();
    for (const id of this.lastAskedAt.keys()) {
      if (this.bus.listenerCount(id) > 0) this.unsentPresence.set(id, nowMs);
    }
    if (this.unsentPresence.size === 0) return;
    const batch = new Map(this.unsentPresence);
    this.unsentPresence.clear();
    try {
      await store.notePresence(batch);
    } catch (error) {
      for (const [id, atMs] of batch) if (!this.unsentPresence.has(id)) this.unsentPresence.set(id, atMs);
      this.onStoreError(error);
    }
  }

  /** Shared store: take in what the other processes know of who asked about these games. */
  private async readPresence(games: readonly { id: string }[]): Promise<void> {
    const store = this.store;
    if (!isSharedStore(store) || games.length === 0) return;
    const seen = await store.presenceOf(games.map((game) => game.id));
    for (const [id, atMs] of seen) {
      if (atMs > (this.lastAskedAt.get(id) ?? Number.NEGATIVE_INFINITY)) this.lastAskedAt.set(id, atMs);
    }
  }

  /**
   * Shared store: claim the games whose clock fell due (whichever process armed their timer, alive or not) and
   * check each one's clock. Each check goes through the game's queue and the compare-and-set, so a flag that a
   * local timer raises at the same moment still ends the game once.
   */
  private async sweepDue(): Promise<void> {
    const store = this.store;
    if (!isSharedStore(store) || this.closing) return;
    let claimed: string[];
    try {
      claimed = await store.claimDue(this.time.now(), DUE_LEASE_MS, DUE_BATCH);
    } catch (error) {
      this.onStoreError(error);
      return;
    }
    await Promise.all(
      claimed.map(async (id) => {
        const checked = await this.queue.run(id, async () => {
          const loaded = await this.load(id);
          if (!loaded.ok) return loaded;
          // Another process may have moved the game on since this board was cached: check the clock it has now.
          const fresh = await this.refreshIfBehind(loaded.value);
          if (!fresh.ok) return fresh;
          return this.commitOn(fresh.value, (board) => ok(board.checkTime(this.now())));
        });
        if (!checked.ok && checked.code !== 'game_not_found') return; // the lease runs out and it is tried again
        const dueAt = checked.ok ? (this.cached(id)?.board.dueAt() ?? null) : null;
        try {
          await store.rescheduleDue(id, dueAt);
        } catch (error) {
          this.onStoreError(error);
        }
      }),
    );
  }

  /**
   * The bus may have lost messages (its connection dropped): any cached board may be behind, so drop them all, and
   * give the listeners of each watched game the store's version if it is newer than what they had.
   */
  private async catchUp(gameIds: readonly string[]): Promise<void> {
    this.games.clear();
    for (const id of gameIds) {
      try {
        const fresh = await this.resync(id);
        if (fresh) this.bus.publish(fresh);
      } catch (error) {
        this.onStoreError(error);
      }
    }
  }

  /** When someone last asked about a waiting game (a socket or long poll open on it counts as asking now). */
  private lastAsked(game: { id: string; createdAt: string }, nowMs: number): number {
    if (this.bus.listenerCount(game.id) > 0) {
      this.lastAskedAt.set(game.id, nowMs);
      return nowMs;
    }
    return Math.max(this.lastAskedAt.get(game.id) ?? this.startedAt ?? nowMs, Date.parse(game.createdAt));
  }

  /** How long a waiting game of this time control (PGN tag value) stays open with nobody asking about it. */
  private abandonWindow(timeControl: string): number {
    const control = parsePgnTimeControl(timeControl);
    return control?.type === 'correspondence' ? control.daysPerMove * MS_PER_DAY : this.abandonMs;
  }

  /**
   * Is someone still there for quick pairing to seat a newcomer with? Correspondence: until the game expires.
   * Realtime and untimed: someone asked about it in the last PAIRING_PRESENCE_MS (or the abandon window if shorter).
   */
  private isAttended(game: { id: string; timeControl: string; createdAt: string }): boolean {
    const nowMs = this.time.now();
    const window = this.abandonWindow(game.timeControl);
    const presence =
      parsePgnTimeControl(game.timeControl)?.type === 'correspondence' ? window : Math.min(window, PAIRING_PRESENCE_MS);
    return nowMs - this.lastAsked(game, nowMs) <= presence;
  }

  /** Abort the waiting games that nobody asked about for their abandon window. */
  private async expireWaitingGames(): Promise<void> {
    let waiting: { id: string; timeControl: string; createdAt: string }[];
    try {
      // Rematches whose kept seat nobody came for expire too.
      waiting = await this.store.waitingGames({ limit: EXPIRY_BATCH, includeReserved: true });
      await this.readPresence(waiting);
    } catch (error) {
      this.onStoreError(error);
      return;
    }
    for (const game of waiting) {
      const nowMs = this.time.now();
      if (nowMs - this.lastAsked(game, nowMs) <= this.abandonWindow(game.timeControl)) continue;
      // In the game's queue and over its version: a join that got there first wins, and the game stays.
      await this.change(game.id, (board) => board.abandon(this.now()));
      this.lastAskedAt.delete(game.id);
    }
  }

  /**
   * Write a heartbeat (see GameStore.markAlive); the next one tries again. A failure is logged when writing stops
   * working, not every second after that.
   */
  private async heartbeat(): Promise<void> {
    try {
      await this.store.markAlive(this.time.now());
      this.lastWriteFailure = null;
    } catch (error) {
      if (!this.lastWriteFailure) this.onStoreError(error);
      this.lastWriteFailure = error instanceof Error ? error : new Error(String(error));
    }
  }

  /**
   * Run `task` every `intervalMs` on the scheduler until `close()`; the next run is armed as this one starts. (Both
   * tasks are safe to overlap: heartbeats only move forward, expiries go through each game's queue.)
   */
  private every(intervalMs: number, task: () => Promise<void>): void {
    let cancel = () => {};
    let stopped = false;
    const arm = () => {
      if (stopped || this.closing) return;
      cancel = this.scheduler.at(this.time.now() + intervalMs, () => {
        arm();
        void task();
      });
    };
    arm();
    this.periodic.push(() => {
      stopped = true;
      cancel();
    });
  }

  private async act(
    who: Actor,
    operation: (board: ChessBoard, color: Color) => Result<unknown, MoveFailure>,
  ): Promise<ServiceResult<GameState>> {
    const seat = await this.seatOf(who);
    if (!seat.ok) return seat;
    const changed = await this.change(seat.value.gameId, (board) => {
      // Time that ran out ends the game first (committed like any change), and the action is refused after it.
      if (board.checkTime(this.now())) return ok(TIME_RAN_OUT);
      return operation(board, seat.value.color);
    });
    if (!changed.ok) return changed;
    if (changed.value.value === TIME_RAN_OUT) {
      const game = changed.value.snapshot.state;
      const message =
        game.termination === 'aborted'
          ? 'The game was aborted: a first move did not come in time.'
          : `The game is over: ${game.turn === seat.value.color ? 'your' : "your opponent's"} time ran out.`;
      return { ...fail('game_over', message), game };
    }
    return ok(changed.value.snapshot.state);
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
      // Made before the commit, so that a bus across processes can have its message published by the commit itself.
      const basis = game.board.clockBasis();
      const snapshot = makeSnapshot(game.board.state(), basis);
      let committed: CommitResult;
      // A bus across processes may deliver this commit's own message before the commit's answer: it must not
      // count as another process's change (which would drop the board just moved on).
      this.committing.set(change.id, change.record.version);
      try {
        committed = await this.store.commit(change, this.bus.announcementOf?.(snapshot, basis));
      } catch (error) {
        this.forget(game.board.id);
        return this.storeFailure(error);
      } finally {
        this.committing.delete(change.id);
      }
      if (committed.ok) {
        game.snapshot = snapshot;
        this.armClock(game.board);
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
    const game = { board, snapshot: makeSnapshot(board.state(), board.clockBasis()) };
    this.remember(game);
    this.armClock(board);
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
    // Versions the bus announces while the read is on its way: another process may commit one after the store
    // answered, and its message then finds nothing cached to drop. Such a read is made again.
    this.loading.set(gameId, -1);
    try {
      for (let attempt = 0; ; attempt++) {
        record = await this.store.get(gameId);
        const heard = this.loading.get(gameId) ?? -1;
        if (!record || heard <= record.version || attempt >= MAX_CONFLICT_RETRIES) break;
        this.loading.set(gameId, -1);
      }
    } catch (error) {
      return this.storeFailure(error, 'The game could not be read. Try again shortly.');
    } finally {
      this.loading.delete(gameId);
    }
    const behind = this.behind.get(gameId);
    this.behind.delete(gameId);
    if (!record) return notFound(gameId);
    const board = behind?.catchUp(record) ? behind : ChessBoard.fromRecord(record);
    const game = { board, snapshot: makeSnapshot(board.state(), board.clockBasis()) };
    this.remember(game);
    this.armClock(board);
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
  private onPublished(published: GameVersion): void {
    if (published.status !== 'waiting') this.lastAskedAt.delete(published.id);
    const loading = this.loading.get(published.id);
    if (loading !== undefined && published.version > loading) this.loading.set(published.id, published.version);
    const cached = this.games.get(published.id);
    if ((this.committing.get(published.id) ?? -1) >= published.version) return; // our own, answered shortly
    if (cached && published.version > cached.snapshot.state.version) this.markBehind(cached);
  }

  /**
   * Another process moved this game on: take it out of the cache, but keep its board aside, so that the next load
   * brings it up to the store's record by replaying only the new moves (ChessBoard.catchUp) rather than all of them.
   */
  private markBehind(game: CachedGame): void {
    const id = game.board.id;
    this.games.delete(id);
    this.behind.delete(id);
    this.behind.set(id, game.board);
    while (this.behind.size > BEHIND_KEPT) {
      const oldest = this.behind.keys().next().value;
      if (oldest === undefined) break;
      this.behind.delete(oldest);
    }
  }

  private forget(gameId: string): void {
    this.games.delete(gameId);
    // A board dropped for a failed or refused change may hold that change: never bring it up to date.
    this.behind.delete(gameId);
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
  if (failure.code === 'stale_ply' || failure.code === 'game_over') return { ...failure, game: state };
  return failure;
}
