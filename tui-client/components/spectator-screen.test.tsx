import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { FOOLS_MATE, playGame } from '../../test/support/real-games.js';
import type { GameState } from '../../shared/api-schema.js';
import { HealthStore } from '../health-store.js';
import { chooseLayout } from '../layout.js';
import type { PollHealth } from '../poller.js';
import { SpectatorScreen } from './spectator-screen.js';

const NOW = 1_800_000_000_000;
const OK: PollHealth = { phase: 'ok', checkedAt: NOW - 1000, retryAt: null, failure: null, message: null };

function frame(
  game: GameState | null,
  columns: number,
  rows: number,
  options: { health?: PollHealth; viewPly?: number | null; flipped?: boolean } = {},
): string[] {
  const { lastFrame, unmount } = render(
    <SpectatorScreen
      gameId={game?.id ?? 'Missing00001'}
      game={game}
      health={new HealthStore(options.health ?? OK)}
      layout={chooseLayout(columns, rows)}
      ascii={false}
      colors={true}
      orientation={options.flipped ? 'black' : 'white'}
      viewPly={options.viewPly ?? null}
      receivedAt={NOW}
      time={NOW}
      now={() => NOW}
    />,
  );
  const lines = lastFrame()!.split('\n');
  unmount();
  return lines;
}

describe('SpectatorScreen', () => {
  const live = playGame(['e4', 'e5', 'Nf3', 'Nc6', 'Bb5']).state;

  it('80×24: the board, both players without "you", the moves, who is to move, no move field', () => {
    const lines = frame(live, 80, 24);
    expect(lines.length).toBeLessThan(24);
    const text = lines.join('\n');
    expect(text).toContain(`Rookery · watching game ${live.id} · untimed`);
    expect(text).toMatch(/▶ ♚︎ bob/u);
    expect(text).toMatch(/♔︎ alice/u);
    expect(text).not.toContain('(you)');
    expect(text).toMatch(/3\. Bb5/u);
    expect(text).toContain('Watching: bob (black) to move. (checked 1 s ago)');
    expect(text).not.toContain('Move ›');
    expect(text).toContain('You are a spectator: the board follows the game by itself.');
    expect(text).toMatch(/ l {2}back to the lobby .* v {2}flip .* \[ \] {2}step .* q {2}quit/u);
  });

  it('a finished game: the result without "You won", and p saves the PGN', () => {
    const text = frame(playGame(FOOLS_MATE).state, 80, 24).join('\n');
    expect(text).toMatch(/GAME OVER 0-1 {2}Checkmate — Black wins\./u);
    expect(text).not.toMatch(/You (won|lost)/u);
    expect(text).toMatch(/ p {2}save PGN/u);
  });

  it('fits 40×12 and 120×40, every rank on screen', () => {
    for (const [columns, rows] of [
      [40, 12],
      [120, 40],
    ] as const) {
      const lines = frame(live, columns, rows);
      expect(lines.length).toBeLessThanOrEqual(rows - 1);
      expect(lines.every((line) => [...line.replace(/\uFE0E/gu, '')].length <= columns)).toBe(true);
      const text = lines.join('\n');
      for (const rank of ['8', '1']) expect(text).toMatch(new RegExp(`^${rank} `, 'mu'));
      expect(text).toMatch(/Watching: bob/u);
    }
  });

  it('looking back, flipped, before the first answer and for a game that does not exist', () => {
    expect(frame(live, 80, 24, { viewPly: 2 }).join('\n')).toContain('Looking back: after 2 of 5 half-moves (e5)');
    expect(frame(live, 80, 24, { flipped: true }).join('\n')).toContain('h g f e d c b a');
    expect(frame(null, 80, 24).join('\n')).toContain('Reading the game…');
    const missing: PollHealth = {
      phase: 'failing',
      checkedAt: null,
      retryAt: NOW + 1000,
      failure: 'game_not_found',
      message: 'no such game',
    };
    expect(frame(null, 80, 24, { health: missing }).join('\n')).toContain('There is no such game on this server.');
  });
});
