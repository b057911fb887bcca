/**
 * ChessBoard: the authoritative state of one game, and the only module that imports chess.js.
 *
 * Every operation is pure and synchronous: it checks, mutates on success only, bumps `version`, and returns a
 * Result; expected failures are values with codes from shared/errors.ts, never exceptions. Time comes in as an
 * argument so the domain does no I/O. Snapshots (GameState) are computed once per version and cached, because
 * chess.js's move generation and history replay are expensive; its verbose move list (1-3 ms a position, as it
 * writes SAN and FENs for every move) is used only when a move arrives in SAN or is illegal.
 */
import { Chess, DEFAULT_POSITION, validateFen, type Move, type Square } from 'chess.js';
import type { GameState, GameSummary } from '../../shared/api-schema.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import { suggestMove } from '../../shared/move-suggestion.js';
import {
  opponentOf,
  type Color,
  type DrawAction,
  type GameStatus,
  type Termination,
} from '../../shared/vocabulary.js';
import type { GameRecord, MoveRecord, OutcomeRecord, ReadonlyGameRecord } from './game-record.js';
import { parseUci, sanKey } from './notation.js';

/** The legal moves of the current position, computed once per position. */
interface PositionMoves {
  uciList: string[];
  uciSet: Set<string>;
  hasEnPassant: boolean;
  /**
   * SAN of every legal move, by SAN key. Built only when a move arrives in SAN or is illegal: chess.js's verbose
   * move list, the only public way to pair SAN with coordinates, costs about ten times the UCI list.
   */
  sanMoves: { bySanKey: Map<string, string>; candidates: { uci: string; san: string }[] } | null;
}

/** What a move submission did: `applied` is false for a safe retry of a move already made. */
export interface MoveOutcome {
  applied: boolean;
}

/** Failure details that the transport shows to the client (e.g. the legal moves after an illegal one). */
export interface IllegalMoveDetails {
  legalMoves: string[];
  suggestion?: string;
}

/** Where each castling right needs the king and the rook, in chess.js's FEN letters. */
const CASTLING_SQUARES: Record<string, { king: Square; rook: Square; color: 'w' | 'b' }> = {
  K: { king: 'e1', rook: 'h1', color: 'w' },
  Q: { king: 'e1', rook: 'a1', color: 'w' },
  k: { king: 'e8', rook: 'h8', color: 'b' },
  q: { king: 'e8', rook: 'a8', color: 'b' },
};

const FIFTY_MOVE_PLIES = 100;
const SEVENTY_FIVE_MOVE_PLIES = 150;

function colorOfChess(turn: 'w' | 'b'): Color {
  return turn === 'w' ? 'white' : 'black';
}

/**
 * UCI of a legal move given its origin and its SAN. Only the target square, the promotion piece and castling are
 * read from the SAN, so a SAN generated without disambiguation (chess.js's per-square list) is fine.
 */
function uciOfSquareSan(from: Square, san: string): string {
  const rank = from[1]!;
  if (san.startsWith('O-O-O')) return `${from}c${rank}`;
  if (san.startsWith('O-O')) return `${from}g${rank}`;
  const target = /([a-h][1-8])(?:=([QRBN]))?[+#]?$/u.exec(san);
  if (!target) throw new Error(`chess.js wrote an unreadable SAN: ${san}`);
  return `${from}${target[1]!}${target[2]?.toLowerCase() ?? ''}`;
}

/** Why a FEN's castling field cannot be right (a right without its king and rook at home), or null. */
function castlingRightsProblem(chess: Chess, castling: string): string | null {
  for (const right of castling === '-' ? '' : castling) {
    const squares = CASTLING_SQUARES[right];
    if (!squares) continue;
    const king = chess.get(squares.king);
    const rook = chess.get(squares.rook);
    if (king?.type !== 'k' || king.color !== squares.color || rook?.type !== 'r' || rook.color !== squares.color) {
      return `Invalid FEN: castling right "${right}" needs the king on ${squares.king} and a rook on ${squares.rook}.`;
    }
  }
  return null;
}

export class ChessBoard {
  private readonly chess: Chess;
  private readonly record: GameRecord;
  /** Repetition counts per position key (placement, turn, castling, en passant only when capturable). */
  private readonly positionCounts = new Map<string, number>();
  private positionMoves: PositionMoves | null = null;
  /** The current FEN, written once per position: a move reads it for the key, the clocks and the snapshot. */
  private positionFen: string | null = null;
  private cachedState: GameState | null = null;
  /** Details of the last illegal move, for the transport's 422 body. */
  private lastIllegal: IllegalMoveDetails | null = null;

  private constructor(record: GameRecord) {
    this.record = record;
    this.chess = new Chess(record.initialFen ?? DEFAULT_POSITION);
    this.countCurrentPosition();
  }

  /**
   * Check a FEN for a new game: valid by chess.js's rules and not already decided (the side to move has a legal
   * move and there is mating material). Returns the FEN as chess.js writes it.
   */
  static parseStartFen(fen: string): Result<string, 'invalid_fen'> {
    const text = fen.trim().replace(/\s+/gu, ' ');
    const validation = validateFen(text);
    if (!validation.ok) {
      const reason = (validation.error ?? 'not a chess position').replace(/^Invalid FEN:\s*/u, '').replace(/\.$/u, '');
      return fail('invalid_fen', `Invalid FEN: ${reason}.`);
    }
    const chess = new Chess(text);
    // chess.js accepts both of these, and would then castle with no rook, or let a move capture the king.
    const castlingProblem = castlingRightsProblem(chess, text.split(' ')[2] ?? '-');
    if (castlingProblem) return fail('invalid_fen', castlingProblem);
    const mover = chess.turn();
    const [otherKing] = chess.findPiece({ type: 'k', color: mover === 'w' ? 'b' : 'w' });
    if (otherKing && chess.isAttacked(otherKing, mover)) {
      return fail('invalid_fen', 'Invalid FEN: the side not to move is in check, which no game can reach.');
    }
    if (chess.moves().length === 0) {
      return fail('invalid_fen', 'The position is already decided: the side to move has no legal move.');
    }
    if (chess.isInsufficientMaterial()) {
      return fail('invalid_fen', 'The position is already a draw: neither side has mating material.');
    }
    const halfmoves = Number(text.split(' ')[4] ?? 0);
    if (halfmoves >= SEVENTY_FIVE_MOVE_PLIES) {
      return fail('invalid_fen', 'The position is already a draw by the 75-move rule (halfmove clock >= 150).');
    }
    return ok(chess.fen());
  }

  /** A new game with no players. `initialFen` must come from `parseStartFen` (or be null for the standard start). */
  static create(id: string, now: string, initialFen: string | null = null): ChessBoard {
    const fen = initialFen === DEFAULT_POSITION ? null : initialFen;
    return new ChessBoard({
      id,
      version: 0,
      initialFen: fen,
      createdAt: now,
      updatedAt: now,
      seats: { white: null, black: null },
      moves: [],
      drawOffer: null,
      outcome: null,
    });
  }

  /**
   * Rebuild a board from its record by replaying every move through chess.js. Throws if the record is not a
   * legal game (a corrupted store is a bug to surface, not an expected failure).
   */
  static fromRecord(source: GameRecord): ChessBoard {
    const record: GameRecord = structuredClone(source);
    const moves = record.moves;
    record.moves = [];
    const board = new ChessBoard(record);
    for (const [ply, move] of moves.entries()) {
      const played = board.playOnChess(move.uci);
      if (!played) throw new Error(`Stored move ${ply} (${move.uci}) of game ${record.id} is not legal.`);
      record.moves.push(move);
    }
    return board;
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
    return colorOfChess(this.chess.turn());
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

  /** A deep copy of the durable record. */
  toRecord(): GameRecord {
    return structuredClone(this.record);
  }

  /** The durable record itself, read-only: what the service hands its store after each change. */
  recordView(): ReadonlyGameRecord {
    return this.record;
  }

  /** Details of the most recent illegal move attempt (legal moves and a close suggestion). */
  illegalMoveDetails(): IllegalMoveDetails {
    return this.lastIllegal ?? { legalMoves: this.legalMovesUci() };
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
      fen: this.fen(),
      moves: record.moves.map((move) => move.san),
      uci: record.moves.map((move) => move.uci),
      lastMove: last ? { from: last.uci.slice(0, 2), to: last.uci.slice(2, 4), san: last.san, uci: last.uci } : null,
      check: this.chess.isCheck(),
      legalMoves: status === 'active' ? this.legalMovesUci() : [],
      players: {
        white: record.seats.white ? { name: record.seats.white.name } : null,
        black: record.seats.black ? { name: record.seats.black.name } : null,
      },
      drawOffer: record.drawOffer,
      canClaimDraw: status === 'active' && this.claimableDraw() !== null,
      clock: null,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
    this.cachedState = state;
    return state;
  }

  /** The lobby row. */
  summary(): GameSummary {
    const { id, status, result, termination, players, turn, createdAt, updatedAt } = this.state();
    return { id, status, result, termination, players, turn, plies: this.plies, createdAt, updatedAt };
  }

  /** The start position in FEN (the standard one unless the game began from a given FEN). */
  initialFen(): string {
    return this.record.initialFen ?? DEFAULT_POSITION;
  }

  /** The moves in SAN, in order. */
  sanMoves(): string[] {
    return this.record.moves.map((move) => move.san);
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

  // ---- operations ----

  /** Take a seat: the asked colour, or the free one (white first). */
  join(name: string, tokenHash: string, now: string, color?: Color): Result<Color> {
    if (this.record.outcome) return fail('game_over', 'The game is over; nobody can join it.');
    const seats = this.record.seats;
    if (seats.white && seats.black) return fail('game_full', 'Both seats of this game are taken.');
    let seat: Color;
    if (color) {
      if (seats[color]) return fail('color_taken', `The ${color} seat is already taken.`);
      seat = color;
    } else {
      seat = seats.white ? 'black' : 'white';
    }
    seats[seat] = { name, tokenHash, joinedAt: now };
    this.touch(now);
    return ok(seat);
  }

  /**
   * Play a move for `color`. `ply`, when given, must equal the number of half-moves played; a `ply` that names
   * a move this side already made with the same text is a safe retry (applied: false).
   */
  move(color: Color, text: string, now: string, ply?: number): Result<MoveOutcome> {
    this.lastIllegal = null;
    const moveText = text.trim();
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

    const chosen = this.findLegalMove(moveText);
    if (!chosen) {
      const suggestion = suggestMove(moveText, this.legalSan().candidates);
      this.lastIllegal = {
        legalMoves: this.legalMovesUci(),
        ...(suggestion ? { suggestion: suggestion.san ?? suggestion.uci } : {}),
      };
      const hint = suggestion ? ` Did you mean ${suggestion.san} (${suggestion.uci})?` : '';
      return fail('illegal_move', `"${moveText}" is not a legal move for ${color} in this position.${hint}`);
    }
    const mover = this.turn;
    const played = this.playOnChess(chosen);
    if (!played) throw new Error(`chess.js refused its own legal move ${chosen}`);
    this.record.moves.push({ uci: played.lan, san: played.san, at: now });
    // A draw offer stands until the offered side answers it; moving instead declines it.
    if (this.record.drawOffer && this.record.drawOffer !== mover) this.record.drawOffer = null;
    this.endIfDecided();
    this.touch(now);
    return ok({ applied: true });
  }

  /** Resign for `color`; the opponent wins. */
  resign(color: Color, now: string): Result<null> {
    const refusal = this.refuseUnlessActive('resign');
    if (refusal) return refusal;
    const winner = opponentOf(color);
    this.finish({ result: winner === 'white' ? '1-0' : '0-1', termination: 'resignation', winner });
    this.touch(now);
    return ok(null);
  }

  /** Offer, accept, decline or claim a draw. */
  draw(color: Color, action: DrawAction, now: string): Result<null> {
    const refusal = this.refuseUnlessActive('draw');
    if (refusal) return refusal;
    const offer = this.record.drawOffer;
    switch (action) {
      case 'offer':
        if (offer === color) return ok(null); // already offered: nothing changes
        if (offer === opponentOf(color)) {
          // Offering back is agreeing.
          this.finish({ result: '1/2-1/2', termination: 'agreement', winner: null });
        } else {
          this.record.drawOffer = color;
        }
        break;
      case 'accept':
        if (offer !== opponentOf(color)) return fail('no_draw_offer', 'Your opponent has no open draw offer.');
        this.finish({ result: '1/2-1/2', termination: 'agreement', winner: null });
        break;
      case 'decline':
        if (offer !== opponentOf(color)) return fail('no_draw_offer', 'Your opponent has no open draw offer.');
        this.record.drawOffer = null;
        break;
      case 'claim': {
        if (color !== this.turn) {
          return fail('not_your_turn', 'Only the side to move may claim a draw.');
        }
        const claim = this.claimableDraw();
        if (!claim) {
          return fail(
            'draw_not_claimable',
            'No draw can be claimed: the position has not occurred three times and the fifty-move rule does not apply.',
          );
        }
        this.finish({ result: '1/2-1/2', termination: claim, winner: null });
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
    if (this.plies >= 2) {
      return fail('cannot_abort', 'Both sides have moved: the game can no longer be aborted (resign instead).');
    }
    this.finish({ result: '*', termination: 'aborted', winner: null });
    this.touch(now);
    return ok(null);
  }

  // ---- internals ----

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

  private touch(now: string): void {
    this.record.version += 1;
    this.record.updatedAt = now;
  }

  private finish(outcome: OutcomeRecord): void {
    this.record.outcome = outcome;
    this.record.drawOffer = null;
  }

  private isOwnEarlierMove(color: Color, ply: number, text: string): boolean {
    const move = this.record.moves[ply];
    if (!move) return false;
    const moverAtPly = this.colorAtPly(ply);
    if (moverAtPly !== color) return false;
    return text === move.uci || sanKey(text) === sanKey(move.san);
  }

  /** Who made (or makes) the half-move at `ply`. */
  private colorAtPly(ply: number): Color {
    const firstMover: Color = (this.record.initialFen ?? DEFAULT_POSITION).split(' ')[1] === 'b' ? 'black' : 'white';
    return ply % 2 === 0 ? firstMover : opponentOf(firstMover);
  }

  /** The UCI of the legal move that `text` names (strict UCI, else SAN), or null. */
  private findLegalMove(text: string): string | null {
    if (parseUci(text)) return this.currentMoves().uciSet.has(text) ? text : null;
    return this.legalSan().bySanKey.get(sanKey(text)) ?? null;
  }

  /**
   * The legal moves in UCI, from chess.js's per-square SAN lists: about ten times cheaper than its verbose list,
   * which writes SAN and two FENs for every move by generating all moves again. A pawn move to the FEN's en
   * passant square can only be the en passant capture (chess.js writes that square only when one may be legal).
   */
  private currentMoves(): PositionMoves {
    if (this.positionMoves) return this.positionMoves;
    const turn = this.chess.turn();
    const enPassantSquare = this.fen().split(' ')[3];
    const uciList: string[] = [];
    let hasEnPassant = false;
    for (const row of this.chess.board()) {
      for (const piece of row) {
        if (!piece || piece.color !== turn) continue;
        for (const san of this.chess.moves({ square: piece.square })) {
          const uci = uciOfSquareSan(piece.square, san);
          uciList.push(uci);
          if (piece.type === 'p' && uci.slice(2, 4) === enPassantSquare) hasEnPassant = true;
        }
      }
    }
    this.positionMoves = { uciList, uciSet: new Set(uciList), hasEnPassant, sanMoves: null };
    return this.positionMoves;
  }

  /** SAN of the legal moves (computed on demand, see PositionMoves.sanMoves). */
  private legalSan(): NonNullable<PositionMoves['sanMoves']> {
    const moves = this.currentMoves();
    if (moves.sanMoves) return moves.sanMoves;
    const bySanKey = new Map<string, string>();
    const candidates: { uci: string; san: string }[] = [];
    for (const move of this.chess.moves({ verbose: true })) {
      bySanKey.set(sanKey(move.san), move.lan);
      candidates.push({ uci: move.lan, san: move.san });
    }
    moves.sanMoves = { bySanKey, candidates };
    return moves.sanMoves;
  }

  private legalMovesUci(): string[] {
    return this.currentMoves().uciList;
  }

  /** Play a UCI move on the chess.js board and count the new position; null if illegal. */
  private playOnChess(uciText: string): Move | null {
    const uci = parseUci(uciText);
    if (!uci) return null;
    let played: Move;
    try {
      played = this.chess.move(uci);
    } catch {
      return null;
    }
    this.positionMoves = null;
    this.positionFen = null;
    this.countCurrentPosition();
    return played;
  }

  /**
   * FIDE's "same position": same placement, side to move, castling rights and en passant possibilities. chess.js
   * writes an en passant square only when a pawn stands ready to take; we keep it only when the capture is legal.
   */
  private positionKey(): string {
    const [placement, turn, castling, enPassant] = this.fen().split(' ');
    const ep = enPassant !== '-' && this.currentMoves().hasEnPassant ? enPassant : '-';
    return `${placement} ${turn} ${castling} ${ep}`;
  }

  private countCurrentPosition(): void {
    const key = this.positionKey();
    this.positionCounts.set(key, (this.positionCounts.get(key) ?? 0) + 1);
  }

  private fen(): string {
    this.positionFen ??= this.chess.fen();
    return this.positionFen;
  }

  private halfmoveClock(): number {
    return Number(this.fen().split(' ')[4]);
  }

  /** Which draw the side to move may claim now, if any (threefold first). */
  private claimableDraw(): Termination | null {
    if ((this.positionCounts.get(this.positionKey()) ?? 0) >= 3) return 'threefold_repetition';
    if (this.halfmoveClock() >= FIFTY_MOVE_PLIES) return 'fifty_move_rule';
    return null;
  }

  /** End the game when the rules end it by themselves (never on threefold or fifty moves: those need a claim). */
  private endIfDecided(): void {
    const chess = this.chess;
    const mover = opponentOf(this.turn);
    // The legal moves are already listed for this position; chess.js's isCheckmate/isStalemate would list them again.
    const hasLegalMove = this.currentMoves().uciList.length > 0;
    if (!hasLegalMove && chess.isCheck()) {
      this.finish({ result: mover === 'white' ? '1-0' : '0-1', termination: 'checkmate', winner: mover });
    } else if (!hasLegalMove) {
      this.finish({ result: '1/2-1/2', termination: 'stalemate', winner: null });
    } else if (chess.isInsufficientMaterial()) {
      this.finish({ result: '1/2-1/2', termination: 'insufficient_material', winner: null });
    } else if ((this.positionCounts.get(this.positionKey()) ?? 0) >= 5) {
      this.finish({ result: '1/2-1/2', termination: 'fivefold_repetition', winner: null });
    } else if (this.halfmoveClock() >= SEVENTY_FIVE_MOVE_PLIES) {
      this.finish({ result: '1/2-1/2', termination: 'seventy_five_move_rule', winner: null });
    }
  }
}
