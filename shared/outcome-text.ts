/**
 * How a finished game is announced to people, the same words in every client and in the PGN: "Checkmate — White
 * wins", "Black resigned — White wins", "Draw by threefold repetition", "Game aborted"; the score as each medium
 * writes it; and what the result means for one player. This is the one place that words a result: the web pages,
 * the terminal client, the bots and the PGN's closing comment all read it from here.
 */
import type { GameState } from './api-schema.js';
import { opponentOf, type Color, type GameResult, type Termination } from './vocabulary.js';

/** Capitalised side: "White". */
export function sideName(color: Color): string {
  return color === 'white' ? 'White' : 'Black';
}

/** The winner a PGN result names, or null (draw, no result). Lobby rows carry the result but not the winner. */
export function winnerOf(result: GameState['result']): Color | null {
  return result === '1-0' ? 'white' : result === '0-1' ? 'black' : null;
}

/** Each reason as the words after "by": "Draw by the fifty-move rule", "White wins by checkmate." */
const REASON_PHRASES: Record<Termination, string> = {
  checkmate: 'checkmate',
  stalemate: 'stalemate',
  resignation: 'resignation',
  agreement: 'agreement',
  threefold_repetition: 'threefold repetition',
  fivefold_repetition: 'fivefold repetition',
  fifty_move_rule: 'the fifty-move rule',
  seventy_five_move_rule: 'the seventy-five-move rule',
  insufficient_material: 'insufficient material',
  timeout: 'timeout',
  aborted: 'abort',
};

/** The reasons that end a game drawn, each headlined "Draw by <reason>" (a draw on time has its own sentence). */
const DRAW_REASONS: ReadonlySet<Termination> = new Set<Termination>([
  'stalemate',
  'agreement',
  'threefold_repetition',
  'fivefold_repetition',
  'fifty_move_rule',
  'seventy_five_move_rule',
  'insufficient_material',
]);

/** A reason as the words after "by", e.g. `"the fifty-move rule"` for `fifty_move_rule`. */
export function reasonPhrase(termination: Termination): string {
  return REASON_PHRASES[termination];
}

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
  if (termination === 'timeout') return 'Draw — time ran out with no mating material left';
  return DRAW_REASONS.has(termination) ? `Draw by ${reasonPhrase(termination)}` : 'Draw';
}

/**
 * The closing comment of a PGN (without its braces), in plain ASCII as PGN readers expect: "White wins by
 * checkmate.", "Draw by the fifty-move rule.", "Game ended by abort."
 */
export function resultComment(outcome: { termination: Termination; winner: Color | null }): string {
  const reason = reasonPhrase(outcome.termination);
  if (outcome.winner) return `${sideName(outcome.winner)} wins by ${reason}.`;
  if (outcome.termination === 'aborted') return `Game ended by ${reason}.`;
  return `Draw by ${reason}.`;
}

/**
 * The score as people read it. `typeset` (web pages): "1–0", "0–1", "½–½"; `plain` (terminals, logs): the PGN
 * result as is, "1-0", "1/2-1/2". Both write "no result" for `*` (an aborted or unfinished game).
 */
export function scoreText(result: GameResult, style: 'typeset' | 'plain'): string {
  if (result === '*') return 'no result';
  if (style === 'plain') return result;
  return result === '1/2-1/2' ? '½–½' : result.replace('-', '–');
}

/** What a finished game means for one side: won, lost, drawn, or no result (aborted). */
export type PersonalOutcome = 'won' | 'lost' | 'draw' | 'none';

/** The outcome for `color`: `none` while the game goes on and for an aborted game. */
export function personalOutcome(
  state: Pick<GameState, 'termination' | 'winner' | 'result'>,
  color: Color,
): PersonalOutcome {
  if (state.termination === 'aborted') return 'none';
  if (state.result === '1/2-1/2') return 'draw';
  if (!state.winner) return 'none';
  return state.winner === color ? 'won' : 'lost';
}

const TERMINAL_PERSONAL: Record<PersonalOutcome, string> = {
  won: 'You won!',
  lost: 'You lost.',
  draw: 'Draw.',
  none: 'No result.',
};

/** The terminal client's word for this player after the headline: "You won!", "You lost.", "Draw.", "No result." */
export function personalResult(state: Pick<GameState, 'termination' | 'winner' | 'result'>, color: Color): string {
  const outcome = personalOutcome(state, color);
  // A finished game always has a termination; without one there is nothing to say.
  if (outcome === 'none' && state.termination !== 'aborted') return '';
  return TERMINAL_PERSONAL[outcome];
}

/**
 * The web page's line under the headline, with the typeset score: "You won (1–0)", "You lost (0–1)", "A draw
 * (½–½)", and "Result: …" for spectators (`color` null) and aborted games.
 */
export function resultForPlayer(
  state: Pick<GameState, 'termination' | 'winner' | 'result'>,
  color: Color | null,
): string {
  const score = scoreText(state.result, 'typeset');
  const outcome = color === null ? 'none' : personalOutcome(state, color);
  if (outcome === 'won') return `You won (${score})`;
  if (outcome === 'lost') return `You lost (${score})`;
  if (outcome === 'draw') return `A draw (${score})`;
  return `Result: ${score}`;
}

/**
 * The bots' one line for a finished game from one seat, e.g. `0-1 (checkmate): black won — you lost`,
 * `1/2-1/2 (the fifty-move rule): draw`, `* (aborted): no result`.
 */
export function outcomeLine(
  state: Pick<GameState, 'status' | 'termination' | 'winner' | 'result'>,
  color: Color,
): string {
  if (state.status !== 'finished') return `the game is still ${state.status}`;
  if (state.termination === 'aborted') return `* (aborted): no result`;
  const reason = state.termination ? reasonPhrase(state.termination) : 'unknown';
  const score = scoreText(state.result, 'plain');
  if (!state.winner) return `${score} (${reason}): draw`;
  return `${score} (${reason}): ${state.winner} won — you ${state.winner === color ? 'won' : 'lost'}`;
}
