/** The player's actions follow the server's flags (regression: the page once restated the abort rule itself). */
import { describe, expect, it } from 'vitest';
import type { GameState } from '../../shared/api-schema.js';
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

describe('GamePage clocks', () => {
  const running: GameState = {
    ...playGame(['e4', 'e5']).state,
    timeControl: { type: 'realtime', initialSeconds: 180, incrementSeconds: 2 },
    clock: { whiteMs: 175_430, blackMs: 9_200, running: 'white', deadline: null },
  };

  it("shows both clocks beside the players' names, the running one in words and counted down by CSS", () => {
    const html = whitePage(running);
    expect(html).toMatch(
      /<span class="clock white running" data-clock="white"><span class="visually-hidden">White&#x27;s clock: <\/span><span class="clock-face countdown cd0-4 cd1-5 cd2-7 cd3-1 cd-lag-3"><span class="clock-static">2:55<\/span><\/span><span class="clock-state"><span aria-hidden="true">▶︎<\/span> running<\/span><\/span>/u,
    );
    // Black's figure is low (under 10 s) but not running: urgent, not counted.
    expect(html).toContain(
      '<span class="clock black idle low" data-clock="black"><span class="visually-hidden">Black&#x27;s clock: </span><span class="clock-face low"><span class="clock-static">9.2</span></span><span class="visually-hidden"> (low on time)</span></span>',
    );
    expect(html.indexOf('bob')).toBeLessThan(html.indexOf('data-clock="black"'));
    expect(html).toContain('3+2 Blitz');
  });

  it('shows no clock in an untimed game', () => {
    expect(whitePage(playGame(['e4', 'e5']).state)).not.toContain('data-clock');
  });

  it('says who ran out of time once the game ended on time', () => {
    const flagged: GameState = {
      ...running,
      status: 'finished',
      result: '0-1',
      termination: 'timeout',
      winner: 'black',
      legalMoves: [],
      clock: { whiteMs: 0, blackMs: 9_200, running: null, deadline: null },
    };
    const html = whitePage(flagged);
    expect(html).toContain('White ran out of time — Black wins');
    expect(html).toMatch(/class="clock white flagged".*out of time/u);
    expect(html).not.toContain('countdown');
  });
});

describe('GamePage status frame', () => {
  it('is on the page exactly when the page does not reload itself and the game goes on', () => {
    const onMove = playGame(['e4', 'e5']).state;
    const mine = whitePage(onMove);
    expect(mine).not.toContain('http-equiv="refresh"');
    expect(mine).toContain(
      `<iframe class="status-frame" src="/play/${onMove.id}/white-secret/status?v=${onMove.version}" title="Game news (checks every 2 s)"></iframe>`,
    );
    const selected = renderDocument(
      <GamePage
        context={context}
        state={onMove}
        viewer={{ role: 'player', color: 'white' }}
        secret="white-secret"
        selection={{ from: 'g1' }}
      />,
    );
    expect(selected).toContain(`/status?v=${onMove.version}&amp;select=g1"`);
    // Waiting for the opponent, the page reloads itself and needs no frame; nor does a finished game.
    const waiting = whitePage(playGame(['e4']).state);
    expect(waiting).toContain('http-equiv="refresh"');
    expect(waiting).not.toContain('<iframe');
    expect(whitePage(playGame(['e4', { resign: 'black' }]).state)).not.toContain('<iframe');
  });
});
