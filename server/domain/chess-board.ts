/**
 * ChessBoard: the game lifecycle of one game — seats, moves, draw offers, resignation, abort, rematch links and the
 * version — over a ChessPosition (the chess.js adapter) and the FIDE rules (fide-rules.ts).
 *
 * Every operation is pure and synchronous: it checks, mutates on success only, bumps `version`, and returns a
 * Result; expected failures are values with codes from shared/errors.ts (an illegal move's failure carries the legal
 * moves and a suggestion), never exceptions. Time comes in as an argument. What an operation changed is kept until
 * `takeChange()` hands it to the store, which writes only that. Snapshots (GameState) are computed once per version.
 */
import type { GameState, GameSummary } from '../../shared/api-schema.js';
import { normalizeMoveInput } from '../../shared/move-input.js';
import { suggestMove } from '../../shared/move-suggestion.js';
import { fail, ok, type Failure, type Result } from '../../shared/result.js';
import type { Clock, TimeControl } from '../../shared/time-control.js';
import { opponentOf, type Color, type DrawAction, type GameStatus } from '../../shared/vocabulary.js';
import { ChessPosition, START_FEN } from './chess-position.js';
import { automaticOutcome, claimableDraw, hasMatingMaterial, parseStartFen, RepetitionCount } from './fide-rules.js';
import {
  afterMove,
  clockView,
  creditDowntime,
  dueAt,
  newClock,
  startClock,
  stoppedClock,
  timeUp,
  type ClockContext,
  type TimeUp,
} from './game-clock.js';
import type {
  ChangedPart,
  GameChange,
  GameRecord,
  MoveRecord,
  OutcomeRecord,
  ReadonlyGameRecord,
  ReservedSeat,
} from './game-record.js';
import { illegalReason, type IllegalReasonCode } from './illegal-reason.js';
import { parseUci, sanKey } from './notation.js';

/** What a move submission did: `applied` is false for a safe retry of a move already made. */
export interface MoveOutcome {
  applied: boolean;
}

/** What an illegal move's failure carries for the client: the legal moves, why, and the closest one if any. */
export interface IllegalMoveDetails {
  legalMoves: string[];
  /** Why the move is illegal, a short code (illegal-reason.ts), e.g. `pinned`. */
  reason: IllegalReasonCode;
  /** The same reason as one sentence, e.g. "The knight on c3 is pinned: …" (also part of the message). */
  explanation: string;
  suggestion?: string;
}

/** The failure of a move: an illegal one carries IllegalMoveDetails. */
export type MoveFailure = Failure | Failure<'illegal_move', IllegalMoveDetails>;

/** Plies after which a game can no longer be aborted: both sides have moved. */
const ABORTABLE_PLIES = 2;

/** A timed game's settings at creation: its time control and the first-move limit then in force. */
export interface GameTiming {
  timeControl: TimeControl;
  /** Limit for each side's first move in ms (realtime), e.g. `30000`. */
  firstMoveMs: number;
}

/**
 * What a snapshot needs to show the clock at any later moment without the board (which moves on): a frozen copy
 * of the clock's context. See `clockAt`.
 */
export interface ClockBasis {
  readonly context: Readonly<ClockContext>;
  readonly finished: boolean;
  /** Whether the figures change with time (a side's clock is running). */
  readonly running: boolean;
}

/** The clock of a basis as of `nowMs` (API.md v1.1 Clock). */
export function clockAt(basis: ClockBasis, nowMs: number): Clock {
  return clockView(basis.context, nowMs, basis.finished);
}

export class ChessBoard {
  private readonly position: ChessPosition;
  private readonly record: GameRecord;
  private readonly repetitions = new RepetitionCount();
  /** SAN and UCI of the moves, grown one entry a move (snapshots copy them, nothing maps the records again). */
  private readonly sanList: string[] = [];
  private readonly uciList: string[] = [];
  private cachedState: GameState | null = null;
  /** What changed since the last `takeChange()`: the version it started from, the parts, the first new ply. */
  private pending: { baseVersion: number; parts: Set<ChangedPart>; firstNewPly: number } | null = null;

  private constructor(record: GameRecord) {
    this.record = record;
    this.position = new ChessPosition(record.initialFen ?? START_FEN);
    this.repetitions.record(this.position);
  }

  /** Check a FEN for a new game (see fide-rules.ts `parseStartFen`). */
  static parseStartFen(fen: string): Result<string, Failure<'invalid_fen'>> {
    return parseStartFen(fen);
  }

  /**
   * A new game with no players. `initialFen` must come from `parseStartFen` (or be null for the standard start).
   * `links` ties a rematch to the game it follows, with the seat kept for that game's other player.
   */
  static create(
    id: string,
    now: string,
    initialFen: string | null = null,
    links: { rematchOf: string; reservedSeat: ReservedSeat } | null = null,
    timing: GameTiming | null = null,
  ): ChessBoard {
    return new ChessBoard({
      id,
      version: 0,
      initialFen: initialFen === START_FEN ? null : initialFen,
      createdAt: now,
      updatedAt: now,
      seats: { white: null, black: null },
      moves: [],
      drawOffer: null,
      outcome: null,
      rematchOf: links?.rematchOf ?? null,
      rematchId: null,
      reservedSeat: links?.reservedSeat ?? null,
      timeControl: timing?.timeControl ?? null,
      clock: timing ? newClock(timing.timeControl, timing.firstMoveMs) : null,
    });
  }

  /**
   * Rebuild a board from its record by replaying every move. Throws if the record is not a legal game (a corrupted
   * store is a bug to surface, not an expected failure). The board keeps its own copy of the record.
   */
  static fromRecord(source: ReadonlyGameRecord): ChessBoard {
    const record = structuredClone(source) as GameRecord;
    // Records written before time controls existed have neither field.
    record.timeControl ??= null;
    record.clock ??= null;
    const moves = record.moves;
    record.moves = [];
    const board = new ChessBoard(record);
    for (const [ply, move] of moves.entries()) {
      const played = board.position.play(move.uci);
      if (!played) throw new Error(`Stored move ${ply} (${move.uci}) of game ${record.id} is not legal.`);
      board.repetitions.record(board.position);
      board.appendMove(move);
    }
    return board;
  }

  /**
   * Bring this board up to a newer record of the same game (another process moved it on), replaying only the moves
   * it does not have yet: a board rebuilt with `fromRecord` replays every move. Returns false, leaving the board as
   * it was, when a change is pending or the record does not extend this board's moves (the caller then rebuilds the
   * board). Throws, as `fromRecord` does, when a stored move is not legal.
   */
  catchUp(source: ReadonlyGameRecord): boolean {
    if (this.pending || source.id !== this.record.id || source.version < this.record.version) return false;
    const have = this.record.moves.length;
    if (source.moves.length < have) return false;
    for (let ply = 0; ply < have; ply++) {
      if (source.moves[ply]!.uci !== this.record.moves[ply]!.uci) return false;
    }
    const { moves, ...head } = source;
    const copy = structuredClone(head) as Omit<GameRecord, 'moves'>;
    copy.timeControl ??= null;
    copy.clock ??= null;
    Object.assign(this.record, copy);
    // Moves already here keep their objects; the stored ones may carry what this board's did not (clock figures).
    for (let ply = 0; ply < have; ply++) this.record.moves[ply] = { ...moves[ply]! };
    for (let ply = have; ply < moves.length; ply++) {
      const move = moves[ply]!;
      const played = this.position.play(move.uci);
      if (!played) throw new Error(`Stored move ${ply} (${move.uci}) of game ${this.record.id} is not legal.`);
      this.repetitions.record(this.position);
      this.appendMove({ ...move });
    }
    this.cachedState = null;
    return true;
  }

  // ---- reading ----

  get id(): string {
    return this.record.id;
  }

  get version(): number {
    return this.record.version;
  }

  get plies(): number {
    return this.record.moves.length;
  }

  get status(): GameStatus {
    if (this.record.outcome) return 'finished';
    return this.record.seats.white && this.record.seats.black ? 'active' : 'waiting';
  }

  get turn(): Color {
    return this.position.turn();
  }

  get createdAt(): string {
    return this.record.createdAt;
  }

  get updatedAt(): string {
    return this.record.updatedAt;
  }

  /** The token hash of a seat, or null when the seat is free. */
  seatTokenHash(color: Color): string | null {
    return this.record.seats[color]?.tokenHash ?? null;
  }

  /** The seat kept for the previous game's other player (a rematch), or null. */
  reservedSeat(): ReservedSeat | null {
    return this.record.reservedSeat;
  }

  /** A deep copy of the durable record. */
  toRecord(): GameRecord {
    return structuredClone(this.record);
  }

  /** The durable record itself, read-only. */
  recordView(): ReadonlyGameRecord {
    return this.record;
  }

  /** May a seated player abort now? Until both sides have moved, while the game is not over. */
  canAbort(): boolean {
    return this.record.outcome === null && this.plies < ABORTABLE_PLIES;
  }

  /** The time control, or null for an untimed game. */
  timeControl(): TimeControl | null {
    return this.record.timeControl;
  }

  /** When the service must look at this game's clock again (deadline plus lag grace, epoch ms), or null. */
  dueAt(): number | null {
    const context = this.clockContext();
    return context && this.status === 'active' ? dueAt(context) : null;
  }

  /** A frozen copy of the clock's context for snapshots, or null for an untimed game. */
  clockBasis(): ClockBasis | null {
    const context = this.clockContext();
    if (!context) return null;
    const finished = this.record.outcome !== null;
    const frozen = { ...context, clock: { ...context.clock } };
    return { context: frozen, finished, running: !finished && clockView(frozen, 0, false).running !== null };
  }

  /** The full snapshot of API.md, computed once per version. */
  state(): GameState {
    if (this.cachedState?.version === this.record.version) return this.cachedState;
    const record = this.record;
    const last = record.moves.at(-1);
    const status = this.status;
    const outcome = record.outcome;
    const state: GameState = {
      id: record.id,
      version: record.version,
      status,
      result: outcome?.result ?? '*',
      termination: outcome?.termination ?? null,
      winner: outcome?.winner ?? null,
      turn: this.turn,
      fen: this.position.fen(),
      moves: this.sanList.slice(),
      uci: this.uciList.slice(),
      lastMove: last ? { from: last.uci.slice(0, 2), to: last.uci.slice(2, 4), san: last.san, uci: last.uci } : null,
      check: this.position.isCheck(),
      // Shared with the position, which never changes a list once made (each move makes a new one).
      legalMoves: status === 'active' ? (this.position.legalMoves() as string[]) : [],
      players: {
        white: record.seats.white ? { name: record.seats.white.name } : null,
        black: record.seats.black ? { name: record.seats.black.name } : null,
      },
      drawOffer: record.drawOffer,
      canClaimDraw: status === 'active' && claimableDraw(this.position, this.repetitions) !== null,
      canAbort: status !== 'finished' && this.canAbort(),
      initialFen: this.initialFen(),
      timeControl: record.timeControl,
      clock: this.clockAsOfChange(),
      rematch: record.rematchId,
      rematchOf: record.rematchOf,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
    this.cachedState = state;
    // The snapshot holds what readers need; the position keeps only what it cannot cheaply rebuild.
    this.position.release();
    return state;
  }

  /** The lobby row. */
  summary(): GameSummary {
    const { id, status, result, termination, players, turn, timeControl, createdAt, updatedAt } = this.state();
    return { id, status, result, termination, players, turn, plies: this.plies, timeControl, createdAt, updatedAt };
  }

  /** The start position in FEN (the standard one unless the game began from a given FEN). */
  initialFen(): string {
    return this.record.initialFen ?? START_FEN;
  }

  /** The moves in SAN, in order. */
  sanMoves(): readonly string[] {
    return this.sanList;
  }

  /** The record of each move (UCI, SAN, time). */
  moveRecords(): readonly MoveRecord[] {
    return this.record.moves;
  }

  /** The outcome, or null while the game goes on. */
  outcome(): OutcomeRecord | null {
    return this.record.outcome;
  }

  /** Seat names for display; null for a free seat. */
  playerName(color: Color): string | null {
    return this.record.seats[color]?.name ?? null;
  }

  /**
   * What changed since the last call, for the store to write (null when nothing did). The store applies it only
   * over `baseVersion`, the version it was computed from.
   */
  takeChange(): GameChange | null {
    const pending = this.pending;
    if (!pending) return null;
    this.pending = null;
    return {
      id: this.record.id,
      baseVersion: pending.baseVersion,
      record: this.record,
      parts: pending.parts,
      newMoves: this.record.moves.slice(pending.firstNewPly),
      summary: this.summary(),
      dueAt: this.dueAt(),
    };
  }

  // ---- operations ----

  /**
   * Take a seat: the asked colour, or the free one (white first). A seat kept for a rematch is taken only with
   * `reservation` set, by the service once it has checked that player's credentials.
   */
  join(name: string, tokenHash: string, now: string, color?: Color, reservation = false): Result<Color> {
    if (this.record.outcome) return fail('game_over', 'The game is over; nobody can join it.');
    const seats = this.record.seats;
    if (seats.white && seats.black) return fail('game_full', 'Both seats of this game are taken.');
    const reserved = this.record.reservedSeat;
    let seat: Color;
    if (color) {
      if (seats[color]) return fail('color_taken', `The ${color} seat is already taken.`);
      seat = color;
    } else {
      seat = seats.white ? 'black' : 'white';
    }
    if (reserved?.color === seat && !reservation) {
      return fail(
        'seat_reserved',
        `The ${seat} seat of this rematch is kept for the previous game's player; ask for the rematch from that game.`,
      );
    }
    this.startChange('seats');
    seats[seat] = { name, tokenHash, joinedAt: now };
    if (reserved?.color === seat) this.record.reservedSeat = null;
    // Both seats taken: the first side's turn (and its first-move limit) begins.
    if (this.record.clock && seats.white && seats.black) this.record.clock = startClock(this.record.clock, ms(now));
    this.touch(now);
    return ok(seat);
  }

  /**
   * Play a move for `color`, in any notation people type (see shared/move-input.ts: UCI, SAN, `e2-e4`, `0-0`,
   * `nf3`...). `ply`, when given, must equal the number of half-moves played; a `ply` that names a move this side
   * already made with the same text is a safe retry (applied: false).
   */
  move(color: Color, text: string, now: string, ply?: number): Result<MoveOutcome, MoveFailure> {
    const moveText = normalizeMoveInput(text) ?? '';
    if (ply !== undefined && ply < this.plies && this.isOwnEarlierMove(color, ply, moveText)) {
      return ok({ applied: false });
    }
    if (this.record.outcome) return fail('game_over', 'The game is over.');
    if (this.status === 'waiting') {
      return fail('game_not_started', 'The game has not started: it waits for a second player.');
    }
    if (ply !== undefined && ply !== this.plies) {
      return fail('stale_ply', `Stale ply ${ply}: ${this.plies} half-moves have been played.`);
    }
    if (color !== this.turn) return fail('not_your_turn', `It is ${this.turn}'s turn.`);
    const context = this.clockContext();
    // The service runs `checkTime` first, which ends the game when time is up; this is the rule's last guard.
    if (context && timeUp(context, ms(now))) return fail('game_over', 'Your time ran out before this move arrived.');

    const chosen = parseUci(moveText)
      ? this.position.isLegalUci(moveText)
        ? moveText
        : null
      : this.position.uciOfSan(moveText);
    if (!chosen) return this.illegal(color, text.trim());
    const mover = this.turn;
    const played = this.position.play(chosen);
    if (!played) throw new Error(`chess.js refused its own legal move ${chosen}`);
    this.repetitions.record(this.position);
    this.startChange('moves');
    let clockMs: number | undefined;
    if (context) {
      this.record.clock = afterMove(context, ms(now));
      clockMs = mover === 'white' ? this.record.clock.whiteMs : this.record.clock.blackMs;
    }
    this.appendMove({ uci: played.uci, san: played.san, at: now, ...(clockMs === undefined ? {} : { clockMs }) });
    // A draw offer stands until the offered side answers it; moving instead declines it.
    if (this.record.drawOffer && this.record.drawOffer !== mover) this.setDrawOffer(null);
    const outcome = automaticOutcome(this.position, this.repetitions, mover);
    if (outcome) this.finish(outcome, now);
    this.touch(now);
    return ok({ applied: true });
  }

  /** Resign for `color`; the opponent wins. */
  resign(color: Color, now: string): Result<null> {
    const refusal = this.refuseUnlessActive('resign');
    if (refusal) return refusal;
    const winner = opponentOf(color);
    this.finish({ result: winner === 'white' ? '1-0' : '0-1', termination: 'resignation', winner }, now);
    this.touch(now);
    return ok(null);
  }

  /** Offer, accept, decline or claim a draw, or withdraw your own open offer. */
  draw(color: Color, action: DrawAction, now: string): Result<null> {
    const refusal = this.refuseUnlessActive('draw');
    if (refusal) return refusal;
    const offer = this.record.drawOffer;
    switch (action) {
      case 'offer':
        if (offer === color) return ok(null); // already offered: nothing changes
        if (offer === opponentOf(color)) {
          // Offering back is agreeing.
          this.finish({ result: '1/2-1/2', termination: 'agreement', winner: null }, now);
        } else {
          this.setDrawOffer(color);
        }
        break;
      case 'accept':
        if (offer !== opponentOf(color)) return fail('no_draw_offer', 'Your opponent has no open draw offer.');
        this.finish({ result: '1/2-1/2', termination: 'agreement', winner: null }, now);
        break;
      case 'decline':
        if (offer !== opponentOf(color)) return fail('no_draw_offer', 'Your opponent has no open draw offer.');
        this.setDrawOffer(null);
        break;
      case 'withdraw':
        // Only your own open offer can be taken back.
        if (offer !== color) return fail('no_draw_offer', 'You have no open draw offer to withdraw.');
        this.setDrawOffer(null);
        break;
      case 'claim': {
        if (color !== this.turn) {
          return fail('not_your_turn', 'Only the side to move may claim a draw.');
        }
        const claim = claimableDraw(this.position, this.repetitions);
        if (!claim) {
          return fail(
            'draw_not_claimable',
            'No draw can be claimed: the position has not occurred three times and the fifty-move rule does not apply.',
          );
        }
        this.finish({ result: '1/2-1/2', termination: claim, winner: null }, now);
        break;
      }
    }
    this.touch(now);
    return ok(null);
  }

  /** Abort: allowed to a seated player until both sides have made a move; no result. */
  abort(color: Color, now: string): Result<null> {
    if (this.record.outcome) return fail('game_over', 'The game is over.');
    if (!this.record.seats[color]) throw new Error('abort by an unseated colour');
    if (!this.canAbort()) {
      return fail('cannot_abort', 'Both sides have moved: the game can no longer be aborted (resign instead).');
    }
    this.finish({ result: '*', termination: 'aborted', winner: null }, now);
    this.touch(now);
    return ok(null);
  }

  /**
   * End the game if the side to move's time is up at `now` (grace included): aborted when it was a first move
   * (nothing is lost before both sides have moved), else lost on time — or drawn when the other side has no mating
   * material (FIDE 6.9). Returns what happened, or null (nothing changed). The service runs it when the game's
   * timer falls due and before every action of a player, so that exactly one flag ends a game.
   */
  checkTime(now: string): TimeUp | null {
    const context = this.clockContext();
    if (!context || this.status !== 'active') return null;
    const up = timeUp(context, ms(now));
    if (!up) return null;
    if (up === 'first_move_missed') {
      this.finish({ result: '*', termination: 'aborted', winner: null }, now);
    } else {
      const winner = opponentOf(context.turn);
      const canMate = hasMatingMaterial(this.position.fen(), winner);
      this.finish(
        canMate
          ? { result: winner === 'white' ? '1-0' : '0-1', termination: 'timeout', winner }
          : { result: '1/2-1/2', termination: 'timeout', winner: null },
        now,
        true,
      );
    }
    this.touch(now);
    return up;
  }

  /**
   * Give the side to move back the time the server was down: from `aliveUntil` (the last moment the server is
   * known to have run) to `now` (see game-clock.ts `creditDowntime`). Returns whether anything changed.
   */
  creditDowntime(aliveUntil: number, now: string): boolean {
    const clock = this.record.clock;
    if (!clock || this.status !== 'active') return false;
    const credited = creditDowntime(clock, aliveUntil, ms(now));
    if (credited === clock) return false;
    this.startChange('progress');
    this.record.clock = credited;
    this.touch(now);
    return true;
  }

  /** End a waiting game that nobody attends any more (see the service's waiting-game expiry): aborted. */
  abandon(now: string): Result<null> {
    if (this.status !== 'waiting') return fail('game_in_progress', 'Only a game still waiting for a player expires.');
    this.finish({ result: '*', termination: 'aborted', winner: null }, now);
    this.touch(now);
    return ok(null);
  }

  /**
   * Link the rematch game `rematchId` to this finished game: its players see the offer in the next state. Once
   * linked, the link stays: linking again changes nothing (the caller reads `rematchId` to find the one that won).
   */
  linkRematch(color: Color, rematchId: string, now: string): Result<null> {
    const refusal = this.refuseRematch(color);
    if (refusal) return refusal;
    if (this.record.rematchId) return ok(null);
    this.startChange('rematch');
    this.record.rematchId = rematchId;
    this.touch(now);
    return ok(null);
  }

  /** The rematch of this game once linked, or null. */
  rematchId(): string | null {
    return this.record.rematchId;
  }

  /** Why `color` cannot ask for a rematch of this game, or null when it can. */
  refuseRematch(color: Color): Failure | null {
    if (!this.record.outcome) {
      return fail('game_in_progress', 'A rematch can be asked for once this game is over.');
    }
    if (!this.record.seats[opponentOf(color)]) {
      return fail('no_opponent', 'Nobody played against you in this game, so there is nobody to offer a rematch to.');
    }
    return null;
  }

  // ---- internals ----

  private illegal(color: Color, typed: string): Failure<'illegal_move', IllegalMoveDetails> {
    const suggestion = suggestMove(typed, this.position.moveCandidates());
    const why = illegalReason(this.position, typed);
    const hint = suggestion ? ` Did you mean ${suggestion.san} (${suggestion.uci})?` : '';
    return fail('illegal_move', `"${typed}" is not a legal move for ${color} in this position. ${why.text}${hint}`, {
      legalMoves: this.position.legalMoves().slice(),
      reason: why.code,
      explanation: why.text,
      ...(suggestion ? { suggestion: suggestion.san ?? suggestion.uci } : {}),
    });
  }

  private refuseUnlessActive(what: 'resign' | 'draw') {
    if (this.record.outcome) return fail('game_over', 'The game is over.');
    if (this.status === 'waiting') {
      return fail(
        'game_not_started',
        what === 'resign'
          ? 'The game has not started: there is nobody to resign to (abort it instead).'
          : 'The game has not started: there is nobody to offer a draw to.',
      );
    }
    return null;
  }

  private startChange(part: ChangedPart): void {
    this.pending ??= { baseVersion: this.record.version, parts: new Set(), firstNewPly: this.record.moves.length };
    this.pending.parts.add(part);
  }

  private touch(now: string): void {
    this.startChange('progress');
    this.record.version += 1;
    this.record.updatedAt = now;
  }

  private appendMove(move: MoveRecord): void {
    this.record.moves.push(move);
    this.sanList.push(move.san);
    this.uciList.push(move.uci);
  }

  private setDrawOffer(offer: Color | null): void {
    this.startChange('progress');
    this.record.drawOffer = offer;
  }

  private finish(outcome: OutcomeRecord, now: string, ranOut = false): void {
    this.startChange('progress');
    const context = this.clockContext();
    if (context) this.record.clock = stoppedClock(context, ms(now), ranOut);
    this.record.outcome = outcome;
    this.record.drawOffer = null;
  }

  /** The clock's context (time control, clock, turn, plies), or null for an untimed game. */
  private clockContext(): ClockContext | null {
    const { timeControl: control, clock } = this.record;
    return control && clock ? { control, clock, turn: this.turn, plies: this.plies } : null;
  }

  /** The clock as it stood at the last change (snapshots show it as of the moment they are read). */
  private clockAsOfChange(): Clock | null {
    const context = this.clockContext();
    return context ? clockView(context, ms(this.record.updatedAt), this.record.outcome !== null) : null;
  }

  private isOwnEarlierMove(color: Color, ply: number, text: string): boolean {
    const move = this.record.moves[ply];
    if (!move) return false;
    if (this.colorAtPly(ply) !== color) return false;
    return text === move.uci || sanKey(text) === sanKey(move.san);
  }

  /** Who made (or makes) the half-move at `ply`. */
  private colorAtPly(ply: number): Color {
    const firstMover: Color = this.initialFen().split(' ')[1] === 'b' ? 'black' : 'white';
    return ply % 2 === 0 ? firstMover : opponentOf(firstMover);
  }
}

/** Epoch ms of an ISO time. */
function ms(iso: string): number {
  return Date.parse(iso);
}
