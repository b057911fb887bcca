/**
 * Rookery's GameState in lichess's shapes (lichess-org/api doc/specs/schemas: GameFullEvent, GameStateEvent,
 * GameEventInfo, ChallengeJson, TimeControl, Speed, GameStatusName): pure functions, no I/O.
 *
 * Units differ by place, as on lichess: stream clocks in ms, challenge `timeControl.limit`/`increment` in seconds,
 * `secondsLeft` in seconds, `createdAt` in epoch ms.
 */
import type { GameState } from '../../shared/api-schema.js';
import type { TimeControl } from '../../shared/time-control.js';
import { START_FEN, type Color } from '../../shared/vocabulary.js';
import { holderId, holderName, makeGamePlayer, type SeatHolder } from './lichess-players.js';

/** What lichess sends for a clock that does not run (untimed games): 2^31 - 1 ms. */
export const NO_CLOCK_MS = 2_147_483_647;

export const SPEEDS = ['ultraBullet', 'bullet', 'blitz', 'rapid', 'classical', 'correspondence'] as const;
export type Speed = (typeof SPEEDS)[number];

/** lichess's GameStatusName, with its numeric id (GameStatusId). */
export const STATUS_IDS = {
  created: 10,
  started: 20,
  aborted: 25,
  mate: 30,
  resign: 31,
  stalemate: 32,
  timeout: 33,
  draw: 34,
  outoftime: 35,
  cheat: 36,
  noStart: 37,
  unknownFinish: 38,
  insufficientMaterialClaim: 39,
  variantEnd: 60,
} as const;
export type StatusName = keyof typeof STATUS_IDS;

/** lichess's speed of a time control: estimated duration = limit + 40 × increment (lichess's Speed.scala bounds). */
export function speedOf(control: TimeControl | null): Speed {
  if (!control || control.type === 'correspondence') return 'correspondence';
  const estimate = control.initialSeconds + 40 * control.incrementSeconds;
  if (estimate < 30) return 'ultraBullet';
  if (estimate < 180) return 'bullet';
  if (estimate < 480) return 'blitz';
  if (estimate < 1500) return 'rapid';
  return 'classical';
}

/** The perf name lichess shows for a speed ("Blitz", "UltraBullet"). */
export function perfName(speed: Speed): string {
  return speed === 'ultraBullet' ? 'UltraBullet' : speed[0]!.toUpperCase() + speed.slice(1);
}

/** lichess's TimeControl object of a challenge (seconds). */
export function challengeTimeControl(control: TimeControl | null) {
  if (!control) return { type: 'unlimited' as const };
  if (control.type === 'correspondence') return { type: 'correspondence' as const, daysPerTurn: control.daysPerMove };
  const minutes = control.initialSeconds / 60;
  const shown = Number.isInteger(minutes) ? String(minutes) : String(Math.round(minutes * 100) / 100);
  return {
    type: 'clock' as const,
    limit: control.initialSeconds,
    increment: control.incrementSeconds,
    show: `${shown}+${control.incrementSeconds}`,
  };
}

/** The lichess status of a Rookery game. Anything but `started` (and `created`) is over to a bridge. */
export function statusName(state: GameState): StatusName {
  if (state.status === 'waiting') return 'created';
  if (state.status === 'active') return 'started';
  switch (state.termination) {
    case 'checkmate':
      return 'mate';
    case 'stalemate':
      return 'stalemate';
    case 'resignation':
      return 'resign';
    case 'timeout':
      // A flag that draws (no mating material) is still outoftime, winner absent: lichess-bot reads it so.
      return 'outoftime';
    case 'aborted':
      return 'aborted';
    case 'agreement':
    case 'threefold_repetition':
    case 'fivefold_repetition':
    case 'fifty_move_rule':
    case 'seventy_five_move_rule':
    case 'insufficient_material':
      return 'draw';
    default:
      return 'unknownFinish';
  }
}

/** The variant object: standard, or "From Position" for a game set up from a FEN (as lichess does). */
export function variantOf(state: GameState) {
  return isFromPosition(state)
    ? { key: 'fromPosition', name: 'From Position', short: 'FEN' }
    : { key: 'standard', name: 'Standard', short: 'Std' };
}

function isFromPosition(state: GameState): boolean {
  return state.initialFen !== START_FEN;
}

/** Remaining ms of a side as a stream line shows it (lichess: 2^31 - 1 when untimed). */
function streamClockMs(state: GameState, color: Color): number {
  if (!state.clock) return NO_CLOCK_MS;
  return Math.min(NO_CLOCK_MS, Math.max(0, Math.round(color === 'white' ? state.clock.whiteMs : state.clock.blackMs)));
}

function incrementMs(state: GameState): number {
  return state.timeControl?.type === 'realtime' ? state.timeControl.incrementSeconds * 1000 : 0;
}

/** A `gameState` line: moves in UCI (castling written king-two-squares, e1g1), clocks in ms, always present. */
export function makeGameStateLine(state: GameState) {
  return {
    type: 'gameState' as const,
    moves: state.uci.join(' '),
    wtime: streamClockMs(state, 'white'),
    btime: streamClockMs(state, 'black'),
    winc: incrementMs(state),
    binc: incrementMs(state),
    status: statusName(state),
    ...(state.winner ? { winner: state.winner } : {}),
    wdraw: state.drawOffer === 'white',
    bdraw: state.drawOffer === 'black',
    wtakeback: false,
    btakeback: false,
  };
}

/** The seats of a game as the lichess layer knows them. */
export interface Seats {
  white: SeatHolder;
  black: SeatHolder;
}

/** The `gameFull` line that opens every game stream. */
export function makeGameFull(state: GameState, seats: Seats) {
  const control = state.timeControl;
  const speed = speedOf(control);
  return {
    type: 'gameFull' as const,
    id: state.id,
    variant: variantOf(state),
    speed,
    perf: { name: perfName(speed) },
    rated: false,
    createdAt: Date.parse(state.createdAt),
    white: makeGamePlayer(seats.white),
    black: makeGamePlayer(seats.black),
    initialFen: isFromPosition(state) ? state.initialFen : 'startpos',
    ...(control?.type === 'realtime'
      ? { clock: { initial: control.initialSeconds * 1000, increment: control.incrementSeconds * 1000 } }
      : {}),
    ...(control?.type === 'correspondence' ? { daysPerTurn: control.daysPerMove } : {}),
    state: makeGameStateLine(state),
  };
}

/** lichess's GameEventInfo: the `game` of gameStart/gameFinish events and each entry of /api/account/playing. */
export function makeGameEventInfo(state: GameState, color: Color, seats: Seats) {
  const opponent = color === 'white' ? seats.black : seats.white;
  const speed = speedOf(state.timeControl);
  const status = statusName(state);
  const myMs = state.clock ? (color === 'white' ? state.clock.whiteMs : state.clock.blackMs) : null;
  const lastMove = state.uci.at(-1);
  return {
    fullId: `${state.id}${color === 'white' ? 'w' : 'b'}`,
    gameId: state.id,
    fen: state.fen,
    color,
    ...(lastMove ? { lastMove } : {}),
    source: 'friend',
    status: { id: STATUS_IDS[status], name: status },
    variant: variantOf(state),
    speed,
    perf: speed,
    rated: false,
    hasMoved: state.uci.length > (color === 'white' ? 0 : 1),
    opponent: {
      id: holderId(opponent),
      username: holderName(opponent),
      ...(opponent.kind === 'account' ? { rating: 1500 } : {}),
    },
    isMyTurn: state.status === 'active' && state.turn === color,
    ...(myMs === null ? {} : { secondsLeft: Math.max(0, Math.floor(myMs / 1000)) }),
    ...(state.winner ? { winner: state.winner } : {}),
    compat: { bot: true, board: true },
    id: state.id,
  };
}

/**
 * A move as a lichess client sends it, in the UCI that Rookery reads: castling written king-takes-rook (`e1h1`,
 * as lichess now writes it) becomes king-two-squares (`e1g1`) when a king stands on the from-square; anything else
 * is left to the service to judge.
 */
export function normalizeCastling(uci: string, fen: string): string {
  const castles: Record<string, string> = { e1h1: 'e1g1', e1a1: 'e1c1', e8h8: 'e8g8', e8a8: 'e8c8' };
  const standard = castles[uci];
  if (!standard) return uci;
  const king = uci[1] === '1' ? 'K' : 'k';
  return pieceAt(fen, 'e', Number(uci[1])) === king ? standard : uci;
}

/** The piece letter on a square of a FEN's board, or null when empty. */
function pieceAt(fen: string, file: string, rank: number): string | null {
  const row = fen.split(' ')[0]?.split('/')[8 - rank];
  if (!row) return null;
  let column = 0;
  const target = file.charCodeAt(0) - 97;
  for (const char of row) {
    if (/\d/u.test(char)) column += Number(char);
    else {
      if (column === target) return char;
      column++;
    }
    if (column > target) return null;
  }
  return null;
}
