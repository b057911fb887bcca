import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { GameSummary } from '../../shared/api-schema.js';
import { filterOutput } from '../output-filter.js';
import { INITIAL_LOBBY, lobbyReducer, type LobbyState } from '../lobby.js';
import { LobbyScreen, lobbyLayout } from './lobby-screen.js';

const NOW = 1_800_000_000_000;

function game(index: number, status: 'waiting' | 'active'): GameSummary {
  return {
    id: `game${String(index).padStart(8, '0')}`,
    status,
    result: '*',
    termination: null,
    players: { white: { name: `white${index}` }, black: status === 'active' ? { name: `black${index}` } : null },
    turn: index % 2 ? 'white' : 'black',
    plies: index,
    timeControl: index % 3 ? null : { type: 'realtime', initialSeconds: 180, incrementSeconds: 2 },
    createdAt: '2026-12-02T10:00:00.000Z',
    updatedAt: '2026-12-02T10:00:00.000Z',
  } as GameSummary;
}

function lobbyWith(count: number, tab: 'waiting' | 'active' = 'waiting', nextCursor: string | null = null): LobbyState {
  const base = tab === 'active' ? lobbyReducer(INITIAL_LOBBY, { type: 'tab-switched' }) : INITIAL_LOBBY;
  const games = Array.from({ length: count }, (_, index) => game(index + 1, tab));
  return lobbyReducer(base, { type: 'page-loaded', tab, cursor: null, page: { games, nextCursor }, at: NOW - 2000 });
}

function frame(lobby: LobbyState, columns: number, rows: number, question: string | null = null): string[] {
  const { lastFrame, unmount } = render(
    <LobbyScreen
      lobby={lobby}
      layout={lobbyLayout(columns, rows)}
      server="http://127.0.0.1:8080"
      now={NOW}
      question={question}
    />,
  );
  const lines = lastFrame()!.split('\n');
  unmount();
  return lines;
}

describe('LobbyScreen', () => {
  it('80×24: title, tabs, numbered rows with the picked one marked, status and keys, under 24 lines', () => {
    const lobby = lobbyReducer(lobbyWith(4, 'waiting', 'older'), { type: 'selection-moved', delta: 1 });
    const lines = frame(lobby, 80, 24);
    expect(lines.length).toBeLessThan(24);
    const text = lines.join('\n');
    expect(text).toContain('Rookery lobby · http://127.0.0.1:8080');
    expect(text).toContain('[Waiting for a player]  Live games');
    expect(text).toMatch(/^ {3}1\. white1 +vs \(free\) +untimed +black free$/mu);
    expect(text).toMatch(/^▶ {2}2\. white2 /mu);
    expect(text).toMatch(/^ {3}3\. white3 +vs \(free\) +3\+2 /mu);
    expect(text).toContain('4 waiting games · page 1, older on ] (checked 2 s ago)');
    expect(text).toMatch(/ Enter {2}join .* w {2}watch .* Tab {2}live games .* n {2}new game .* q {2}quit/u);
    expect(lines.every((line) => line.length <= 80)).toBe(true);
  });

  it('live games: Enter watches, the move and the side to move are listed', () => {
    const text = frame(lobbyWith(2, 'active'), 80, 24).join('\n');
    expect(text).toContain(' Waiting for a player  [Live games]');
    expect(text).toMatch(/1\. white1 +vs black1 +untimed +move 1, white/u);
    expect(text).toMatch(/ Enter {2}watch /u);
    expect(text).not.toMatch(/ w {2}watch/u);
  });

  it('fits 40×12 (rows to spare for six games) and 120×40, every line within the width', () => {
    const small = frame(lobbyWith(9), 40, 12);
    expect(small.length).toBeLessThanOrEqual(11);
    expect(small.every((line) => line.length <= 40)).toBe(true);
    expect(small.join('\n')).toMatch(/6\. white6/u);
    expect(small.join('\n')).not.toMatch(/7\. white7/u);
    expect(small.join('\n')).toContain('[Waiting]  Live');
    const large = frame(lobbyWith(40), 120, 40);
    expect(large.length).toBeLessThanOrEqual(39);
    expect(large.every((line) => line.length <= 120)).toBe(true);
    expect(large.join('\n')).toMatch(/34\. white34/u);
    expect(large.join('\n')).not.toMatch(/35\. white35/u);
  });

  it('an empty list says what to do; the offer to watch a full game replaces the status', () => {
    expect(frame(lobbyWith(0), 80, 24).join('\n')).toContain('(none: n opens a new game, Tab shows the other list)');
    const text = frame(lobbyWith(1), 80, 24, 'Game abc is full: watch it instead?').join('\n');
    expect(text).toContain('Game abc is full: watch it instead?');
    expect(text).toMatch(/ w {2}watch it .* Esc {2}back .* q {2}quit/u);
  });

  it('reads in ASCII and without colour: the picked row and tab keep their marks', () => {
    const lobby = lobbyWith(2);
    const { lastFrame, unmount } = render(
      <LobbyScreen lobby={lobby} layout={lobbyLayout(80, 24)} server="http://h" now={NOW} />,
    );
    const ascii = filterOutput(lastFrame()!, { ascii: true, colors: false });
    unmount();
    expect(ascii).toMatch(/^> {2}1\. white1/mu);
    expect(ascii).toContain('[Waiting for a player]');
    expect(ascii).toMatch(/ \^v {2}pick/u);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that no colour escape is left.
    expect(ascii).not.toMatch(/\u001b\[3[0-9]m/u);
    expect([...ascii].every((char) => char === '\n' || char === '\u001b' || (char >= ' ' && char <= '~'))).toBe(true);
  });
});
