/**
 * The lobby inside the terminal client, as plain data and one pure reducer: two lists (games waiting for a
 * player, games being played) read page by page from `GET /api/games` (newest first, `nextCursor` for the older
 * page), a picked row, and the digits typed to pick a row by its number. The polling lives in use-lobby.ts, the
 * drawing in components/lobby-screen.tsx, the keys in lobby-app.tsx.
 */
import type { GameSummary } from '../shared/api-schema.js';
import { formatTimeControl } from '../shared/time-control.js';

/** Which list the lobby shows: games with a free seat (`waiting`) or games under way (`active`). */
export type LobbyTab = 'waiting' | 'active';

/** One page of a list, as `GET /api/games?status=…&cursor=…` answered it. */
export interface LobbyPage {
  games: GameSummary[];
  /** The cursor of the next, older page; null when this is the last. */
  nextCursor: string | null;
}

export interface LobbyState {
  tab: LobbyTab;
  /**
   * The cursors of the pages walked through, newest first: `[null]` is the first page, `[null, 'c1']` the
   * second. The last one is the page shown; going back to newer pages pops it.
   */
  cursors: (string | null)[];
  /** The page shown, once its first answer came; null while loading. */
  page: LobbyPage | null;
  /** The picked game's id: kept across refreshes even when newer games push it down the list. */
  selectedId: string | null;
  /** The picked row (0-based) on the page, for when the picked game is gone. */
  selectedIndex: number;
  /** Digits typed to pick a row by its number, e.g. `"1"` then `"12"`. */
  typed: string;
  /** The last message for the player, e.g. `No game number 9 on this page.` */
  notice: string | null;
  /** When the last answer arrived, ms since the epoch; null before the first. */
  loadedAt: number | null;
  /** Why the last refresh failed (the server unreachable…); cleared by the next answer. */
  failure: string | null;
}

export const INITIAL_LOBBY: LobbyState = {
  tab: 'waiting',
  cursors: [null],
  page: null,
  selectedId: null,
  selectedIndex: 0,
  typed: '',
  notice: null,
  loadedAt: null,
  failure: null,
};

export type LobbyAction =
  | { type: 'page-loaded'; tab: LobbyTab; cursor: string | null; page: LobbyPage; at: number }
  | { type: 'load-failed'; message: string }
  | { type: 'tab-switched'; tab?: LobbyTab }
  | { type: 'selection-moved'; delta: number }
  | { type: 'digit-typed'; digit: string }
  | { type: 'typed-cleared' }
  | { type: 'page-older' }
  | { type: 'page-newer' }
  | { type: 'notice-shown'; notice: string | null };

/** The cursor of the page shown (null: the newest page). */
export function currentCursor(state: LobbyState): string | null {
  return state.cursors.at(-1) ?? null;
}

/** The picked game, if the page has one. */
export function selectedGame(state: LobbyState): GameSummary | null {
  return state.page?.games[state.selectedIndex] ?? null;
}

/** Page number shown to the player, from 1. */
export function pageNumber(state: LobbyState): number {
  return state.cursors.length;
}

function clampIndex(index: number, count: number): number {
  return count === 0 ? 0 : Math.max(0, Math.min(count - 1, index));
}

function select(state: LobbyState, index: number): LobbyState {
  const games = state.page?.games ?? [];
  const selectedIndex = clampIndex(index, games.length);
  return { ...state, selectedIndex, selectedId: games[selectedIndex]?.id ?? null };
}

/** A fresh list: another tab or another page, nothing picked yet, loading. */
function freshList(state: LobbyState, tab: LobbyTab, cursors: (string | null)[]): LobbyState {
  return { ...state, tab, cursors, page: null, selectedId: null, selectedIndex: 0, typed: '', notice: null };
}

export function lobbyReducer(state: LobbyState, action: LobbyAction): LobbyState {
  switch (action.type) {
    case 'page-loaded': {
      // An answer for a list no longer shown (the player switched tab or page meanwhile) is dropped.
      if (action.tab !== state.tab || action.cursor !== currentCursor(state)) return state;
      const games = action.page.games;
      const kept = state.selectedId === null ? -1 : games.findIndex((game) => game.id === state.selectedId);
      const loaded = { ...state, page: action.page, loadedAt: action.at, failure: null };
      return select(loaded, kept >= 0 ? kept : state.selectedIndex);
    }
    case 'load-failed':
      return { ...state, failure: action.message };
    case 'tab-switched': {
      const tab = action.tab ?? (state.tab === 'waiting' ? 'active' : 'waiting');
      return tab === state.tab ? state : freshList(state, tab, [null]);
    }
    case 'selection-moved':
      return { ...select(state, state.selectedIndex + action.delta), typed: '', notice: null };
    case 'digit-typed': {
      const typed = `${state.typed}${action.digit}`.replace(/^0+/u, '').slice(0, 3);
      const number = Number(typed);
      const count = state.page?.games.length ?? 0;
      if (typed === '') return { ...state, typed: '' };
      if (number > count) {
        return { ...state, typed: '', notice: `No game number ${number} on this page (1 to ${count}).` };
      }
      return { ...select(state, number - 1), typed, notice: null };
    }
    case 'typed-cleared':
      return state.typed === '' ? state : { ...state, typed: '' };
    case 'page-older': {
      const next = state.page?.nextCursor ?? null;
      if (next === null) return { ...state, notice: 'This is the last page: there are no older games.' };
      return freshList(state, state.tab, [...state.cursors, next]);
    }
    case 'page-newer':
      if (state.cursors.length <= 1) return { ...state, notice: 'This is the first page: these are the newest games.' };
      return freshList(state, state.tab, state.cursors.slice(0, -1));
    case 'notice-shown':
      return { ...state, notice: action.notice };
  }
}

/** "alice", or "(free)" for a seat nobody has taken. */
function seatText(game: GameSummary, side: 'white' | 'black'): string {
  return game.players[side]?.name ?? '(free)';
}

/** Cut to `width` code points, with `…` when cut (the output filter makes it `.` in ASCII). */
function fitWidth(text: string, width: number): string {
  const points = [...text];
  if (points.length <= width) return text.padEnd(width);
  return `${points.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Below this width the last column is shortened. */
const NARROW = 60;
/** Widest a name column gets (names are up to 40 characters; most are short). */
const NAME_MAX = 24;

/**
 * What the last column says: the free seat of a waiting game (narrow terminals leave it to "(free)"), the move
 * and who is to move in a live one.
 */
function progressText(game: GameSummary, narrow: boolean): string {
  const move = Math.floor(game.plies / 2) + 1;
  if (game.status === 'waiting') return narrow ? '' : game.players.white ? 'black free' : 'white free';
  if (game.status === 'finished') return game.result;
  return narrow ? `mv ${move}` : `move ${move}, ${game.turn}`;
}

/** Width of each name column for a row of `width` columns (the rest: number, " vs ", clock, progress). */
function nameWidth(width: number, progressWidth: number): number {
  const fixed = 3 + 1 + 4 + 1 + 7 + (progressWidth > 0 ? 1 + progressWidth : 0);
  return Math.min(NAME_MAX, Math.max(4, Math.floor((width - fixed) / 2)));
}

/** The widest progress text of a tab, so that every row of the list lines up. */
function progressWidth(tab: LobbyTab, width: number): number {
  if (width < NARROW) return tab === 'waiting' ? 0 : 6;
  return tab === 'waiting' ? 10 : 16;
}

/**
 * One row of the list in `width` columns, e.g. ` 3. alice        vs (free)        5+3     black free`: the
 * number, both players, the time control and the progress. Narrow terminals get shorter name columns.
 */
export function lobbyRowText(game: GameSummary, number: number, width: number): string {
  const tab: LobbyTab = game.status === 'waiting' ? 'waiting' : 'active';
  const each = nameWidth(width, progressWidth(tab, width));
  const label = `${String(number).padStart(2)}.`;
  const clock = formatTimeControl(game.timeControl ?? null).padEnd(7);
  const white = fitWidth(seatText(game, 'white'), each);
  const black = fitWidth(seatText(game, 'black'), each);
  return `${label} ${white} vs ${black} ${clock} ${progressText(game, width < NARROW)}`.trimEnd();
}

/** The column titles over the rows of `tab`, aligned with lobbyRowText's columns. */
export function lobbyHeaderText(tab: LobbyTab, width: number): string {
  const progress = progressWidth(tab, width);
  const each = nameWidth(width, progress);
  const last = progress === 0 ? '' : tab === 'waiting' ? 'seat' : 'move';
  return ` #. ${'White'.padEnd(each)}    ${'Black'.padEnd(each)} ${'Clock'.padEnd(7)} ${last}`.trimEnd();
}
