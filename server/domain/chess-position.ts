/**
 * The chess.js adapter: one position, its legal moves in UCI and SAN, and playing a move. This is the only module
 * that imports chess.js; the FIDE rules (fide-rules.ts) and the game lifecycle (chess-board.ts) read positions
 * through it.
 *
 * Speed: chess.js's public move list writes SAN for every move, and SAN needs a check-and-mate test per move (a
 * move generation each); its `move()` generates every move again and builds before/after FENs. A server answering
 * a move needs one legal move generation per position, so this adapter reads chess.js 1.4's internal move list
 * (`_moves`, `_moveToSan`, `_makeMove`: the same code its public API runs, without the extra work) and writes SAN
 * only for the move played, or for every move only when a move arrives in SAN or is illegal. chess.js is pinned to
 * the exact version whose internals this reads; `assertChessInternals` refuses to start on another, and the
 * property test checks the fast list against chess.js's public verbose list.
 */
import { Chess, validateFen, type Square } from 'chess.js';
import { START_FEN, type Color } from '../../shared/vocabulary.js';
import { sanKey } from './notation.js';

/** The standard start position in FEN (one definition, in shared/; a test pins it to chess.js's own). */
export { START_FEN };

/** A move as played: UCI (`e7e8q`) and SAN (`e8=Q+`). */
export interface PlayedMove {
  uci: string;
  san: string;
}

/** A legal move of the position with its SAN, for matching typed text and suggesting a move. */
export interface MoveCandidate {
  uci: string;
  san: string;
}

/** A piece as the adapter reports it: `type` in FEN letters (`k`, `q`, `r`, `b`, `n`, `p`). */
export interface Piece {
  type: 'k' | 'q' | 'r' | 'b' | 'n' | 'p';
  color: Color;
}

/** Why chess.js refuses a FEN as text (not as a game): the reason without its "Invalid FEN:" prefix, or null. */
export function fenSyntaxProblem(fen: string): string | null {
  const validation = validateFen(fen);
  if (validation.ok) return null;
  return (validation.error ?? 'not a chess position').replace(/^Invalid FEN:\s*/u, '').replace(/\.$/u, '');
}

/** A move as chess.js keeps it inside: squares as 0x88 indices, flags as its BITS. */
interface InternalMove {
  from: number;
  to: number;
  promotion?: string;
  flags: number;
}

/** The parts of chess.js 1.4 this adapter reads (see the module comment). */
interface ChessInternals {
  _moves(options?: { legal?: boolean }): InternalMove[];
  _moveToSan(move: InternalMove, moves: InternalMove[]): string;
  _makeMove(move: InternalMove): void;
  _incPositionCount(): void;
}

/** chess.js's flag for an en passant capture (BITS.EP_CAPTURE). */
const EP_CAPTURE = 8;

function internals(chess: Chess): ChessInternals {
  return chess as unknown as ChessInternals;
}

/** Throw at start-up if the installed chess.js lacks the internals this adapter reads. */
export function assertChessInternals(): void {
  const probe = internals(new Chess());
  for (const name of ['_moves', '_moveToSan', '_makeMove', '_incPositionCount'] as const) {
    if (typeof probe[name] !== 'function') {
      throw new Error(
        `chess.js lacks ${name}: Rookery needs chess.js 1.4.0 exactly (see server/domain/chess-position.ts)`,
      );
    }
  }
}

/** 0x88 index to a square name: file from the low nibble, rank from the high one (rank 8 is row 0). */
function squareName(index: number): string {
  return `${'abcdefgh'[index & 0xf]}${8 - (index >> 4)}`;
}

/**
 * Every UCI text, made once and shared: each cached game's legal-move list holds some thirty of them, and a list of
 * shared strings costs a pointer a move instead of a string a move. Keyed by the 0x88 squares and the promotion.
 */
const UCI_TEXTS = new Map<number, string>();

function uciOf(move: InternalMove): string {
  const key = (move.from << 8) | move.to | (move.promotion ? move.promotion.charCodeAt(0) << 16 : 0);
  let text = UCI_TEXTS.get(key);
  if (text === undefined) {
    text = `${squareName(move.from)}${squareName(move.to)}${move.promotion ?? ''}`;
    UCI_TEXTS.set(key, text);
  }
  return text;
}

const colorOf = (turn: 'w' | 'b'): Color => (turn === 'w' ? 'white' : 'black');

/**
 * One position that moves forward: the board of one game.
 *
 * Memory: a cached game spends most of its life waiting for the next move, so `release()` drops the chess.js
 * instance and its move list once a snapshot is made, keeping only the FEN and the UCI list the snapshot shares.
 * The next question that needs chess.js rebuilds it from the FEN (a parse and one move generation, tens of
 * microseconds); history is not needed, since repetitions are counted by fide-rules.ts.
 */
export class ChessPosition {
  private chess: Chess | null;
  private fenText: string;
  /**
   * The legal moves of this position as chess.js keeps them (null once released), and their UCI at the same indexes;
   * null until first asked for. (A list of about 30 is searched faster than a Map is built, and costs less memory.)
   */
  private legal: { internal: InternalMove[] | null; uciList: string[] } | null = null;
  private enPassantLegal = false;
  private candidates: { bySanKey: Map<string, string>; list: MoveCandidate[] } | null = null;

  /** A position from a FEN that chess.js accepts (check it with `fenSyntaxProblem` first). */
  constructor(fen: string = START_FEN) {
    this.chess = new Chess(fen);
    this.fenText = this.chess.fen();
  }

  /** The position in FEN, as chess.js writes it. */
  fen(): string {
    return this.fenText;
  }

  /** The side to move. */
  turn(): Color {
    return this.fenText.split(' ')[1] === 'b' ? 'black' : 'white';
  }

  /** Is the side to move in check? */
  isCheck(): boolean {
    return this.game().isCheck();
  }

  /** Neither side can mate (chess.js's reading of FIDE 5.2.2: K v K, K+minor v K, bishops all on one colour). */
  isInsufficientMaterial(): boolean {
    return this.game().isInsufficientMaterial();
  }

  /** The FEN's halfmove clock: half-moves since the last capture or pawn move. */
  halfmoveClock(): number {
    return Number(this.fenText.split(' ')[4]);
  }

  /** The piece on a square, or null. */
  pieceAt(square: string): Piece | null {
    const piece = this.game().get(square as Square);
    return piece ? { type: piece.type, color: colorOf(piece.color) } : null;
  }

  /** Is the king of `color` attacked by the other side? */
  isKingAttacked(color: Color): boolean {
    const own = color === 'white' ? 'w' : 'b';
    const chess = this.game();
    const [king] = chess.findPiece({ type: 'k', color: own });
    return king !== undefined && chess.isAttacked(king, own === 'w' ? 'b' : 'w');
  }

  /** Is `square` attacked by a piece of `by`? (For saying why a move is illegal.) */
  isAttackedBy(square: string, by: Color): boolean {
    return this.game().isAttacked(square as Square, by === 'white' ? 'w' : 'b');
  }

  /** The squares holding pieces of this kind and colour, e.g. `['b1', 'g1']` for white knights. */
  squaresOf(piece: Piece): string[] {
    return this.game().findPiece({ type: piece.type, color: piece.color === 'white' ? 'w' : 'b' });
  }

  /**
   * The moves of the side to move that break no rule of movement but may leave its own king in check (pseudo-legal,
   * in UCI). A move in this list and not in `legalMoves()` would expose the king. Castling appears only when legal.
   */
  pseudoLegalMoves(): string[] {
    return internals(this.game())._moves({ legal: false }).map(uciOf);
  }

  /** The castling rights still held, as in the FEN: e.g. `{kingside: true, queenside: false}` for `color`. */
  castlingRights(color: Color): { kingside: boolean; queenside: boolean } {
    const field = this.fenText.split(' ')[2] ?? '-';
    const [king, queen] = color === 'white' ? ['K', 'Q'] : ['k', 'q'];
    return { kingside: field.includes(king!), queenside: field.includes(queen!) };
  }

  /** The legal moves in UCI, computed once per position (the same array until the next move: do not change it). */
  legalMoves(): readonly string[] {
    return this.uciMoves();
  }

  /** Is this UCI text a legal move here? */
  isLegalUci(uci: string): boolean {
    return this.uciMoves().includes(uci);
  }

  /**
   * Can the side to move capture en passant? chess.js writes an en passant square whenever a pawn stands beside the
   * one that just moved two squares; FIDE counts it for repetition only when the capture is legal.
   */
  hasEnPassantCapture(): boolean {
    if (this.fenText.split(' ')[3] === '-') return false;
    this.uciMoves();
    return this.enPassantLegal;
  }

  /** Every legal move with its SAN (the expensive list; built on first use for this position). */
  moveCandidates(): readonly MoveCandidate[] {
    return this.sanMoves().list;
  }

  /** The UCI of the legal move that this SAN names (compared by `sanKey`: `e8Q` finds `e8=Q+`), or null. */
  uciOfSan(san: string): string | null {
    return this.sanMoves().bySanKey.get(sanKey(san)) ?? null;
  }

  /** Play a legal UCI move; null (and nothing changes) when it is not legal here. */
  play(uci: string): PlayedMove | null {
    const uciList = this.uciMoves();
    const index = uciList.indexOf(uci);
    if (index < 0) return null;
    // The shared text (see UCI_TEXTS), not the caller's copy: the game's move record keeps it.
    const shared = uciList[index]!;
    const internal = this.internalMoves();
    const move = internal[index]!;
    const chess = internals(this.game());
    // SAN is written before the move is made (its disambiguation reads this position's moves).
    const san = chess._moveToSan(move, internal);
    chess._makeMove(move);
    chess._incPositionCount();
    this.fenText = this.game().fen();
    this.legal = null;
    this.candidates = null;
    return { uci: shared, san };
  }

  /** Drop what can be rebuilt from the FEN (see the class comment). Answers stay the same. */
  release(): void {
    this.chess = null;
    if (this.legal) this.legal.internal = null;
    this.candidates = null;
  }

  private game(): Chess {
    this.chess ??= new Chess(this.fenText);
    return this.chess;
  }

  private sanMoves(): { bySanKey: Map<string, string>; list: MoveCandidate[] } {
    if (this.candidates) return this.candidates;
    const internal = this.internalMoves();
    const uciList = this.uciMoves();
    const chess = internals(this.game());
    const bySanKey = new Map<string, string>();
    const list: MoveCandidate[] = [];
    internal.forEach((move, index) => {
      const san = chess._moveToSan(move, internal);
      const uci = uciList[index]!;
      bySanKey.set(sanKey(san), uci);
      list.push({ uci, san });
    });
    this.candidates = { bySanKey, list };
    return this.candidates;
  }

  private uciMoves(): string[] {
    return this.legal?.uciList ?? this.listMoves().uciList;
  }

  /** chess.js's own legal moves, in the order of `uciMoves()` (chess.js generates them in board order). */
  private internalMoves(): InternalMove[] {
    if (this.legal?.internal) return this.legal.internal;
    if (this.legal) {
      this.legal.internal = internals(this.game())._moves({ legal: true });
      return this.legal.internal;
    }
    return this.listMoves().internal!;
  }

  /** One legal move generation for this position (see the module comment). */
  private listMoves(): NonNullable<ChessPosition['legal']> {
    const internal = internals(this.game())._moves({ legal: true });
    const uciList: string[] = [];
    let enPassant = false;
    for (const move of internal) {
      uciList.push(uciOf(move));
      if (move.flags & EP_CAPTURE) enPassant = true;
    }
    this.legal = { internal, uciList };
    this.enPassantLegal = enPassant;
    return this.legal;
  }
}

// Fail at load, with a sentence, rather than with a TypeError in the middle of a game.
assertChessInternals();
