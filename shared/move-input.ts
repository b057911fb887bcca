/**
 * Forgiving move input for people: turns what a player types into the text the API reads (UCI or SAN).
 * `E2 E4`, `e2-e4`, `e2xd3` -> `e2e4`/`e2d3`; `0-0`, `o-o` -> `O-O`; `nf3`, `NF3` -> `Nf3`; `E4` -> `e4`;
 * `e8q`, `e8=q` -> `e8=Q`;
 * long algebraic with a piece letter, `Ng1-f3`, `Bf1xc4+` -> `g1f3`, `f1c4`.
 * It only rewrites notation; whether the move is legal is the server's answer.
 */

const COORDINATES = /^([a-h])\s*([1-8])\s*[-x:\s]?\s*([a-h])\s*([1-8])\s*=?\s*([qrbn])?$/iu;
const LONG_ALGEBRAIC = /^[kqrbn]\s*([a-h][1-8])\s*[-x:]?\s*([a-h][1-8])[+#]?$/iu;
const CASTLE_LONG = /^[0o]-?[0o]-?[0o][+#]?$/iu;
const CASTLE_SHORT = /^[0o]-?[0o][+#]?$/iu;
const PAWN_PROMOTION = /^([a-h](?:x[a-h])?[18])=?([qrbn])([+#]?)$/iu;
const PAWN_MOVE = /^[a-h](?:x[a-h])?[1-8][+#]?$/iu;
const PIECE_MOVE = /^([kqrbn])([a-h]?[1-8]?x?[a-h][1-8][+#]?)$/iu;

/**
 * The comparable form of any move text, typed or listed: lowercase, without `x - : = + # ! ?` and spaces, zeros
 * read as o. `"Nxf3+"` -> `"nf3"`, `"0-0"` -> `"oo"`, `"e7-e8=Q"` -> `"e7e8q"`. For matching and "did you mean";
 * what is sent to the server is `normalizeMoveInput`'s answer.
 */
export function moveKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\-=+#!?x:]/gu, '')
    .replace(/0/gu, 'o');
}

/** The API text for a typed move, or null when the input is empty. */
export function normalizeMoveInput(input: string): string | null {
  const text = input.trim().replace(/[!?]+$/u, '');
  if (text === '') return null;

  const coordinates = COORDINATES.exec(text);
  if (coordinates) {
    const [, fromFile, fromRank, toFile, toRank, promotion] = coordinates;
    return `${fromFile}${fromRank}${toFile}${toRank}${promotion ?? ''}`.toLowerCase();
  }
  // The piece letter adds nothing to the two squares (and the server knows which piece stands there).
  const longAlgebraic = LONG_ALGEBRAIC.exec(text);
  if (longAlgebraic) return `${longAlgebraic[1]}${longAlgebraic[2]}`.toLowerCase();
  if (CASTLE_LONG.test(text)) return `O-O-O${text.endsWith('+') || text.endsWith('#') ? text.slice(-1) : ''}`;
  if (CASTLE_SHORT.test(text)) return `O-O${text.endsWith('+') || text.endsWith('#') ? text.slice(-1) : ''}`;

  const promotion = PAWN_PROMOTION.exec(text);
  if (promotion) {
    const [, body, piece, mark] = promotion;
    return `${body!.toLowerCase()}=${piece!.toUpperCase()}${mark}`;
  }
  // SAN in any case (`E4`, `NF3`, `EXD5`, `qxf7#`). The piece letter decides what moves: N, R, Q, K in either
  // case and an uppercase B are pieces; a lowercase b is the b-pawn when that reads as a pawn move (b4, bxc3) and
  // a bishop otherwise (bc4), as SAN reads it. Everything but the piece letter is lowercase.
  const pawn = PAWN_MOVE.exec(text);
  if (pawn && text[0] !== 'B') return text.toLowerCase();
  const piece = PIECE_MOVE.exec(text);
  if (piece) {
    const [, letter, rest] = piece;
    return `${letter!.toUpperCase()}${rest!.toLowerCase()}`;
  }
  return pawn ? text.toLowerCase() : text;
}
