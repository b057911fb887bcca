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
  return /^[a-h][1-8]\s*[-x]?\s*[a-h]?/iu.test(input.trim()) && !/^[a-h][1-8]$/iu.test(input.trim());
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
  for (const move of labelled) {
    if (asCoordinates) {
      if (move.uci.startsWith(typed)) found.add(move.uci);
    } else if (moveKey(move.san).startsWith(typed) || (typed.length >= 2 && move.uci.startsWith(typed))) {
      found.add(moveKey(move.san).startsWith(typed) ? move.san : move.uci);
    }
  }
  return [...found];
}
