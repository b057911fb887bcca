/**
 * Board helpers for display, shared by the web pages and the terminal client: FEN placement to squares, piece
 * names and glyphs, captured pieces and material. Display only: no move legality here (that is the server's).
 */
import type { Color } from './vocabulary.js';

export const FILES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
export const RANKS = ['1', '2', '3', '4', '5', '6', '7', '8'] as const;
export const PIECE_TYPES = ['k', 'q', 'r', 'b', 'n', 'p'] as const;
export type PieceType = (typeof PIECE_TYPES)[number];

/** A piece on the board, e.g. `{color: 'white', type: 'n'}`. */
export interface Piece {
  color: Color;
  type: PieceType;
}

/** One square with its name and piece (or null), e.g. `{name: 'e4', file: 4, rank: 3, piece: null}`. */
export interface Square {
  name: string;
  /** 0 (a) .. 7 (h) */
  file: number;
  /** 0 (rank 1) .. 7 (rank 8) */
  rank: number;
  piece: Piece | null;
  /** Light squares are those where file + rank is odd (a1 is dark). */
  isLight: boolean;
}

export const PIECE_NAMES: Record<PieceType, string> = {
  k: 'king',
  q: 'queen',
  r: 'rook',
  b: 'bishop',
  n: 'knight',
  p: 'pawn',
};

/** Unicode chess glyphs; callers append U+FE0E where emoji rendering must be avoided. */
export const PIECE_GLYPHS: Record<Color, Record<PieceType, string>> = {
  white: { k: '♔', q: '♕', r: '♖', b: '♗', n: '♘', p: '♙' },
  black: { k: '♚', q: '♛', r: '♜', b: '♝', n: '♞', p: '♟' },
};

/** Text presentation selector: keeps glyphs like ♟ from turning into emoji. */
export const TEXT_PRESENTATION = '\uFE0E';

/** Material values in pawns. */
export const PIECE_VALUES: Record<PieceType, number> = { k: 0, q: 9, r: 5, b: 3, n: 3, p: 1 };

const START_COUNTS: Record<PieceType, number> = { k: 1, q: 1, r: 2, b: 2, n: 2, p: 8 };

/** FEN letter of a piece: uppercase for white. */
export function pieceLetter(piece: Piece): string {
  return piece.color === 'white' ? piece.type.toUpperCase() : piece.type;
}

/** Glyph of a piece, with the text presentation selector. */
export function pieceGlyph(piece: Piece): string {
  return PIECE_GLYPHS[piece.color][piece.type] + TEXT_PRESENTATION;
}

/** "white knight" */
export function pieceName(piece: Piece): string {
  return `${piece.color} ${PIECE_NAMES[piece.type]}`;
}

/** Square name from 0-based file and rank: (4, 3) -> "e4". */
export function squareName(file: number, rank: number): string {
  return `${FILES[file]}${RANKS[rank]}`;
}

/**
 * The 64 squares of a FEN's placement, indexed [rank][file] with rank 0 = rank 1. Throws on a malformed
 * placement (FENs come from the server, so that is a bug).
 */
export function parsePlacement(fen: string): Square[][] {
  const placement = fen.split(' ')[0] ?? '';
  const rows = placement.split('/');
  if (rows.length !== 8) throw new Error(`Malformed FEN placement: ${placement}`);
  const board: Square[][] = Array.from({ length: 8 }, () => []);
  rows.forEach((row, index) => {
    const rank = 7 - index;
    let file = 0;
    for (const char of row) {
      if (/\d/u.test(char)) {
        for (let n = 0; n < Number(char); n++, file++) board[rank]!.push(makeSquare(file, rank, null));
      } else {
        const type = char.toLowerCase() as PieceType;
        if (!PIECE_TYPES.includes(type)) throw new Error(`Malformed FEN placement: ${placement}`);
        board[rank]!.push(makeSquare(file, rank, { color: char === type ? 'black' : 'white', type }));
        file++;
      }
    }
    if (file !== 8) throw new Error(`Malformed FEN placement: ${placement}`);
  });
  return board;
}

function makeSquare(file: number, rank: number, piece: Piece | null): Square {
  return { name: squareName(file, rank), file, rank, piece, isLight: (file + rank) % 2 === 1 };
}

/**
 * Rows of squares as seen by `orientation`: white sees rank 8 at the top and a..h left to right; black sees
 * rank 1 at the top and h..a.
 */
export function orientedRows(board: Square[][], orientation: Color): Square[][] {
  const rows = [...board].reverse().map((row) => [...row]);
  return orientation === 'white' ? rows : rows.reverse().map((row) => row.reverse());
}

/** The square a king of `color` stands on, or null. */
export function kingSquare(board: Square[][], color: Color): string | null {
  for (const row of board) {
    for (const square of row) if (square.piece?.type === 'k' && square.piece.color === color) return square.name;
  }
  return null;
}

/** Pieces each side has lost (what the other side captured), most valuable first, and the material balance. */
export interface MaterialCount {
  /** Pieces of this colour missing from the board, e.g. `{white: ['n', 'p'], black: []}`. */
  lost: Record<Color, PieceType[]>;
  /** White's material minus black's, in pawns (positive: white is ahead). */
  balance: number;
}

/**
 * Material from the position alone: lost pieces are those missing against the standard set (a promoted pawn
 * counts as its new piece, so a side with two queens has lost a pawn and "lost" -1 queens, which we floor at 0).
 */
export function materialCount(fen: string): MaterialCount {
  const counts: Record<Color, Record<PieceType, number>> = {
    white: { k: 0, q: 0, r: 0, b: 0, n: 0, p: 0 },
    black: { k: 0, q: 0, r: 0, b: 0, n: 0, p: 0 },
  };
  for (const row of parsePlacement(fen))
    for (const square of row) if (square.piece) counts[square.piece.color][square.piece.type]++;
  const lost = { white: [] as PieceType[], black: [] as PieceType[] };
  let balance = 0;
  for (const color of ['white', 'black'] as const) {
    for (const type of ['q', 'r', 'b', 'n', 'p'] as const) {
      const missing = Math.max(0, START_COUNTS[type] - counts[color][type]);
      for (let n = 0; n < missing; n++) lost[color].push(type);
      balance += (color === 'white' ? 1 : -1) * counts[color][type] * PIECE_VALUES[type];
    }
  }
  return { lost, balance };
}
