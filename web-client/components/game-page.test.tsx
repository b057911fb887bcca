/** The player's actions follow the server's flags (regression: the page once restated the abort rule itself). */
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../render.js';
import type { PageContext } from '../page-context.js';
import { playGame } from '../../test/support/real-games.js';
import { GamePage } from './game-page.js';

const context: PageContext = {
  refreshSeconds: 2,
  autoRefresh: true,
  assets: { stylesheet: '/assets/rookery.css', favicon: '/assets/favicon.svg' },
  rememberedName: 'alice',
  origin: 'http://127.0.0.1:8080',
  now: new Date('2026-11-21T17:00:00.000Z'),
};

function whitePage(state: ReturnType<typeof playGame>['state']): string {
  return renderDocument(
    <GamePage
      context={context}
      state={state}
      viewer={{ role: 'player', color: 'white' }}
      secret="white-secret"
      selection={{}}
    />,
  );
}

describe('GamePage actions', () => {
  it('shows Abort exactly when the state says canAbort', () => {
    const opening = playGame(['e4']).state;
    expect(opening.canAbort).toBe(true);
    expect(whitePage(opening)).toContain('Abort game');
    const started = playGame(['e4', 'e5']).state;
    expect(started.canAbort).toBe(false);
    expect(whitePage(started)).not.toContain('Abort game');
    // Whatever the move count, the flag decides.
    expect(whitePage({ ...opening, canAbort: false })).not.toContain('Abort game');
  });

  it('offers to cancel a waiting game only when the state says canAbort', () => {
    const waiting = playGame([], { seatBlack: false }).state;
    expect(whitePage(waiting)).toContain('Cancel this game');
    expect(whitePage({ ...waiting, canAbort: false })).not.toContain('Cancel this game');
  });
});
