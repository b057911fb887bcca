/**
 * What the status frame tells a page that does not reload itself (the player's own turn, a selected piece, a
 * resignation being confirmed, a name being typed): whether the game changed since the page was made, and how to
 * say it. Pure, from GameState and the version the page shows.
 */
import type { GameState } from '../shared/api-schema.js';
import { opponentOf } from '../shared/vocabulary.js';
import { playerName, resultForViewer, resultHeadline, sideName, type Viewer } from './game-view.js';

export type FrameNews =
  /** The game ended: "Black resigned — White wins", "White ran out of time — Black wins", "Game aborted". */
  | { kind: 'finished'; headline: string; detail: string }
  /** The opponent offers a draw (seated players only). */
  | { kind: 'draw_offer'; headline: string }
  /** Anything else: a move (spectators), a second player, an offer withdrawn or declined. */
  | { kind: 'changed'; headline: string };

/** The news since `shownVersion`, or null when the game is as the page shows it. */
export function frameNews(state: GameState, viewer: Viewer, shownVersion: number): FrameNews | null {
  if (state.version === shownVersion) return null;
  if (state.status === 'finished') {
    return { kind: 'finished', headline: resultHeadline(state), detail: resultForViewer(state, viewer) };
  }
  if (viewer.role === 'player' && state.drawOffer === opponentOf(viewer.color)) {
    return { kind: 'draw_offer', headline: `${playerName(state, opponentOf(viewer.color))} offers a draw` };
  }
  if (viewer.role === 'spectator' && state.lastMove) {
    return { kind: 'changed', headline: `New move: ${sideName(opponentOf(state.turn))} played ${state.lastMove.san}` };
  }
  if (state.status === 'active' && viewer.role === 'spectator') {
    return { kind: 'changed', headline: 'Both seats are taken: the game has started' };
  }
  return { kind: 'changed', headline: 'The game has changed since this page was shown' };
}
