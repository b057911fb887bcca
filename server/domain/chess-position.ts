/**
 * The chess.js adapter: one position, its legal moves in UCI and SAN, and playing a move. This is the only module
 * that imports chess.js; the FIDE rules (fide-rules.ts) and the game lifecycle (chess-board.ts) read positions
 * through it.
 *
 * Everything is computed once per position and kept until the next move, because chess.js's move generation is the
 * most expensive step of a move. Its verbose move list (SAN and two FENs for every move, 1-3 ms a position) is built
 * only when a move arrives in SAN or is illegal; the UCI list comes from its per-square lists, about ten times
 * cheaper.
 */
import { Chess, DEFAULT_POSITION, validateFen, type Square } from 'chess.js';
import { UCI_MOVE_PATTERN, type Color } from '../../shared/vocabulary.js';
import { sanKey } from './notation.js';

/** The standard start position in FEN. */
export const START_FEN: string = DEFAULT_POSITION;

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

const colorOf = (turn: 'w' | 'b'): Color => (turn === 'w' ? 'white' : 'black');

/** One position that moves forward: the board of one game. */
export class ChessPosition {
  private readonly chess: Chess;
  private fenText: string | null = null;
  private uciList: string[] | null = null;
  private uciSet: Set<string> | null = null;
  private enPassantLegal = false;
  private candidates: { bySanKey: Map<string, string>; list: MoveCandidate[] } | null = null;

  /** A position from a FEN that chess.js accepts (check it with `fenSyntaxProblem` first). */
  constructor(fen: string = START_FEN) {
    this.chess = new Chess(fen);
  }

  /** The position in FEN, as chess.js writes it. */
  fen(): string {
    this.fenText ??= this.chess.fen();
    return this.fenText;
  }

  /** The side to move. */
  turn(): Color {
    return colorOf(this.chess.turn());
  }

  /** Is the side to move in check? */
  isCheck(): boolean {
    return this.chess.isCheck();
  }

  /** Neither side can mate (chess.js's reading of FIDE 5.2.2: K v K, K+minor v K, bishops all on one colour). */
  isInsufficientMaterial(): boolean {
    return this.chess.isInsufficientMaterial();
  }

  /** The FEN's halfmove clock: half-moves since the last capture or pawn move. */
  halfmoveClock(): number {
    return Number(this.fen().split(' ')[4]);
  }

  /** The piece on a square, or null. */
  pieceAt(square: string): Piece | null {
    const piece = this.chess.get(square as Square);
    return piece ? { type: piece.type, color: colorOf(piece.color) } : null;
  }

  /** Is the king of `color` attacked by the other side? */
  isKingAttacked(color: Color): boolean {
    const own = color === 'white' ? 'w' : 'b';
    const [king] = this.chess.findPiece({ type: 'k', color: own });
    return king !== undefined && this.chess.isAttacked(king, own === 'w' ? 'b' : 'w');
  }

  /** The legal moves in UCI, computed once per position. */
  legalMoves(): readonly string[] {
    this.listMoves();
    return this.uciList!;
  }

  /** Is this UCI text a legal move here? */
  isLegalUci(uci: string): boolean {
    this.listMoves();
    return this.uciSet!.has(uci);
  }

  /**
   * Can the side to move capture en passant? chess.js writes an en passant square whenever a pawn stands beside the
   * one that just moved two squares; FIDE counts it for repetition only when the capture is legal.
   */
  hasEnPassantCapture(): boolean {
    if (this.fen().split(' ')[3] === '-') return false;
    this.listMoves();
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

  /**
   * Play a UCI move; null (and nothing changes) when it is not legal here. chess.js checks legality itself, without
   * listing every move, so replaying a stored game stays cheap.
   */
  play(uci: string): PlayedMove | null {
    const match = UCI_MOVE_PATTERN.exec(uci);
    if (!match) return null;
    const [, from, to, promotion] = match;
    let played;
    try {
      played = this.chess.move({ from: from!, to: to!, ...(promotion ? { promotion } : {}) });
    } catch {
      return null;
    }
    if (played.lan !== uci) {
      // chess.js ignores a promotion letter on a move that does not promote (`e2e4q`): not the move asked for.
      this.chess.undo();
      return null;
    }
    this.fenText = null;
    this.uciList = null;
    this.uciSet = null;
    this.candidates = null;
    return { uci: played.lan, san: played.san };
  }

  private sanMoves(): { bySanKey: Map<string, string>; list: MoveCandidate[] } {
    if (this.candidates) return this.candidates;
    const bySanKey = new Map<string, string>();
    const list: MoveCandidate[] = [];
    for (const move of this.chess.moves({ verbose: true })) {
      bySanKey.set(sanKey(move.san), move.lan);
      list.push({ uci: move.lan, san: move.san });
    }
    this.candidates = { bySanKey, list };
    return this.candidates;
  }

  /** The UCI list from chess.js's per-square SAN lists (see the module comment). */
  private listMoves(): void {
    if (this.uciList) return;
    const turn = this.chess.turn();
    const enPassantSquare = this.fen().split(' ')[3];
    const list: string[] = [];
    let enPassant = false;
    for (const row of this.chess.board()) {
      for (const piece of row) {
        if (!piece || piece.color !== turn) continue;
        for (const san of this.chess.moves({ square: piece.square })) {
          const uci = uciOfSquareSan(piece.square, san);
          list.push(uci);
          // A pawn move to the en passant square can only be the en passant capture.
          if (piece.type === 'p' && uci.slice(2, 4) === enPassantSquare) enPassant = true;
        }
      }
    }
    this.uciList = list;
    this.uciSet = new Set(list);
    this.enPassantLegal = enPassant;
  }
}
