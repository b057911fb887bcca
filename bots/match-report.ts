/**
 * What `npm run match` prints: one row per game (players, result, plies, the clocks at the end of a timed game,
 * and how it ended in the words every client uses, shared/outcome-text.ts), then the score and who ran out of
 * time how often. Pure: states in, lines out.
 */
import type { GameState } from '../shared/api-schema.js';
import { resultHeadline, scoreText } from '../shared/outcome-text.js';
import { formatClock } from '../shared/time-control.js';
import { opponentOf, type Color } from '../shared/vocabulary.js';

/** A finished game as the match saw it. */
export interface PlayedGame {
  number: number;
  /** Names of the players, as given to the server. */
  white: string;
  black: string;
  state: Pick<GameState, 'id' | 'status' | 'result' | 'termination' | 'winner' | 'turn' | 'uci' | 'clock'>;
}

/** The side whose time ran out (also when the game was drawn on time for want of mating material), or null. */
export function flaggedSide(state: PlayedGame['state']): Color | null {
  if (state.status !== 'finished' || state.termination !== 'timeout') return null;
  // Only the running clock can run out, and it is the side to move's.
  return state.winner ? opponentOf(state.winner) : state.turn;
}

/** The table's header; `timed` adds the clocks column. */
export function headerRow(timed: boolean): string {
  return row('game', 'white', 'black', 'result', 'plies', timed ? 'clocks' : null, 'how it ended');
}

/** One game's row. */
export function gameRow(game: PlayedGame, timed: boolean): string {
  const { state } = game;
  const clocks = state.clock ? `${formatClock(state.clock.whiteMs)} ${formatClock(state.clock.blackMs)}` : '-';
  return row(
    String(game.number),
    game.white,
    game.black,
    scoreText(state.result, 'plain'),
    String(state.uci.length),
    timed ? clocks : null,
    resultHeadline(state),
  );
}

/** The closing lines: the score of A and B, and (timed matches) how often each ran out of time. */
export function summaryLines(a: string, b: string, games: readonly PlayedGame[], timed: boolean): string[] {
  const points = new Map<string, number>([
    [a, 0],
    [b, 0],
  ]);
  const flags = new Map<string, number>([
    [a, 0],
    [b, 0],
  ]);
  const add = (map: Map<string, number>, name: string, value: number) => map.set(name, (map.get(name) ?? 0) + value);
  for (const { white, black, state } of games) {
    if (state.result === '1-0') add(points, white, 1);
    else if (state.result === '0-1') add(points, black, 1);
    else if (state.result === '1/2-1/2') {
      add(points, white, 0.5);
      add(points, black, 0.5);
    }
    const flagged = flaggedSide(state);
    if (flagged) add(flags, flagged === 'white' ? white : black, 1);
  }
  const lines = [`Score: ${a} ${points.get(a)} - ${points.get(b)} ${b}`];
  if (timed) lines.push(`Ran out of time: ${a} ${flags.get(a)}, ${b} ${flags.get(b)}`);
  return lines;
}

function row(
  game: string,
  white: string,
  black: string,
  result: string,
  plies: string,
  clocks: string | null,
  ending: string,
): string {
  const clockCell = clocks === null ? '' : clocks.padEnd(13);
  return `${game.padStart(4)}  ${white.padEnd(26)}${black.padEnd(26)}${result.padEnd(9)}${plies.padStart(5)}  ${clockCell}${ending}`;
}
