/**
 * SAN labels for the server's legal moves (which arrive in UCI), for completions and "did you mean". Display
 * only: the server decided which moves are legal; this only names them. Check marks are left out (knowing them
 * would take move generation, which is the server's job), and the server reads SAN without them.
 */
import { moveKey } from '../shared/move-input.js';
import type { MoveCandidate } from '../shared/move-suggestion.js';
import { parsePlacement, type Square } from '../shared/board.js';
import { UCI_MOVE_PATTERN } from '../shared/vocabulary.js';

/** Each legal UCI move with its SAN, e.g. `[{uci: 'g1f3', san: 'Nf3'}, ...]`, in the server's order. */
export function labelMoves(fen: string, legalMoves: readonly string[]): Required<MoveCandidate>[] {
  const board = parsePlacement(fen);
  const at = (name: string): Square => board[Number(name[1]) - 1]![name.charCodeAt(0) - 97]!;
  return legalMoves.flatMap((uci) => {
    const match = UCI_MOVE_PATTERN.exec(uci);
    if (!match) return [];
    const [, from, to, promotion] = match as unknown as [string, string, string, string | undefined];
    const piece = at(from).piece;
    if (!piece) return [{ uci, san: uci }];
    const isCapture = at(to).piece !== null;
    if (piece.type === 'k' && Math.abs(from.charCodeAt(0) - to.charCodeAt(0)) === 2) {
      return [{ uci, san: to[0] === 'g' ? 'O-O' : 'O-O-O' }];
    }
    if (piece.type === 'p') {
      const capture = from[0] !== to[0] ? `${from[0]}x` : '';
      return [{ uci, san: `${capture}${to}${promotion ? `=${promotion.toUpperCase()}` : ''}` }];
    }
    const rivals = legalMoves.filter(
      (other) => other !== uci && other.slice(2, 4) === to && at(other.slice(0, 2)).piece?.type === piece.type,
    );
    let disambiguation = '';
    if (rivals.length > 0) {
      const sameFile = rivals.some((other) => other[0] === from[0]);
      const sameRank = rivals.some((other) => other[1] === from[1]);
      disambiguation = !sameFile ? from[0]! : !sameRank ? from[1]! : from;
    }
    return [{ uci, san: `${piece.type.toUpperCase()}${disambiguation}${isCapture ? 'x' : ''}${to}` }];
  });
}

/** Does the input look like squares (e2e4, e2 e4) rather than SAN? Then completions are shown in UCI. */
export function looksLikeCoordinates(input: string): boolean {
  // A second square has begun (`e2e`, `e2-e4`), or only the first is typed so far and a file may follow (`e2`
  // alone is a pawn move, `e8q` a promotion in SAN).
  return /^[a-h][1-8]\s*[-x]?\s*[a-h]/iu.test(input.trim());
}

/** The order Tab offers the pieces a pawn may become: the queen first. */
const PROMOTION_ORDER = 'qrbn';

function promotionRank(uci: string): number {
  return uci.length === 5 ? PROMOTION_ORDER.indexOf(uci[4]!) : -1;
}

/**
 * The promotion a typed move leaves open: `e8`, `e7e8`, `e7-e8`, `exd8` when only the piece is missing from a
 * legal move (the server's list has `e7e8q`, `e7e8r`…), e.g. `{from: 'e7', to: 'e8'}`; else null.
 */
export function openPromotion(
  input: string,
  labelled: readonly Required<MoveCandidate>[],
): { from: string; to: string } | null {
  const typed = moveKey(input);
  if (typed === '') return null;
  if (labelled.some((move) => move.uci === typed || moveKey(move.san) === typed)) return null;
  const squares = new Set(
    labelled
      .filter(
        (move) => move.uci.length === 5 && (move.uci.startsWith(typed) || moveKey(move.san).slice(0, -1) === typed),
      )
      .map((move) => move.uci.slice(0, 4)),
  );
  if (squares.size !== 1) return null;
  const [fromTo] = squares as unknown as [string];
  return { from: fromTo.slice(0, 2), to: fromTo.slice(2, 4) };
}

/**
 * Legal moves that complete what was typed so far, in the notation being typed, e.g. `"N"` -> `["Nf3", "Nc3", …]`,
 * `"e2"` -> `["e2e3", "e2e4"]`, `"e"` -> `["e3", "e4"]`. Empty input completes to nothing.
 */
export function completeMove(input: string, labelled: readonly Required<MoveCandidate>[]): string[] {
  const typed = moveKey(input);
  if (typed === '') return [];
  const asCoordinates = looksLikeCoordinates(input);
  const found = new Set<string>();
  // Promotions in Tab's order (queen first), whatever order the server listed them in; the rest as listed.
  const ordered = [...labelled].sort((a, b) =>
    a.uci.slice(0, 4) === b.uci.slice(0, 4) ? promotionRank(a.uci) - promotionRank(b.uci) : 0,
  );
  for (const move of ordered) {
    const sanHit = moveKey(move.san).startsWith(typed);
    const uciHit = typed.length >= 2 && move.uci.startsWith(typed);
    if (asCoordinates ? uciHit : sanHit || uciHit) found.add(asCoordinates || !sanHit ? move.uci : move.san);
  }
  return [...found];
}
