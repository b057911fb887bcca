/**
 * Real game states for the terminal client's tests, made by the real game rules (the domain's ChessBoard, which is
 * what the server's GameService answers with): no hand-written GameState except where the server cannot produce one
 * yet (clock timeouts).
 */
import type { GameState } from '../../shared/api-schema.js';
import type { Result } from '../../shared/result.js';
import type { Color, DrawAction } from '../../shared/vocabulary.js';
import { ChessBoard } from '../../server/domain/chess-board.js';
import type { Seat } from '../../tui-client/session.js';

export interface PlayedGame {
  state: GameState;
  seats: Record<Color, Seat>;
}

type Step = string | { resign: Color } | { draw: DrawAction; by: Color } | { abort: Color };

const AT = '2026-11-21T17:00:00.000Z';

function check(result: Result<unknown, { ok: false; code: string; message: string }>): void {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
}

/** Seat alice (white) and bob (black) in a new game (optionally from a FEN) and play the steps in order. */
export function playGame(steps: Step[] = [], options: { fen?: string; seatBlack?: boolean } = {}): PlayedGame {
  let initialFen: string | null = null;
  if (options.fen !== undefined) {
    const parsed = ChessBoard.parseStartFen(options.fen);
    check(parsed);
    if (parsed.ok) initialFen = parsed.value;
  }
  const board = ChessBoard.create('Tst0game0001', AT, initialFen);
  check(board.join('alice', 'hash-of-white-token', AT, 'white'));
  const seats = {
    white: { gameId: board.id, color: 'white' as const, token: 'white-token', name: 'alice' },
  } as Record<Color, Seat>;
  if (options.seatBlack !== false) {
    check(board.join('bob', 'hash-of-black-token', AT, 'black'));
    seats.black = { gameId: board.id, color: 'black', token: 'black-token', name: 'bob' };
  }
  for (const step of steps) {
    if (typeof step === 'string') check(board.move(board.turn, step, AT, board.plies));
    else if ('resign' in step) check(board.resign(step.resign, AT));
    else if ('abort' in step) check(board.abort(step.abort, AT));
    else check(board.draw(step.by, step.draw, AT));
  }
  return { state: board.state(), seats };
}

/** Fool's mate: 1. f3 e5 2. g4 Qh4# (black mates). */
export const FOOLS_MATE = ['f3', 'e5', 'g4', 'Qh4'];

/** Knight shuffles that repeat the start position once per four plies. */
export const KNIGHT_SHUFFLE = ['Nf3', 'Nf6', 'Ng1', 'Ng8'];
