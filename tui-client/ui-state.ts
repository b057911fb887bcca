/**
 * UI state of the terminal client as plain data, and the one pure reducer that changes it. Network work lives
 * outside (actions.ts, poller.ts); its results arrive here as actions.
 */
import type { GameState } from '../shared/api-schema.js';
import type { Notice } from './actions.js';
import { drawNews } from './game-news.js';
import type { Seat, SeatOrigin } from './session.js';

/**
 * Which panel covers the move field: none, the help, the resign or abort question, or the promotion chooser
 * (which piece a pawn reaching the last rank becomes).
 */
export type Overlay = 'none' | 'help' | 'confirm-resign' | 'confirm-abort' | 'promotion';

/** A pawn move to the last rank waiting for its piece, e.g. `{from: 'e7', to: 'e8'}`. */
export interface PendingPromotion {
  from: string;
  to: string;
}

export interface UiState {
  /** The game as last seen (from a poll or an action's answer); null while joining. */
  game: GameState | null;
  /**
   * When that answer arrived, ms since the epoch: its clock figures were true then, and the screen counts the
   * running side down from there (a 304 changes nothing: the figures of the last 200 still hold).
   */
  receivedAt: number;
  /** Our seat; null while joining. */
  seat: Seat | null;
  /** Failure to take a seat, e.g. `'There is no game "abc" on http://…'`; the app then quits with it. */
  fatal: string | null;
  /** The game asked for is full (game_full, color_taken): the sentence; the app offers to watch it. */
  full: string | null;
  /** What the move field holds, e.g. `"Nf"`. */
  input: string;
  /** Board seen from the opponent's side. */
  flipped: boolean;
  overlay: Overlay;
  /** A request in flight, e.g. `"Sending Nf3…"`; null when idle. One at a time. */
  pending: string | null;
  /** The last message for the player (error reason, "did you mean", "Draw offered."). */
  notice: Notice | null;
  /** The field holds a refused move: the next typed key replaces it (shown selected). */
  inputSelected: boolean;
  /** Which completion Tab puts in the field next, counting Tab presses since the last edit. */
  completionIndex: number;
  /** What was typed before the first Tab, e.g. `"N"`: further Tabs cycle through its completions. */
  completionBase: string | null;
  /** The promotion the chooser asks about (overlay `promotion`). */
  promotion: PendingPromotion | null;
  /** The board cursor's square, e.g. `"e2"`; null until an arrow key shows it. */
  cursor: string | null;
  /** The square of the piece picked up with Enter, whose legal targets are shown. */
  selected: string | null;
  /** Looking back: the position after this many half-moves; null shows the game as it stands. */
  viewPly: number | null;
}

export const INITIAL_UI: UiState = {
  game: null,
  receivedAt: 0,
  seat: null,
  fatal: null,
  full: null,
  input: '',
  inputSelected: false,
  flipped: false,
  overlay: 'none',
  pending: null,
  notice: null,
  completionIndex: 0,
  completionBase: null,
  promotion: null,
  cursor: null,
  selected: null,
  viewPly: null,
};

/** Longest text the move field keeps (the API reads at most 16 characters of move text). */
const MAX_INPUT = 24;

export type UiAction =
  | { type: 'session-opened'; seat: Seat; state: GameState; origin: SeatOrigin; receivedAt: number }
  | { type: 'session-failed'; message: string; full?: boolean }
  | { type: 'state-received'; state: GameState; receivedAt: number }
  | { type: 'input-changed'; input: string }
  | { type: 'field-typed'; text: string }
  | { type: 'field-backspace' }
  | { type: 'completion-taken'; input: string }
  | { type: 'flipped' }
  | { type: 'overlay-opened'; overlay: Exclude<Overlay, 'none'> }
  | { type: 'overlay-closed' }
  | { type: 'promotion-asked'; promotion: PendingPromotion }
  | { type: 'cursor-moved'; square: string | null }
  | { type: 'piece-selected'; square: string | null }
  | { type: 'view-stepped'; ply: number | null }
  | { type: 'notice-shown'; notice: Notice | null }
  | { type: 'request-started'; label: string }
  | {
      type: 'request-finished';
      state: GameState | null;
      notice: Notice | null;
      clearInput: boolean;
      /** When the answer arrived (ms since the epoch). */
      receivedAt: number;
    };

const ORIGIN_NOTICES = {
  resumed: 'Resumed your saved seat.',
  joined: 'Joined the game.',
  paired: 'Paired with a waiting player.',
  created: 'New game opened: waiting for an opponent.',
  rematch: 'Rematch: a new game against the same opponent.',
  challenged: 'Challenge accepted: the bot plays you.',
} as const;

/** Is this state of a game other than the one the client now sits in (its previous one, say)? */
function isOtherGame(state: UiState, incoming: GameState | null): boolean {
  return incoming !== null && state.seat !== null && incoming.id !== state.seat.gameId;
}

/** Keep the newer game: a poll may answer with a version older than what a move's answer already showed. */
function newer(current: GameState | null, incoming: GameState | null): GameState | null {
  if (!incoming) return current;
  if (current && current.id === incoming.id && incoming.version <= current.version) return current;
  return incoming;
}

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'session-opened':
      return {
        ...INITIAL_UI,
        flipped: state.flipped,
        seat: action.seat,
        game: action.state,
        receivedAt: action.receivedAt,
        notice: { tone: 'info', text: ORIGIN_NOTICES[action.origin] },
      };
    case 'session-failed':
      return action.full ? { ...state, full: action.message } : { ...state, fatal: action.message };
    case 'state-received': {
      // A poll of the game this client sat in before (answered after a rematch opened the next one) is not news.
      if (isOtherGame(state, action.state)) return state;
      const game = newer(state.game, action.state);
      // Same object back: React skips the re-render when nothing changed.
      if (game === state.game) return state;
      // The game went on without this client: what was shown about the old version is stale ("New game
      // opened" once the opponent has moved, a picked-up piece whose position is gone), and an ended game
      // closes every question.
      const moved = state.game !== null && game !== null && game.moves.length !== state.game.moves.length;
      const news = state.game && game && state.seat ? drawNews(state.game, game, state.seat.color) : null;
      return {
        ...state,
        game,
        receivedAt: action.receivedAt,
        overlay: closedBy(game, state.overlay, moved),
        notice: news ?? (moved || game?.status !== state.game?.status ? null : state.notice),
        promotion: moved ? null : state.promotion,
        selected: moved ? null : state.selected,
      };
    }
    case 'promotion-asked':
      return { ...state, overlay: 'promotion', promotion: action.promotion };
    case 'cursor-moved':
      return { ...state, cursor: action.square };
    case 'piece-selected':
      return { ...state, selected: action.square, notice: null };
    case 'view-stepped':
      return { ...state, viewPly: action.ply };
    case 'notice-shown':
      return { ...state, notice: action.notice };
    case 'input-changed':
      return {
        ...state,
        input: action.input,
        inputSelected: false,
        completionIndex: 0,
        completionBase: null,
        notice: action.input === '' ? state.notice : null,
      };
    case 'field-typed': {
      const base = state.inputSelected ? '' : state.input;
      return uiReducer(state, { type: 'input-changed', input: (base + action.text).slice(0, MAX_INPUT) });
    }
    case 'field-backspace': {
      if (state.input === '') return state;
      const input = state.inputSelected ? '' : [...state.input].slice(0, -1).join('');
      return uiReducer(state, { type: 'input-changed', input });
    }
    case 'completion-taken':
      return {
        ...state,
        input: action.input,
        inputSelected: false,
        completionIndex: state.completionIndex + 1,
        completionBase: state.completionBase ?? state.input,
        notice: null,
      };
    case 'flipped':
      return { ...state, flipped: !state.flipped };
    case 'overlay-opened':
      return { ...state, overlay: action.overlay };
    case 'overlay-closed':
      return { ...state, overlay: 'none', promotion: null };
    case 'request-started':
      return { ...state, pending: action.label, notice: null };
    case 'request-finished': {
      const game = isOtherGame(state, action.state) ? state.game : newer(state.game, action.state);
      return {
        ...state,
        game,
        receivedAt: game === state.game ? state.receivedAt : action.receivedAt,
        pending: null,
        notice: action.notice,
        input: action.clearInput ? '' : state.input,
        inputSelected: !action.clearInput && state.input !== '',
        completionIndex: 0,
        completionBase: null,
        overlay: closedBy(game, state.overlay, false),
        selected: game !== state.game ? null : state.selected,
      };
    }
  }
}

/** The overlay once `game` arrived: questions about a game that ended, or a promotion whose position is gone, close. */
function closedBy(game: GameState | null, overlay: Overlay, moved: boolean): Overlay {
  if (overlay === 'help' || overlay === 'none') return overlay;
  if (game?.status === 'finished') return 'none';
  if (overlay === 'promotion' && moved) return 'none';
  if (overlay === 'confirm-abort' && game && !game.canAbort) return 'none';
  return overlay;
}
