/**
 * The FIDE Laws of Chess that chess.js leaves to us: which start positions a game may use, when a position counts
 * as repeated (9.2.3), which draws a player may claim (9.2 threefold, 9.3 fifty moves) and which end the game by
 * themselves (5.2.2 dead position by insufficient material, 9.6.1 fivefold, 9.6.2 seventy-five moves, plus
 * checkmate 5.1.1 and stalemate 5.2.1). Pure functions over a ChessPosition.
 */
import { fail, ok, type Failure, type Result } from '../../shared/result.js';
import type { Color, Termination } from '../../shared/vocabulary.js';
import { ChessPosition, fenSyntaxProblem } from './chess-position.js';
import type { OutcomeRecord } from './game-record.js';

/** FIDE 9.3: fifty moves by each side (100 half-moves) without a capture or pawn move may be claimed. */
export const FIFTY_MOVE_PLIES = 100;
/** FIDE 9.6.2: seventy-five moves by each side end the game by themselves. */
export const SEVENTY_FIVE_MOVE_PLIES = 150;

/** Where each castling right needs the king and the rook (FIDE 3.8.2.1: neither may have moved). */
const CASTLING_SQUARES: Record<string, { king: string; rook: string; color: Color }> = {
  K: { king: 'e1', rook: 'h1', color: 'white' },
  Q: { king: 'e1', rook: 'a1', color: 'white' },
  k: { king: 'e8', rook: 'h8', color: 'black' },
  q: { king: 'e8', rook: 'a8', color: 'black' },
};

/** Why a FEN's castling field cannot be right (a right without its king and rook at home), or null. */
function castlingRightsProblem(position: ChessPosition, castling: string): string | null {
  for (const right of castling === '-' ? '' : castling) {
    const squares = CASTLING_SQUARES[right];
    if (!squares) continue;
    const king = position.pieceAt(squares.king);
    const rook = position.pieceAt(squares.rook);
    if (king?.type !== 'k' || king.color !== squares.color || rook?.type !== 'r' || rook.color !== squares.color) {
      return `Invalid FEN: castling right "${right}" needs the king on ${squares.king} and a rook on ${squares.rook}.`;
    }
  }
  return null;
}

/**
 * Check a FEN for a new game: valid by chess.js's rules, reachable (the side not to move is not in check; castling
 * rights have their king and rook) and not already decided (the side to move has a legal move, there is mating
 * material, the 75-move rule has not struck). Returns the FEN as chess.js writes it.
 */
export function parseStartFen(fen: string): Result<string, Failure<'invalid_fen'>> {
  const text = fen.trim().replace(/\s+/gu, ' ');
  const syntax = fenSyntaxProblem(text);
  if (syntax) return fail('invalid_fen', `Invalid FEN: ${syntax}.`);
  const position = new ChessPosition(text);
  // chess.js accepts both of these, and would then castle with no rook, or let a move capture the king.
  const castlingProblem = castlingRightsProblem(position, text.split(' ')[2] ?? '-');
  if (castlingProblem) return fail('invalid_fen', castlingProblem);
  const mover = position.turn();
  if (position.isKingAttacked(mover === 'white' ? 'black' : 'white')) {
    return fail('invalid_fen', 'Invalid FEN: the side not to move is in check, which no game can reach.');
  }
  if (position.legalMoves().length === 0) {
    return fail('invalid_fen', 'The position is already decided: the side to move has no legal move.');
  }
  if (position.isInsufficientMaterial()) {
    return fail('invalid_fen', 'The position is already a draw: neither side has mating material.');
  }
  if (position.halfmoveClock() >= SEVENTY_FIVE_MOVE_PLIES) {
    return fail('invalid_fen', 'The position is already a draw by the 75-move rule (halfmove clock >= 150).');
  }
  return ok(position.fen());
}

/**
 * FIDE 9.2.3's "same position": same placement, side to move, castling rights and en passant possibilities. The
 * en passant square counts only when the capture is legal.
 */
export function repetitionKey(position: ChessPosition): string {
  const [placement, turn, castling, enPassant] = position.fen().split(' ');
  const ep = enPassant !== '-' && position.hasEnPassantCapture() ? enPassant : '-';
  return `${placement} ${turn} ${castling} ${ep}`;
}

/** How often each position of one game has stood on the board (FIDE 9.2.3 keys). */
export class RepetitionCount {
  private readonly counts = new Map<string, number>();

  /** Count the position now on the board; returns how often it has stood there, this time included. */
  record(position: ChessPosition): number {
    const key = repetitionKey(position);
    const seen = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, seen);
    return seen;
  }

  /** How often the position now on the board has stood there. */
  timesSeen(position: ChessPosition): number {
    return this.counts.get(repetitionKey(position)) ?? 0;
  }
}

/** The draw the side to move may claim now, if any (threefold first, FIDE 9.2; then fifty moves, 9.3). */
export function claimableDraw(position: ChessPosition, repetitions: RepetitionCount): Termination | null {
  if (repetitions.timesSeen(position) >= 3) return 'threefold_repetition';
  if (position.halfmoveClock() >= FIFTY_MOVE_PLIES) return 'fifty_move_rule';
  return null;
}

/**
 * How the game ends by itself after `mover`'s move, or null when it goes on. Never on threefold or fifty moves:
 * those need a claim.
 */
export function automaticOutcome(
  position: ChessPosition,
  repetitions: RepetitionCount,
  mover: Color,
): OutcomeRecord | null {
  const hasLegalMove = position.legalMoves().length > 0;
  if (!hasLegalMove && position.isCheck()) {
    return { result: mover === 'white' ? '1-0' : '0-1', termination: 'checkmate', winner: mover };
  }
  if (!hasLegalMove) return draw('stalemate');
  if (position.isInsufficientMaterial()) return draw('insufficient_material');
  if (repetitions.timesSeen(position) >= 5) return draw('fivefold_repetition');
  if (position.halfmoveClock() >= SEVENTY_FIVE_MOVE_PLIES) return draw('seventy_five_move_rule');
  return null;
}

function draw(termination: Termination): OutcomeRecord {
  return { result: '1/2-1/2', termination, winner: null };
}

/**
 * Can `color` still checkmate with what it has on the board, by any series of legal moves (FIDE 6.9: a side whose
 * time runs out loses, unless the opponent cannot checkmate "by any possible series of legal moves", when the game
 * is drawn)? The test is lichess's (scalachess `InsufficientMatingMaterial(board, color)`), which reads only the
 * material:
 * - a lone king cannot mate;
 * - king and one knight cannot mate a king that has nothing but queens (no piece of its own can block the mate);
 * - king and bishops cannot mate when every bishop on the board stands on one square colour and the other side has
 *   no knight and no pawn (nothing to hem its own king in);
 * - anything else (a pawn, a rook, a queen, two knights, bishops on both colours...) can.
 * Reads the placement field of a FEN.
 */
export function hasMatingMaterial(fen: string, color: Color): boolean {
  const own = color === 'white' ? /[PNBRQ]/gu : /[pnbrq]/gu;
  const placement = fen.split(' ')[0] ?? '';
  const ownPieces = (placement.match(own) ?? []).map((piece) => piece.toLowerCase());
  const otherPieces = (placement.match(color === 'white' ? /[pnbrq]/gu : /[PNBRQ]/gu) ?? []).map((piece) =>
    piece.toLowerCase(),
  );
  if (ownPieces.length === 0) return false;
  if (ownPieces.every((piece) => piece === 'n')) {
    return !(ownPieces.length === 1 && otherPieces.every((piece) => piece === 'q'));
  }
  if (ownPieces.every((piece) => piece === 'b')) {
    const otherHasKnightOrPawn = otherPieces.some((piece) => piece === 'n' || piece === 'p');
    return bishopsOnBothColours(placement) || otherHasKnightOrPawn;
  }
  return true;
}

/** Do the bishops on the board (both sides) stand on both light and dark squares? */
function bishopsOnBothColours(placement: string): boolean {
  const colours = new Set<number>();
  placement.split('/').forEach((rank, rankIndex) => {
    let file = 0;
    for (const symbol of rank) {
      if (/\d/u.test(symbol)) {
        file += Number(symbol);
        continue;
      }
      if (symbol === 'b' || symbol === 'B') colours.add((file + rankIndex) % 2);
      file += 1;
    }
  });
  return colours.size === 2;
}
