/**
 * A lichess game stream's lines as the Position a Player decides on (player.ts). Pure.
 *
 * lichess sends the moves (space-separated UCI), both clocks in ms and a status name, but no position and no legal
 * moves: the position is replayed with the domain's own ChessPosition (server/domain/chess-position.ts, the one
 * chess.js adapter), never with rules of the bot's own. Clocks: lichess (and Rookery) start them after each side's
 * first move, so before ply 2 no clock runs and the side to move has a first-move allowance (lichess: 30 s;
 * Rookery: --first-move-seconds, 30 by default); the time budget (time-budget.ts) thinks for a share of
 * FIRST_MOVE_ALLOWANCE_MS then.
 */
import { ChessPosition } from '../server/domain/chess-position.js';
import type { GameState } from '../shared/api-schema.js';
import { correspondence, realtime, type TimeControl } from '../shared/time-control.js';
import { START_FEN, type Color } from '../shared/vocabulary.js';
import type { LichessGameFull, LichessGameState } from './lichess-events.js';
import type { Position } from './player.js';

/** Taken as the time left for a first move: less than lichess's 30 s, for the way there and back. */
export const FIRST_MOVE_ALLOWANCE_MS = 20_000;

/** The facts of one game that do not change: who the bot is in it, where it started, its time control. */
export interface LichessGameFacts {
  gameId: string;
  color: Color;
  opponent: string;
  /** null for the standard start (UCI `position startpos`). */
  initialFen: string | null;
  timeControl: TimeControl | null;
  variant: string;
}

/** The facts of a gameFull for the account `me` (its id or username, compared case-insensitively), or null. */
export function gameFacts(full: LichessGameFull, me: { id: string; username: string }): LichessGameFacts | null {
  const isMe = (player: LichessGameFull['white']) => {
    const names = [player.id, player.name].filter((name): name is string => typeof name === 'string');
    return names.some((name) => [me.id, me.username].some((mine) => mine.toLowerCase() === name.toLowerCase()));
  };
  const color: Color | null = isMe(full.white) ? 'white' : isMe(full.black) ? 'black' : null;
  if (!color) return null;
  const other = color === 'white' ? full.black : full.white;
  const timeControl = full.clock
    ? realtime(full.clock.initial / 1000, full.clock.increment / 1000)
    : full.daysPerTurn
      ? correspondence(full.daysPerTurn)
      : null;
  return {
    gameId: full.id,
    color,
    opponent: other.name ?? other.id ?? 'Anonymous',
    initialFen: full.initialFen === 'startpos' || full.initialFen === START_FEN ? null : full.initialFen,
    timeControl,
    variant: full.variant.key,
  };
}

/** Rookery's three statuses for a lichess status name: anything but created/started is over. */
export function gameStatusOf(status: string): GameState['status'] {
  if (status === 'created') return 'waiting';
  if (status === 'started') return 'active';
  return 'finished';
}

/** lichess writes castling king-takes-rook in some places (e1h1); the position's own list has e1g1. */
const CASTLING_AS_KING_TAKES_ROOK: Record<string, string> = { e1h1: 'e1g1', e1a1: 'e1c1', e8h8: 'e8g8', e8a8: 'e8c8' };

/**
 * The position after the moves and the moves as the position writes them (castling e1g1, for the engine), or the
 * first move that does not fit (a stream that cannot be followed).
 */
export function replay(
  initialFen: string | null,
  moves: readonly string[],
): { ok: true; position: ChessPosition; uci: string[] } | { ok: false; move: string } {
  const position = new ChessPosition(initialFen ?? START_FEN);
  const uci: string[] = [];
  for (const move of moves) {
    const castle = CASTLING_AS_KING_TAKES_ROOK[move];
    const played = position.play(move) ?? (castle ? position.play(castle) : null);
    if (!played) return { ok: false, move };
    uci.push(played.uci);
  }
  return { ok: true, position, uci };
}

/** What the bot knows of a game after one gameState line. */
export interface LichessView {
  position: Position;
  /** Half-moves played. */
  ply: number;
  /** The opponent has a draw offer open. */
  opponentOffersDraw: boolean;
}

/**
 * A gameState as a Position for the bot's side. `receivedAt` is `performance.now()` when the line arrived and
 * `nowMs` the wall clock then (for the first-move deadline).
 */
export function viewOf(
  facts: LichessGameFacts,
  line: LichessGameState,
  receivedAt: number,
  nowMs: number,
): { ok: true; view: LichessView } | { ok: false; message: string } {
  const moves = line.moves.trim() === '' ? [] : line.moves.trim().split(/\s+/u);
  const replayed = replay(facts.initialFen, moves);
  if (!replayed.ok) return { ok: false, message: `the move ${replayed.move} does not fit the position` };
  const status = gameStatusOf(line.status);
  const turn = replayed.position.turn();
  const ply = moves.length;
  const clocksStarted = ply >= 2 || facts.timeControl?.type === 'correspondence';
  const clock =
    facts.timeControl && status === 'active'
      ? {
          whiteMs: Math.max(0, Math.round(line.wtime)),
          blackMs: Math.max(0, Math.round(line.btime)),
          running: clocksStarted ? turn : null,
          deadline: clocksStarted ? null : new Date(nowMs + FIRST_MOVE_ALLOWANCE_MS).toISOString(),
        }
      : null;
  const opponentOffersDraw = facts.color === 'white' ? line.bdraw : line.wdraw;
  return {
    ok: true,
    view: {
      position: {
        state: {
          status,
          turn,
          timeControl: facts.timeControl,
          clock,
          uci: replayed.uci,
          legalMoves: status === 'active' ? [...replayed.position.legalMoves()] : [],
        },
        initialFen: facts.initialFen,
        color: facts.color,
        receivedAt,
      },
      ply,
      opponentOffersDraw: status === 'active' && opponentOffersDraw,
    },
  };
}
