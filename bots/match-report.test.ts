import { describe, expect, it } from 'vitest';
import { playGame } from '../test/support/real-games.js';
import type { GameState } from '../shared/api-schema.js';
import { flaggedSide, gameRow, headerRow, summaryLines, type PlayedGame } from './match-report.js';

/** A finished game's state with the fields the report reads. */
function finished(overrides: Partial<GameState>): PlayedGame['state'] {
  return {
    id: 'g1',
    status: 'finished',
    result: '*',
    termination: null,
    winner: null,
    turn: 'white',
    uci: [],
    clock: null,
    ...overrides,
  };
}

const flagWhite = finished({
  result: '0-1',
  termination: 'timeout',
  winner: 'black',
  turn: 'white',
  uci: ['e2e4', 'e7e5', 'g1f3', 'b8c6'],
  clock: { whiteMs: 0, blackMs: 41_230, running: null, deadline: null },
});
const drawOnTime = finished({
  result: '1/2-1/2',
  termination: 'timeout',
  turn: 'black',
  clock: { whiteMs: 3100, blackMs: 0, running: null, deadline: null },
});

describe('who ran out of time', () => {
  it('is the loser of a game lost on time, the side to move of a game drawn on time, nobody otherwise', () => {
    expect(flaggedSide(flagWhite)).toBe('white');
    expect(flaggedSide(drawOnTime)).toBe('black');
    const mate = playGame(['f3', 'e5', 'g4', 'Qh4']).state;
    expect(flaggedSide(mate)).toBeNull();
    expect(flaggedSide(finished({ termination: 'aborted' }))).toBeNull();
  });
});

describe('the match table', () => {
  it('words the ending as every client does, and shows the final clocks of timed games', () => {
    const game: PlayedGame = { number: 3, white: 'random', black: 'Stockfish 15.1', state: flagWhite };
    expect(headerRow(true)).toMatch(/^game {2}white +black +result +plies {2}clocks +how it ended$/u);
    expect(gameRow(game, true)).toMatch(
      /^ {3}3 {2}random +Stockfish 15\.1 +0-1 +4 {2}0\.0 0:41 +White ran out of time — Black wins$/u,
    );
    const mate: PlayedGame = { number: 12, white: 'a', black: 'b', state: playGame(['f3', 'e5', 'g4', 'Qh4']).state };
    expect(gameRow(mate, false)).toMatch(/^ {2}12 {2}a +b +0-1 +4 {2}Checkmate — Black wins$/u);
    expect(headerRow(false)).not.toContain('clocks');
  });

  it('sums the score and counts the flags of each player whatever colour they had', () => {
    const games: PlayedGame[] = [
      { number: 1, white: 'A', black: 'B', state: flagWhite },
      { number: 2, white: 'B', black: 'A', state: drawOnTime },
      {
        number: 3,
        white: 'A',
        black: 'B',
        state: finished({ result: '1-0', termination: 'checkmate', winner: 'white' }),
      },
      { number: 4, white: 'B', black: 'A', state: finished({ termination: 'aborted' }) },
    ];
    expect(summaryLines('A', 'B', games, true)).toEqual(['Score: A 1.5 - 1.5 B', 'Ran out of time: A 2, B 0']);
    expect(summaryLines('A', 'B', games, false)).toEqual(['Score: A 1.5 - 1.5 B']);
  });
});
