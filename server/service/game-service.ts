/**
 * GameService: load -> apply -> persist -> publish, one change at a time per game.
 *
 * Every operation runs synchronously from the board lookup to the store write, so two requests for the same
 * game can never interleave; the store's write is durable before the caller answers. Live boards are cached
 * (bounded, least recently used first out) and rebuilt from the store on demand.
 */
import type { GameState, GamePage, JoinResult } from './types.js';
import { fail, ok, type ErrorCode, type Failure, type Result } from '../../shared/errors.js';
import { COLORS, type Color, type DrawAction, type GameStatus } from '../../shared/vocabulary.js';
import { ChessBoard, type IllegalMoveDetails } from '../domain/chess-board.js';
import { makePgn } from '../domain/pgn.js';
import { parseCursor, type GameStore } from '../store/game-store.js';
import { GameEvents } from './game-events.js';
import { hashSeatToken, makeGameId, makeSeatToken, tokenMatches } from './seat-tokens.js';

export interface GameServiceOptions {
  store: GameStore;
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Most live boards kept in memory; others are rebuilt from the store when asked for. */
  cacheSize?: number;
}

/** A failure that may carry details for the client (the current game for stale_ply, legal moves for illegal_move). */
export type ServiceFailure = Failure & { game?: GameState; details?: IllegalMoveDetails };
export type ServiceResult<T> = Result<T> | ServiceFailure;

/** Who is acting: the game and the seat's token. */
export interface SeatCredentials {
  gameId: string;
  token: string;
}

export class GameService {
  readonly events = new GameEvents();
  private readonly store: GameStore;
  private readonly clock: () => Date;
  private readonly cacheSize: number;
  private readonly boards = new Map<string, ChessBoard>();

  constructor(options: GameServiceOptions) {
    this.store = options.store;
    this.clock = options.now ?? (() => new Date());
    this.cacheSize = options.cacheSize ?? 10_000;
  }

  /** Create a game, from the standard start or a FEN. */
  create(fen?: string): Result<GameState> {
    let initialFen: string | null = null;
    if (fen !== undefined) {
      const parsed = ChessBoard.parseStartFen(fen);
      if (!parsed.ok) return parsed;
      initialFen = parsed.value;
    }
    const board = ChessBoard.create(makeGameId(), this.now(), initialFen);
    try {
      this.store.insert(board.recordView(), board.summary());
    } catch (error) {
      return this.storeFailure(error);
    }
    this.remember(board);
    return ok(board.state());
  }

  /** The current state of a game. */
  state(gameId: string): Result<GameState> {
    const board = this.board(gameId);
    return board ? ok(board.state()) : notFound(gameId);
  }

  /** The position a game started from, in FEN (the standard start unless it was created from a FEN). */
  startPosition(gameId: string): Result<string> {
    const board = this.board(gameId);
    return board ? ok(board.initialFen()) : notFound(gameId);
  }

  /** The game as PGN. */
  pgn(gameId: string, site: string): Result<string> {
    const board = this.board(gameId);
    return board ? ok(makePgn(board, site)) : notFound(gameId);
  }

  /** The lobby: newest first, one page. */
  list(query: { status?: GameStatus; limit: number; cursor?: string }): Result<GamePage> {
    if (query.cursor !== undefined && !parseCursor(query.cursor)) {
      return fail('invalid_request', 'querystring.cursor is not a cursor this server gave out.');
    }
    return ok(this.store.list(query));
  }

  /** Take a seat in a game: the asked colour or the free one. */
  join(gameId: string, name: string, color?: Color): Result<JoinResult> {
    const board = this.board(gameId);
    if (!board) return notFound(gameId);
    const token = makeSeatToken();
    let seat: Color = 'white';
    const applied = this.apply(board, () => {
      const joined = board.join(name.trim(), hashSeatToken(token), this.now(), color);
      if (joined.ok) seat = joined.value;
      return joined;
    });
    if (!applied.ok) return applied;
    return ok({ gameId, color: seat, token, game: applied.value });
  }

  /** Quick pairing: a seat in the oldest game with a free seat, or in a new game. */
  quickJoin(name: string): Result<JoinResult> {
    const waitingId = this.store.oldestWaiting();
    if (waitingId) {
      const joined = this.join(waitingId, name);
      if (joined.ok) return joined;
    }
    const created = this.create();
    if (!created.ok) return created;
    return this.join(created.value.id, name);
  }

  /** Which seat a token holds in a game: 404 for an unknown game, 401 for a token that holds no seat. */
  authorize(credentials: SeatCredentials): Result<Color> {
    const board = this.board(credentials.gameId);
    if (!board) return notFound(credentials.gameId);
    for (const color of COLORS) {
      const hash = board.seatTokenHash(color);
      if (hash && tokenMatches(credentials.token, hash)) return ok(color);
    }
    return fail('unauthorized', 'This token does not hold a seat in this game.');
  }

  /** Play a move (UCI or SAN). A repeated submission of the player's own last move with its ply is a no-op. */
  move(credentials: SeatCredentials, text: string, ply?: number): ServiceResult<GameState> {
    // A safe retry leaves the version as it is, so nothing is written or published.
    return this.act(credentials, (board, color) => board.move(color, text, this.now(), ply));
  }

  resign(credentials: SeatCredentials): ServiceResult<GameState> {
    return this.act(credentials, (board, color) => board.resign(color, this.now()));
  }

  draw(credentials: SeatCredentials, action: DrawAction): ServiceResult<GameState> {
    // Re-offering an open offer changes nothing, so nothing is written or published.
    return this.act(credentials, (board, color) => board.draw(color, action, this.now()));
  }

  abort(credentials: SeatCredentials): ServiceResult<GameState> {
    return this.act(credentials, (board, color) => board.abort(color, this.now()));
  }

  /**
   * Resolve with the game's state once its version passes `since`, or after `waitMs`, or when `signal` aborts.
   * Resolves at once when the version has already passed `since`.
   */
  waitForChange(gameId: string, since: number, waitMs: number, signal?: AbortSignal): Promise<Result<GameState>> {
    const board = this.board(gameId);
    if (!board) return Promise.resolve(notFound(gameId));
    if (board.version > since || signal?.aborted) return Promise.resolve(ok(board.state()));
    return new Promise((resolve) => {
      let latest = board.state();
      const finish = () => {
        clearTimeout(timer);
        unsubscribe();
        offClose();
        signal?.removeEventListener('abort', finish);
        resolve(ok(latest));
      };
      const timer = setTimeout(finish, waitMs);
      const unsubscribe = this.events.subscribe(gameId, (state) => {
        latest = state;
        if (state.version > since) finish();
      });
      const offClose = this.events.onClose(finish);
      signal?.addEventListener('abort', finish, { once: true });
    });
  }

  /** Stop: wake every waiter so that long polls answer at once, and close the store. */
  close(): void {
    this.events.closeAll();
    this.store.close();
  }

  // ---- internals ----

  private act(
    credentials: SeatCredentials,
    operation: (board: ChessBoard, color: Color) => Result<unknown>,
  ): ServiceResult<GameState> {
    const seat = this.authorize(credentials);
    if (!seat.ok) return seat;
    const board = this.board(credentials.gameId)!;
    const result = this.apply(board, () => operation(board, seat.value));
    if (result.ok) return result;
    return withDetails(result, board);
  }

  /**
   * Run one operation on a board, then persist and publish if it changed the game. When the write fails, the
   * board is dropped from memory, so that the next request rebuilds it from the last state the store has.
   */
  private apply(board: ChessBoard, operation: () => Result<unknown>): Result<GameState> {
    const before = board.version;
    const outcome = operation();
    if (!outcome.ok) return outcome;
    if (board.version === before) return ok(board.state());
    try {
      this.store.update(board.recordView(), board.summary());
    } catch (error) {
      this.boards.delete(board.id);
      return this.storeFailure(error);
    }
    const state = board.state();
    this.events.publish(state);
    return ok(state);
  }

  private board(gameId: string): ChessBoard | undefined {
    const cached = this.boards.get(gameId);
    if (cached) {
      // Refresh its place in the LRU order.
      this.boards.delete(gameId);
      this.boards.set(gameId, cached);
      return cached;
    }
    const record = this.store.get(gameId);
    if (!record) return undefined;
    const board = ChessBoard.fromRecord(record);
    this.remember(board);
    return board;
  }

  private remember(board: ChessBoard): void {
    this.boards.set(board.id, board);
    while (this.boards.size > this.cacheSize) {
      const oldest = this.boards.keys().next().value;
      if (oldest === undefined) break;
      this.boards.delete(oldest);
    }
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private storeFailure(error: unknown): Failure<ErrorCode> {
    // The store's message may name files; the client gets a plain sentence and the log gets the detail.
    this.onStoreError(error);
    return fail('unavailable', 'The game could not be saved; nothing was changed. Try again shortly.');
  }

  /** Hook for the transport to log store failures. */
  onStoreError: (error: unknown) => void = () => {};
}

function notFound(gameId: string): Failure<'game_not_found'> {
  return fail('game_not_found', `There is no game with id "${gameId}".`);
}

/** Add what the client needs to recover: the current game for stale_ply, the legal moves for illegal_move. */
function withDetails(failure: Failure, board: ChessBoard): ServiceFailure {
  if (failure.code === 'stale_ply') return { ...failure, game: board.state() };
  if (failure.code === 'illegal_move') return { ...failure, details: board.illegalMoveDetails() };
  return failure;
}
