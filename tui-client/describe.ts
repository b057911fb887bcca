/**
 * Words for what the screen shows: the status line, the game-over banner, player names. Pure functions of the
 * state, so the TUI, line mode and tests share them.
 */
import type { GameState } from '../shared/api-schema.js';
import { resultHeadline, scoreText, sideName } from '../shared/outcome-text.js';
import type { Clock } from '../shared/time-control.js';
import { opponentOf, type Color } from '../shared/vocabulary.js';
import { clockNotice } from './clock-text.js';
import type { PollHealth } from './poller.js';
import type { Seat } from './session.js';

/** One status line, e.g. `{tone: 'turn', text: 'Your move'}`. */
export interface StatusLine {
  /** Drives the colour (and the leading mark, so the meaning never rests on colour alone). */
  tone: 'turn' | 'wait' | 'check' | 'alert' | 'over' | 'busy' | 'hurry';
  text: string;
}

/** "bob", or "Black" while the seat is free. */
export function playerName(state: GameState, color: Color): string {
  return state.players[color]?.name ?? sideName(color);
}

/** Whole seconds from `then` to `now`, as "just now" / "1 s ago". */
export function agoText(then: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  return seconds === 0 ? 'just now' : `${seconds} s ago`;
}

/**
 * The always-visible status line. The network state wins over everything else, because while the server cannot
 * be reached nothing else shown can be trusted to be current. `clock` is the game's clock counted down locally to
 * `now`: the line then says who is running out of time, or which deadline is near (clock-text.ts); when it is
 * this player who is short of time the tone is `hurry`.
 */
export function describeStatus(
  state: GameState,
  seat: Seat,
  health: PollHealth,
  now: number,
  pending: string | null,
  clock: Clock | null = null,
): StatusLine {
  if (health.phase === 'failing' && health.retryAt !== null) {
    const seconds = Math.max(0, Math.ceil((health.retryAt - now) / 1000));
    const what = health.failure === 'network' ? 'server unreachable' : `server error (${health.failure})`;
    return { tone: 'alert', text: `${what} — retrying in ${seconds} s` };
  }
  if (pending) return { tone: 'busy', text: pending };
  if (state.status === 'finished') return { tone: 'over', text: `Game over: ${gameOverTitle(state)}` };
  const checked = health.checkedAt === null ? '' : ` (checked ${agoText(health.checkedAt, now)})`;
  const opponent = opponentOf(seat.color);
  if (state.status === 'waiting') {
    // Nobody to resign to: the way out is aborting (item 2 of issue 13).
    const abort = state.canAbort ? ' — x aborts it' : '';
    return { tone: 'wait', text: `Waiting for an opponent to join game ${state.id}…${checked}${abort}` };
  }
  const offer =
    state.drawOffer === opponent ? `${playerName(state, opponent)} offers a draw: = accept, - decline. ` : '';
  const time = clockNotice(state, seat.color, playerName(state, opponent), clock, now);
  const timeText = time ? ` — ${time.text}` : '';
  if (state.turn === seat.color) {
    const tone = time?.urgent ? 'hurry' : null;
    if (state.check) return { tone: tone ?? 'check', text: `${offer}Check! Your move${timeText}` };
    const claim = state.canClaimDraw ? ' (you may claim a draw: =)' : '';
    return { tone: tone ?? 'turn', text: `${offer}Your move${claim}${timeText}` };
  }
  const mine = state.drawOffer === seat.color ? 'Draw offered. ' : '';
  // Whose king: "Check! Waiting for bob" read as if this player were in check.
  const check = state.check ? `${playerName(state, opponent)} is in check. ` : '';
  return {
    tone: time?.urgent ? 'hurry' : 'wait',
    text: `${offer}${mine}${check}Waiting for ${playerName(state, opponent)}…${timeText}${checked}`,
  };
}

/** "Checkmate — Black wins", "White resigned — Black wins", "Draw by stalemate", "Game aborted". */
export const gameOverTitle = resultHeadline;

/** What the result means for this player: "You won!", "You lost.", "Draw.", "No result." (shared/outcome-text.ts). */
export { personalResult } from '../shared/outcome-text.js';

/** The banner's score: "1-0", "1/2-1/2", or "no result" for an aborted game. */
export function gameOverScore(state: Pick<GameState, 'result'>): string {
  return scoreText(state.result, 'plain');
}

/**
 * The status line of a spectator (`--watch`, or w in the lobby): who is to move, check, an open draw offer, the
 * end, and the connection, as the players' line says them but without "you".
 */
export function describeSpectatorStatus(state: GameState | null, health: PollHealth, now: number): StatusLine {
  if (health.phase === 'failing' && health.retryAt !== null) {
    if (health.failure === 'game_not_found') return { tone: 'alert', text: 'There is no such game on this server.' };
    const seconds = Math.max(0, Math.ceil((health.retryAt - now) / 1000));
    const what = health.failure === 'network' ? 'server unreachable' : `server error (${health.failure})`;
    return { tone: 'alert', text: `${what} — retrying in ${seconds} s` };
  }
  if (!state) return { tone: 'busy', text: 'Reading the game…' };
  if (state.status === 'finished') return { tone: 'over', text: `Game over: ${gameOverTitle(state)}` };
  const checked = health.checkedAt === null ? '' : ` (checked ${agoText(health.checkedAt, now)})`;
  if (state.status === 'waiting') return { tone: 'wait', text: `Watching: waiting for a player to join…${checked}` };
  const mover = `${playerName(state, state.turn)} (${state.turn})`;
  const offerer = state.drawOffer ? ` ${playerName(state, state.drawOffer)} offers a draw.` : '';
  const text = state.check ? `Check! ${mover} to move.` : `${mover} to move.`;
  return { tone: state.check ? 'check' : 'wait', text: `Watching: ${text}${offerer}${checked}` };
}
