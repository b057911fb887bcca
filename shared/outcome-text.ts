/**
 * How a finished game is announced to people, the same words in every client: "Checkmate — White wins",
 * "Black resigned — White wins", "Draw by threefold repetition", "Game aborted".
 */
import type { GameState } from './api-schema.js';
import { opponentOf, type Color, type Termination } from './vocabulary.js';

/** Capitalised side: "White". */
export function sideName(color: Color): string {
  return color === 'white' ? 'White' : 'Black';
}

/** The winner a PGN result names, or null (draw, no result). Lobby rows carry the result but not the winner. */
export function winnerOf(result: GameState['result']): Color | null {
  return result === '1-0' ? 'white' : result === '0-1' ? 'black' : null;
}

const DRAW_HEADLINES: Partial<Record<Termination, string>> = {
  stalemate: 'Draw by stalemate',
  agreement: 'Draw by agreement',
  threefold_repetition: 'Draw by threefold repetition',
  fivefold_repetition: 'Draw by fivefold repetition',
  fifty_move_rule: 'Draw by the fifty-move rule',
  seventy_five_move_rule: 'Draw by the seventy-five-move rule',
  insufficient_material: 'Draw by insufficient material',
  timeout: 'Draw — time ran out with no mating material left',
};

/** The game-over headline of a finished game; "Game over" when no reason is known. */
export function resultHeadline(state: Pick<GameState, 'termination' | 'result'>): string {
  const { termination } = state;
  const winner = winnerOf(state.result);
  if (!termination) return 'Game over';
  if (termination === 'aborted') return 'Game aborted';
  if (winner) {
    const wins = `${sideName(winner)} wins`;
    const loser = sideName(opponentOf(winner));
    if (termination === 'checkmate') return `Checkmate — ${wins}`;
    if (termination === 'resignation') return `${loser} resigned — ${wins}`;
    if (termination === 'timeout') return `${loser} ran out of time — ${wins}`;
    return wins;
  }
  return DRAW_HEADLINES[termination] ?? 'Draw';
}
