/**
 * Why a typed move is illegal, in words a player understands: no such piece, it cannot move that way, the path is
 * blocked, it is pinned, the king is in check, castling rights or squares. Pure: it reads the position only through
 * ChessPosition (the one chess.js importer) and is asked only after the move was found illegal, so it may take its
 * time (a pseudo-legal move generation, a few square lookups).
 *
 * The reason's `code` travels in the illegal_move error's details as `reason`; `text` is one sentence for people.
 */
import { normalizeMoveInput } from '../../shared/move-input.js';
import { opponentOf, type Color } from '../../shared/vocabulary.js';
import type { ChessPosition, Piece } from './chess-position.js';
import { parseUci } from './notation.js';

/** The short codes of IllegalReason (API.md's illegal_move row lists them). */
export const ILLEGAL_REASONS = [
  'no_piece',
  'cannot_reach',
  'occupied',
  'blocked',
  'pinned',
  'in_check',
  'into_check',
  'castling',
  'promotion',
  'ambiguous',
  'notation',
  'no_such_move',
] as const;
export type IllegalReasonCode = (typeof ILLEGAL_REASONS)[number];

/** Why a move is illegal: a code for programs and a sentence for people. */
export interface IllegalReason {
  code: IllegalReasonCode;
  /** One sentence, e.g. "The bishop on f1 is blocked by the white pawn on e2." */
  text: string;
}

type PieceType = Piece['type'];

const NAMES: Record<PieceType, string> = {
  k: 'king',
  q: 'queen',
  r: 'rook',
  b: 'bishop',
  n: 'knight',
  p: 'pawn',
};

const SAN = /^([KQRBN])?([a-h])?([1-8])?(x)?([a-h][1-8])(?:=?([QRBN]))?[+#]?$/u;

/** How near a reason came to a legal move, to pick one when several pieces could be meant (highest first). */
const NEARNESS: Record<IllegalReasonCode, number> = {
  in_check: 9,
  pinned: 9,
  into_check: 9,
  castling: 8,
  promotion: 8,
  notation: 8,
  ambiguous: 8,
  blocked: 7,
  occupied: 6,
  cannot_reach: 2,
  no_piece: 1,
  no_such_move: 0,
};

const reason = (code: IllegalReasonCode, text: string): IllegalReason => ({ code, text });

/**
 * Why `typed` (any notation shared/move-input.ts reads) is not a legal move for the side to move in `position`.
 * Call it only for a move the position refused.
 */
export function illegalReason(position: ChessPosition, typed: string): IllegalReason {
  const text = normalizeMoveInput(typed) ?? '';
  const color = position.turn();
  const castle = /^(O-O(?:-O)?)[+#]?$/u.exec(text);
  if (castle) return castlingReason(position, color, castle[1] === 'O-O' ? 'kingside' : 'queenside');
  const uci = parseUci(text);
  if (uci) return moveReason(position, color, uci.from, uci.to, uci.promotion);
  const san = SAN.exec(text);
  if (san) return sanReason(position, color, san);
  return reason(
    'no_such_move',
    `"${typed.trim()}" is not a move in any notation Rookery reads: try e4, Nf3, e2e4 or O-O.`,
  );
}

function sanReason(position: ChessPosition, color: Color, match: RegExpExecArray): IllegalReason {
  const [, letter, fromFile, fromRank, , to, promotion] = match;
  const type = (letter?.toLowerCase() ?? 'p') as PieceType;
  const name = NAMES[type];
  let sources = position.squaresOf({ type, color });
  if (type === 'p') {
    // A pawn push names no file (it is the target's); a capture names the file it comes from.
    const file = fromFile ?? to![0]!;
    sources = sources.filter((square) => square[0] === file);
  } else {
    sources = sources.filter(
      (square) => (!fromFile || square[0] === fromFile) && (!fromRank || square[1] === fromRank),
    );
  }
  if (sources.length === 0) {
    const where = fromFile || fromRank ? ` on ${fromFile ? `the ${fromFile}-file` : `rank ${fromRank}`}` : '';
    const pawnWhere = type === 'p' ? ` on the ${fromFile ?? to![0]}-file` : where;
    return reason('no_piece', `You have no ${name}${pawnWhere}.`);
  }
  const target = position.pieceAt(to!);
  if (target?.color === color) return reason('occupied', `Your own ${NAMES[target.type]} stands on ${to}.`);
  const promo = promotion?.toLowerCase();
  // The SAN of each legal move from the named pieces to the target (the position writes them).
  const reaching = position
    .moveCandidates()
    .filter(
      (move) =>
        sources.includes(move.uci.slice(0, 2)) &&
        move.uci.slice(2, 4) === to &&
        (promo === undefined || move.uci.slice(4) === promo),
    );
  const fromSquares = new Set(reaching.map((move) => move.uci.slice(0, 2)));
  if (fromSquares.size > 1) {
    const options = reaching.map((move) => move.san).join(' or ');
    return reason('ambiguous', `More than one ${name} can go to ${to}: write ${options}.`);
  }
  if (reaching.length === 1) {
    const [move] = reaching;
    return reason('notation', `Write it as ${move!.san} (${move!.uci}).`);
  }
  const reasons = sources.map((from) => moveReason(position, color, from, to!, promo as Piece['type'] | undefined));
  const best = reasons.reduce((a, b) => (NEARNESS[b.code] > NEARNESS[a.code] ? b : a));
  if (sources.length > 1 && best.code === 'cannot_reach') {
    return reason('cannot_reach', `None of your ${name}s can reach ${to} from where they stand.`);
  }
  return best;
}

/** Why one piece's move from `from` to `to` is illegal. */
function moveReason(
  position: ChessPosition,
  color: Color,
  from: string,
  to: string,
  promotion?: string | undefined,
): IllegalReason {
  const piece = position.pieceAt(from);
  if (!piece) return reason('no_piece', `There is no piece on ${from}.`);
  if (piece.color !== color) {
    return reason('no_piece', `The ${describe(piece)} on ${from} is not yours: you play ${color}.`);
  }
  const name = NAMES[piece.type];
  if (from === to) return reason('no_such_move', 'A move must go to another square.');
  if (piece.type === 'k' && from[0] === 'e' && from[1] === to[1] && (to[0] === 'g' || to[0] === 'c')) {
    if (from[1] === (color === 'white' ? '1' : '8')) {
      return castlingReason(position, color, to[0] === 'g' ? 'kingside' : 'queenside');
    }
  }
  const target = position.pieceAt(to);
  if (target?.color === color) return reason('occupied', `Your own ${NAMES[target.type]} stands on ${to}.`);
  const path = pathOf(position, piece, from, to);
  if ('why' in path) return reason('cannot_reach', `The ${name} on ${from} cannot go to ${to}: ${path.why}.`);
  const blocker = path.between.find((square) => position.pieceAt(square) !== null);
  if (blocker) {
    const other = position.pieceAt(blocker)!;
    return reason('blocked', `The ${name} on ${from} is blocked by the ${describe(other)} on ${blocker}.`);
  }
  if (piece.type === 'p' && from[0] === to[0] && target) {
    return reason('blocked', `The pawn on ${from} is blocked by the ${describe(target)} on ${to}.`);
  }
  const lastRank = color === 'white' ? '8' : '1';
  if (piece.type === 'p' && to[1] === lastRank && !promotion) {
    return reason('promotion', `Say which piece the pawn becomes, e.g. ${to}=Q (${from}${to}q).`);
  }
  if (promotion && (piece.type !== 'p' || to[1] !== lastRank)) {
    return reason('no_such_move', 'Only a pawn reaching the last rank is promoted.');
  }
  const uci = `${from}${to}${promotion ?? ''}`;
  if (position.isLegalUci(uci)) return reason('notation', `Write it as ${uci}.`);
  if (position.pseudoLegalMoves().includes(uci)) {
    if (piece.type === 'k') return reason('into_check', `Your king would be in check on ${to}.`);
    if (position.isCheck()) return reason('in_check', 'Your king is in check, and this move does not answer it.');
    return reason('pinned', `The ${name} on ${from} is pinned: moving it would leave your king in check.`);
  }
  return reason('no_such_move', `The ${name} on ${from} cannot go to ${to}.`);
}

function castlingReason(position: ChessPosition, color: Color, side: 'kingside' | 'queenside'): IllegalReason {
  const rank = color === 'white' ? '1' : '8';
  if (!position.castlingRights(color)[side]) {
    return reason('castling', `You can no longer castle ${side}: your king or that rook has moved.`);
  }
  if (position.isCheck()) return reason('in_check', 'You cannot castle out of check.');
  const between = (side === 'kingside' ? ['f', 'g'] : ['b', 'c', 'd']).map((file) => `${file}${rank}`);
  const occupied = between.find((square) => position.pieceAt(square) !== null);
  if (occupied) {
    const piece = position.pieceAt(occupied)!;
    return reason(
      'blocked',
      `Castling ${side} needs ${between.join(', ')} empty: the ${describe(piece)} stands on ${occupied}.`,
    );
  }
  const crossed = (side === 'kingside' ? ['f', 'g'] : ['d', 'c']).map((file) => `${file}${rank}`);
  const attacked = crossed.find((square) => position.isAttackedBy(square, opponentOf(color)));
  if (attacked) {
    return reason('castling', `Your king would cross or land on ${attacked}, which is attacked.`);
  }
  return reason('castling', `You cannot castle ${side} here.`);
}

function describe(piece: Piece): string {
  return `${piece.color} ${NAMES[piece.type]}`;
}

/** The squares strictly between `from` and `to` if this piece moves that way on an empty board, or why not. */
function pathOf(
  position: ChessPosition,
  piece: Piece,
  from: string,
  to: string,
): { between: string[] } | { why: string } {
  const df = to.charCodeAt(0) - from.charCodeAt(0);
  const dr = Number(to[1]) - Number(from[1]);
  const line = (): string[] => {
    const steps = Math.max(Math.abs(df), Math.abs(dr));
    const squares: string[] = [];
    for (let i = 1; i < steps; i++) {
      squares.push(
        `${String.fromCharCode(from.charCodeAt(0) + Math.sign(df) * i)}${Number(from[1]) + Math.sign(dr) * i}`,
      );
    }
    return squares;
  };
  const diagonal = Math.abs(df) === Math.abs(dr);
  const straight = df === 0 || dr === 0;
  switch (piece.type) {
    case 'n':
      return Math.abs(df * dr) === 2
        ? { between: [] }
        : { why: 'a knight moves two squares one way and one to the side' };
    case 'b':
      return diagonal ? { between: line() } : { why: 'a bishop moves diagonally' };
    case 'r':
      return straight ? { between: line() } : { why: 'a rook moves along a rank or a file' };
    case 'q':
      return diagonal || straight ? { between: line() } : { why: 'a queen moves along a rank, a file or a diagonal' };
    case 'k':
      return Math.max(Math.abs(df), Math.abs(dr)) === 1
        ? { between: [] }
        : { why: 'a king moves one square at a time (two only when castling)' };
    case 'p': {
      const forward = piece.color === 'white' ? 1 : -1;
      const startRank = piece.color === 'white' ? '2' : '7';
      if (df === 0 && dr === forward) return { between: [] };
      if (df === 0 && dr === 2 * forward) {
        return from[1] === startRank ? { between: line() } : { why: 'a pawn moves two squares only from its start' };
      }
      if (df === 0 && Math.sign(dr) === forward) return { why: 'a pawn moves one square forward (two from its start)' };
      if (Math.abs(df) === 1 && dr === forward) {
        const enPassant = position.fen().split(' ')[3];
        if (position.pieceAt(to) === null && to !== enPassant) {
          return { why: `a pawn moves diagonally only to capture, and there is nothing to capture on ${to}` };
        }
        return { between: [] };
      }
      return { why: 'a pawn moves straight forward, and captures one square diagonally forward' };
    }
  }
}
