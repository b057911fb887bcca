/** What the status frame tells a page that does not reload itself. */
import { describe, expect, it } from 'vitest';
import { playGame } from '../test/support/real-games.js';
import { frameNews } from './frame-news.js';

const white = { role: 'player', color: 'white' } as const;
const spectator = { role: 'spectator', orientation: 'white' } as const;

describe('frameNews', () => {
  it('has nothing to say while the game is as the page shows it', () => {
    const { state } = playGame(['e4', 'e5']);
    expect(frameNews(state, white, state.version)).toBeNull();
  });

  it("tells the player on move of the opponent's resignation, draw offer and abort", () => {
    const shown = playGame(['e4', 'e5']).state.version;
    expect(frameNews(playGame(['e4', 'e5', { resign: 'black' }]).state, white, shown)).toEqual({
      kind: 'finished',
      headline: 'Black resigned — White wins',
      detail: 'You won (1–0)',
    });
    expect(frameNews(playGame(['e4', 'e5', { draw: 'offer', by: 'black' }]).state, white, shown)).toEqual({
      kind: 'draw_offer',
      headline: 'bob offers a draw',
    });
    const opening = playGame([]).state.version;
    expect(frameNews(playGame([{ abort: 'black' }]).state, white, opening)).toMatchObject({
      kind: 'finished',
      headline: 'Game aborted',
    });
  });

  it('tells a spectator of a new move', () => {
    const shown = playGame(['e4']).state.version;
    expect(frameNews(playGame(['e4', 'e5']).state, spectator, shown)).toEqual({
      kind: 'changed',
      headline: 'New move: Black played e5',
    });
  });
});
