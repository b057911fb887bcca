import { describe, expect, it } from 'vitest';
import type { GameSummary } from '../shared/api-schema.js';
import {
  currentCursor,
  INITIAL_LOBBY,
  lobbyHeaderText,
  lobbyReducer,
  lobbyRowText,
  selectedGame,
  type LobbyAction,
  type LobbyState,
} from './lobby.js';

const AT = '2026-12-02T10:00:00.000Z';

function summary(id: string, overrides: Partial<GameSummary> = {}): GameSummary {
  return {
    id,
    status: 'waiting',
    result: '*',
    termination: null,
    players: { white: { name: `w-${id}` }, black: null },
    turn: 'white',
    plies: 0,
    timeControl: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  } as GameSummary;
}

function run(...actions: LobbyAction[]): LobbyState {
  return actions.reduce(lobbyReducer, INITIAL_LOBBY);
}

const page = (ids: string[], nextCursor: string | null = null) => ({ games: ids.map((id) => summary(id)), nextCursor });
const loaded = (ids: string[], nextCursor: string | null = null, cursor: string | null = null): LobbyAction => ({
  type: 'page-loaded',
  tab: 'waiting',
  cursor,
  page: page(ids, nextCursor),
  at: 1,
});

describe('lobby state', () => {
  it('keeps the picked game when a refresh brings newer games above it', () => {
    const state = run(loaded(['a', 'b', 'c']), { type: 'selection-moved', delta: 1 }, loaded(['new', 'a', 'b', 'c']));
    expect(selectedGame(state)?.id).toBe('b');
    expect(state.selectedIndex).toBe(2);
  });

  it('keeps the row when the picked game is gone, within the list', () => {
    const state = run(loaded(['a', 'b', 'c']), { type: 'selection-moved', delta: 2 }, loaded(['a', 'b']));
    expect(selectedGame(state)?.id).toBe('b');
  });

  it('picks a row by its typed number, and refuses one the page does not have', () => {
    const ids = Array.from({ length: 12 }, (_, index) => `g${index + 1}`);
    let state = run(loaded(ids), { type: 'digit-typed', digit: '1' });
    expect(selectedGame(state)?.id).toBe('g1');
    state = lobbyReducer(state, { type: 'digit-typed', digit: '2' });
    expect(selectedGame(state)?.id).toBe('g12');
    expect(state.typed).toBe('12');
    state = lobbyReducer(lobbyReducer(state, { type: 'typed-cleared' }), { type: 'digit-typed', digit: '9' });
    expect(selectedGame(state)?.id).toBe('g9');
    state = run(loaded(['a', 'b']), { type: 'digit-typed', digit: '7' });
    expect(state.notice).toBe('No game number 7 on this page (1 to 2).');
    expect(selectedGame(state)?.id).toBe('a');
  });

  it('pages with the cursor: older with the next cursor, newer back along the cursors walked', () => {
    let state = run(loaded(['a', 'b'], 'cursor-1'), { type: 'page-older' });
    expect(currentCursor(state)).toBe('cursor-1');
    expect(state.page).toBeNull();
    // An answer for the first page, arriving late, is not the page shown any more.
    state = lobbyReducer(state, loaded(['a', 'b'], 'cursor-1'));
    expect(state.page).toBeNull();
    state = lobbyReducer(state, loaded(['c'], null, 'cursor-1'));
    expect(selectedGame(state)?.id).toBe('c');
    expect(lobbyReducer(state, { type: 'page-older' }).notice).toMatch(/last page/u);
    state = lobbyReducer(state, { type: 'page-newer' });
    expect(currentCursor(state)).toBeNull();
    expect(lobbyReducer(state, { type: 'page-newer' }).notice).toMatch(/first page/u);
  });

  it('switches between waiting and live games, starting the other list afresh', () => {
    const state = run(loaded(['a']), { type: 'tab-switched' });
    expect(state.tab).toBe('active');
    expect(state.page).toBeNull();
    expect(lobbyReducer(state, loaded(['late'])).page).toBeNull();
  });
});

describe('lobby rows', () => {
  const live = summary('L', {
    status: 'active',
    players: { white: { name: 'alice' }, black: { name: 'bob' } },
    plies: 5,
    turn: 'black',
    timeControl: { type: 'realtime', initialSeconds: 300, incrementSeconds: 3 },
  } as Partial<GameSummary>);

  it('line up under their header at 80 and 40 columns, and fit', () => {
    for (const width of [78, 38]) {
      const header = lobbyHeaderText('active', width);
      const row = lobbyRowText(live, 3, width);
      expect(row.length).toBeLessThanOrEqual(width);
      expect(row.indexOf('bob')).toBe(header.indexOf('Black'));
      expect(row.indexOf('5+3')).toBe(header.indexOf('Clock'));
    }
    expect(lobbyRowText(live, 3, 78)).toMatch(/^ 3\. alice +vs bob +5\+3 +move 3, black$/u);
    expect(lobbyRowText(live, 3, 38)).toMatch(/^ 3\. alice +vs bob +5\+3 +mv 3$/u);
  });

  it('say which seat of a waiting game is free', () => {
    expect(lobbyRowText(summary('W'), 1, 78)).toMatch(/w-W +vs \(free\) +untimed +black free$/u);
  });
});
