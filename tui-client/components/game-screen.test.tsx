import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HealthStore } from '../health-store.js';
import { chooseLayout } from '../layout.js';
import { playGame } from '../../test/support/real-games.js';
import { GameScreen, type GameScreenProps } from './game-screen.js';

const NOW = 1_800_000_000_000;
const game = playGame(['e4', 'e5', 'Nf3', 'Nc6', 'Bb5', 'a6', 'Bxc6', 'dxc6']);

function screen(columns: number, rows: number, overrides: Partial<GameScreenProps> = {}): string[] {
  const health = new HealthStore({ phase: 'ok', checkedAt: NOW, retryAt: null, failure: null, message: null });
  const { lastFrame, unmount } = render(
    <GameScreen
      game={game.state}
      seat={game.seats.white}
      health={health}
      layout={chooseLayout(columns, rows)}
      ascii={false}
      flipped={false}
      overlay="none"
      input=""
      pending={null}
      notice={null}
      completions={[]}
      receivedAt={NOW}
      now={() => NOW}
      {...overrides}
    />,
  );
  const lines = lastFrame()!.split('\n');
  unmount();
  return lines;
}

describe('GameScreen', () => {
  it('80×24: board, side panel with players, captures and numbered moves, status, field and keys, under 24 lines', () => {
    const lines = screen(80, 24);
    expect(lines.length).toBeLessThan(24);
    const text = lines.join('\n');
    expect(text).toContain(`game ${game.state.id} · you play white as alice · untimed`);
    // No clocks in an untimed game.
    expect(text).not.toMatch(/\[\s*\d/u);
    expect(text).toMatch(/♚︎ bob/u);
    expect(text).toMatch(/▶ ♔︎ alice \(you\)/u);
    expect(text).toMatch(/1\. e4\s+e5/u);
    expect(text).toMatch(/4\. Bxc6\s+dxc6/u);
    expect(text).toContain('▶ Your move');
    expect(text).toContain('Move › ');
    expect(text).toMatch(/ = {2}offer draw .* s {2}resign .* q Enter {2}quit .* v {2}flip .* \? {2}help/u);
    expect(lines.every((line) => line.length <= 80)).toBe(true);
  });

  it('flips the board with the player', () => {
    const text = screen(80, 24, { flipped: true }).join('\n');
    expect(text).toMatch(/^1 ♖︎/mu);
    expect(text).toContain('h g f e d c b a');
  });

  it('degrades: the side panel goes before the board shrinks, and the frame stays under the terminal height', () => {
    const sixty = screen(60, 20);
    expect(sixty.length).toBeLessThan(20);
    expect(sixty.join('\n')).toContain('a b c d e f g h');
    const narrow = screen(46, 20);
    expect(narrow.length).toBeLessThan(20);
    const narrowText = narrow.join('\n');
    expect(narrowText).not.toContain('Moves (');
    expect(narrowText).toContain('alice (you) vs bob · material even · 8 plies');
    expect(narrowText).toContain('a b c d e f g h');
    const tiny = screen(30, 14);
    expect(tiny.join('\n')).toContain('a b c d e f g h');
    expect(tiny.length).toBeLessThan(14);
    const narrowest = screen(18, 14);
    expect(narrowest.join('\n')).toContain('abcdefgh');
    expect(narrowest.length).toBeLessThan(14);
  });

  it('40×12 (issue 13 item 4): all eight ranks, the files, the status and the field in 11 lines', () => {
    const lines = screen(40, 12);
    expect(lines.length).toBeLessThanOrEqual(11);
    const text = lines.join('\n');
    expect(text).toMatch(/^8 ♜/mu);
    expect(text).toMatch(/^1 ♖/mu);
    expect(text).toContain('a b c d e f g h');
    expect(text).toContain('▶ Your move');
    expect(text).toContain('Move › ');
    // A refused move's reason takes the status line's place.
    const refused = screen(40, 12, { input: 'Nf4', notice: { tone: 'error', text: 'no such move' } });
    expect(refused.length).toBeLessThanOrEqual(11);
    expect(refused.join('\n')).toContain('✗ no such move');
    const over = screen(40, 12, { game: playGame(['f3', 'e5', 'g4', 'Qh4']).state });
    expect(over.length).toBeLessThanOrEqual(11);
    expect(over.join('\n')).toContain('GAME OVER 0-1');
  });

  it('120×40 (issue 13 item 4): a bigger board, 6 columns and 3 lines a square', () => {
    const lines = screen(120, 40);
    expect(lines.length).toBeLessThan(40);
    const rank8 = lines.findIndex((line) => line.startsWith('8 '));
    const rank7 = lines.findIndex((line) => line.startsWith('7 '));
    expect(rank7 - rank8).toBe(3);
    expect(lines.find((line) => line.includes('a     b     c'))).toBeDefined();
    expect(screen(100, 30).length).toBeLessThan(30);
  });

  it('shows the help overlay in place of the board, at the same height budget', () => {
    const lines = screen(80, 24, { overlay: 'help' });
    const text = lines.join('\n');
    expect(lines.length).toBeLessThan(24);
    expect(text).toContain('Help — keys work while the move field is empty');
    expect(text).toMatch(/=\s+offer a draw, accept an offer, or claim a draw/u);
    expect(text).toMatch(/s \/ x\s+resign \/ abort a game not yet begun \(both ask first\)/u);
    expect(text).toContain('Moves: e4 Nf3 exd5 O-O 0-0 e8=Q, or squares: e2e4 e2 e4 e2-e4.');
    expect(text).not.toContain('a b c d e f g h');
    expect(text).toMatch(/Esc\/\?\s+close help/u);
    expect(screen(60, 20, { overlay: 'help' }).length).toBeLessThan(20);
  });

  it('shows a refused move with its reason and a suggestion, and completions while typing', () => {
    const refused = screen(80, 24, {
      input: 'Nf4',
      inputSelected: true,
      notice: { tone: 'error', text: '"Nf4" is not a legal move for white in this position.', suggestion: 'Nf3' },
    }).join('\n');
    expect(refused).toContain('✗ "Nf4" is not a legal move for white in this position.');
    expect(refused).toContain('? Did you mean Nf3? Tab puts it in the field.');
    const typing = screen(80, 24, { input: 'N', completions: ['Nc3', 'Nd4', 'Nxe5'] }).join('\n');
    expect(typing).toContain('Move › N');
    expect(typing).toContain('Tab: Nc3 Nd4 Nxe5');
  });

  it('asks before resigning', () => {
    const text = screen(80, 24, { overlay: 'confirm-resign' }).join('\n');
    expect(text).toContain('Resign this game? Press y to resign, n or Esc to keep playing.');
    expect(text).toMatch(/y {2}resign .* n\/Esc {2}keep playing/u);
  });

  describe('in a timed game', () => {
    // The position above with a 3+2 clock laid over it: white (to move, running) has 8.4 s, black 2:31.
    const timed = {
      ...game.state,
      timeControl: { type: 'realtime' as const, initialSeconds: 180, incrementSeconds: 2 },
      clock: { whiteMs: 8_400, blackMs: 151_000, running: 'white' as const, deadline: null },
    };

    it('80×24: both clocks beside the players, the running one in brackets, LOW under 10 s, the status says so', () => {
      const lines = screen(80, 24, { game: timed });
      expect(lines.length).toBeLessThan(24);
      expect(lines.every((line) => line.length <= 80)).toBe(true);
      const text = lines.join('\n');
      expect(text).toContain('you play white as alice · 3+2');
      expect(text).toMatch(/♚︎ bob {10,}2:31$/mu);
      expect(text).toMatch(/▶ ♔︎ alice \(you\) {5,}LOW \[ {2}8\.4\]$/mu);
      expect(text).toContain('⚠ Your move — your clock: 8.4 — low time');
    });

    it('counts the running clock down from the moment the answer arrived', () => {
      const text = screen(80, 24, { game: timed, receivedAt: NOW - 3_000 }).join('\n');
      expect(text).toContain('LOW [  5.4]');
      expect(text).toMatch(/♚︎ bob {10,}2:31$/mu);
    });

    it('keeps both clocks on screen as space runs out: the players line, then the status line', () => {
      const narrow = screen(46, 20, { game: timed });
      expect(narrow.length).toBeLessThan(20);
      expect(narrow.join('\n')).toContain('alice (you) LOW [  8.4] vs bob   2:31');
      const tiny = screen(30, 14, { game: timed });
      expect(tiny.length).toBeLessThan(14);
      expect(tiny.join('\n')).toContain('W LOW [  8.4] B   2:31');
    });

    it('shows the flag banner when the game ends on time', () => {
      const flagged = {
        ...timed,
        status: 'finished' as const,
        result: '0-1' as const,
        termination: 'timeout' as const,
        winner: 'black' as const,
        legalMoves: [],
        clock: { whiteMs: 0, blackMs: 151_000, running: null, deadline: null },
      };
      const text = screen(80, 24, { game: flagged }).join('\n');
      expect(text).toContain('⚑ FLAG  GAME OVER 0-1  White ran out of time — Black wins. You lost.');
      expect(text).toMatch(/alice \(you\) {5,}0\.0$/mu);
      expect(text).toContain('■ Game over: White ran out of time — Black wins');
    });
  });
});
