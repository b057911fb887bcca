import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { GameState } from '../../shared/api-schema.js';
import type { Termination } from '../../shared/vocabulary.js';
import { FOOLS_MATE, KNIGHT_SHUFFLE, playGame } from '../../test/support/real-games.js';
import { GameOverBanner } from './game-over-banner.js';

/** Every termination from a real game, except timeout: games have no clocks yet, so that state is made by hand. */
function finished(termination: Termination): GameState {
  switch (termination) {
    case 'checkmate':
      return playGame(FOOLS_MATE).state;
    case 'stalemate':
      return playGame(['Qb6'], { fen: 'k7/8/8/8/8/8/1Q6/K7 w - - 0 1' }).state;
    case 'resignation':
      return playGame(['e4', { resign: 'black' }]).state;
    case 'agreement':
      return playGame(['e4', { draw: 'offer', by: 'white' }, { draw: 'accept', by: 'black' }]).state;
    case 'threefold_repetition':
      return playGame([...KNIGHT_SHUFFLE, ...KNIGHT_SHUFFLE, { draw: 'claim', by: 'white' }]).state;
    case 'fivefold_repetition':
      return playGame([...KNIGHT_SHUFFLE, ...KNIGHT_SHUFFLE, ...KNIGHT_SHUFFLE, ...KNIGHT_SHUFFLE]).state;
    case 'fifty_move_rule':
      return playGame(['Kb1', { draw: 'claim', by: 'black' }], { fen: 'k7/8/8/8/8/8/1R6/K7 w - - 99 80' }).state;
    case 'seventy_five_move_rule':
      return playGame(['Kb1'], { fen: 'k7/8/8/8/8/8/1R6/K7 w - - 149 80' }).state;
    case 'insufficient_material':
      return playGame(['Kxd2'], { fen: '4k3/8/8/8/8/8/3p4/4K3 w - - 0 1' }).state;
    case 'timeout':
      return {
        ...playGame(['e4']).state,
        status: 'finished',
        result: '1-0',
        termination: 'timeout',
        winner: 'white',
        legalMoves: [],
      };
    case 'aborted':
      return playGame([{ abort: 'white' }]).state;
  }
}

const EXPECTED: [Termination, string, string][] = [
  ['checkmate', 'GAME OVER 0-1  Checkmate — Black wins. You lost.', 'You won!'],
  ['stalemate', 'GAME OVER 1/2-1/2  Draw by stalemate. Draw.', 'Draw.'],
  ['resignation', 'GAME OVER 1-0  Black resigned — White wins. You won!', 'You lost.'],
  ['agreement', 'GAME OVER 1/2-1/2  Draw by agreement. Draw.', 'Draw.'],
  ['threefold_repetition', 'GAME OVER 1/2-1/2  Draw by threefold repetition. Draw.', 'Draw.'],
  ['fivefold_repetition', 'GAME OVER 1/2-1/2  Draw by fivefold repetition. Draw.', 'Draw.'],
  ['fifty_move_rule', 'GAME OVER 1/2-1/2  Draw by the fifty-move rule. Draw.', 'Draw.'],
  ['seventy_five_move_rule', 'GAME OVER 1/2-1/2  Draw by the seventy-five-move rule. Draw.', 'Draw.'],
  ['insufficient_material', 'GAME OVER 1/2-1/2  Draw by insufficient material. Draw.', 'Draw.'],
  ['timeout', '⚑ FLAG  GAME OVER 1-0  Black ran out of time — White wins. You won!', 'You lost.'],
  ['aborted', 'GAME OVER no result  Game aborted. No result.', 'No result.'],
];

describe('GameOverBanner', () => {
  it.each(EXPECTED)('%s: result, reason and what it means for each side', (termination, asWhite, blackWords) => {
    const state = finished(termination);
    expect(state.termination).toBe(termination);
    const white = render(<GameOverBanner game={state} color="white" />).lastFrame()!;
    const lines = white.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^║ ${asWhite.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}\\s*║$`, 'u'));
    expect(render(<GameOverBanner game={state} color="black" />).lastFrame()).toContain(blackWords);
  });

  it('a draw on time (the other side cannot mate) fits in 80 columns', () => {
    const drawn: GameState = { ...finished('timeout'), result: '1/2-1/2', winner: null };
    const frame = render(
      <Box width={80}>
        <GameOverBanner game={drawn} color="white" />
      </Box>,
    ).lastFrame()!;
    expect(frame).toContain('⚑ FLAG  GAME OVER 1/2-1/2  Draw — time ran out with no mating material left.');
    expect(frame.split('\n').every((row) => row.length <= 80)).toBe(true);
  });
});
