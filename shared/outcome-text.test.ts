import { describe, expect, it } from 'vitest';
import {
  outcomeLine,
  personalResult,
  resultComment,
  resultForPlayer,
  resultHeadline,
  scoreText,
} from './outcome-text.js';
import type { Color, GameResult, Termination } from './vocabulary.js';

/** Every way a game ends, with the words each place uses for it (one row per reason and winner). */
const ENDINGS: [Termination, Color | null, string, string][] = [
  ['checkmate', 'black', 'Checkmate — Black wins', 'Black wins by checkmate.'],
  ['resignation', 'white', 'Black resigned — White wins', 'White wins by resignation.'],
  ['timeout', 'white', 'Black ran out of time — White wins', 'White wins by timeout.'],
  ['timeout', null, 'Draw — time ran out with no mating material left', 'Draw by timeout.'],
  ['stalemate', null, 'Draw by stalemate', 'Draw by stalemate.'],
  ['agreement', null, 'Draw by agreement', 'Draw by agreement.'],
  ['threefold_repetition', null, 'Draw by threefold repetition', 'Draw by threefold repetition.'],
  ['fivefold_repetition', null, 'Draw by fivefold repetition', 'Draw by fivefold repetition.'],
  ['fifty_move_rule', null, 'Draw by the fifty-move rule', 'Draw by the fifty-move rule.'],
  ['seventy_five_move_rule', null, 'Draw by the seventy-five-move rule', 'Draw by the seventy-five-move rule.'],
  ['insufficient_material', null, 'Draw by insufficient material', 'Draw by insufficient material.'],
  ['aborted', null, 'Game aborted', 'Game ended by abort.'],
];

function resultOf(termination: Termination, winner: Color | null): GameResult {
  if (termination === 'aborted') return '*';
  return winner === 'white' ? '1-0' : winner === 'black' ? '0-1' : '1/2-1/2';
}

describe('the words for each ending', () => {
  it.each(ENDINGS)('%s (winner %s): headline "%s", PGN comment "%s"', (termination, winner, headline, comment) => {
    const state = { termination, winner, result: resultOf(termination, winner) };
    expect(resultHeadline(state)).toBe(headline);
    expect(resultComment({ termination, winner })).toBe(comment);
  });

  it('says "Game over" when no reason is known', () => {
    expect(resultHeadline({ termination: null, result: '*' })).toBe('Game over');
  });
});

describe('scores', () => {
  it.each([
    ['1-0', '1–0', '1-0'],
    ['0-1', '0–1', '0-1'],
    ['1/2-1/2', '½–½', '1/2-1/2'],
    ['*', 'no result', 'no result'],
  ] as const)('%s is typeset %s and plain %s', (result, typeset, plain) => {
    expect(scoreText(result, 'typeset')).toBe(typeset);
    expect(scoreText(result, 'plain')).toBe(plain);
  });
});

describe('what the result means for one player', () => {
  const won = { status: 'finished', termination: 'checkmate', winner: 'black', result: '0-1' } as const;
  const drawn = { status: 'finished', termination: 'fifty_move_rule', winner: null, result: '1/2-1/2' } as const;
  const aborted = { status: 'finished', termination: 'aborted', winner: null, result: '*' } as const;

  it.each([
    [won, 'black', 'You won!', 'You won (0–1)', '0-1 (checkmate): black won — you won'],
    [won, 'white', 'You lost.', 'You lost (0–1)', '0-1 (checkmate): black won — you lost'],
    [drawn, 'white', 'Draw.', 'A draw (½–½)', '1/2-1/2 (the fifty-move rule): draw'],
    [aborted, 'white', 'No result.', 'Result: no result', '* (aborted): no result'],
  ] as const)('%o for %s: terminal "%s", web "%s", bot "%s"', (state, color, terminal, web, bot) => {
    expect(personalResult(state, color)).toBe(terminal);
    expect(resultForPlayer(state, color)).toBe(web);
    expect(outcomeLine(state, color)).toBe(bot);
  });

  it('gives spectators the score only', () => {
    expect(resultForPlayer(won, null)).toBe('Result: 0–1');
  });

  it("says a bot's game goes on", () => {
    expect(outcomeLine({ status: 'active', termination: null, winner: null, result: '*' }, 'white')).toBe(
      'the game is still active',
    );
  });
});
