/**
 * Real game states for the terminal client's tests, made by the real GameService (in memory): no hand-written
 * GameState except where the server cannot produce one yet (clock timeouts).
 */
import type { GameState } from '../../shared/api-schema.js';
import type { Color, DrawAction } from '../../shared/vocabulary.js';
import { GameService } from '../../server/service/game-service.js';
import { MemoryGameStore } from '../../server/store/memory-store.js';
import type { Seat } from '../../tui-client/session.js';

export interface PlayedGame {
  state: GameState;
  seats: Record<Color, Seat>;
  service: GameService;
}

type Step = string | { resign: Color } | { draw: DrawAction; by: Color } | { abort: Color };

function unwrap<T>(result: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

/** Seat alice (white) and bob (black) in a new game (optionally from a FEN) and play the steps in order. */
export function playGame(steps: Step[] = [], options: { fen?: string; seatBlack?: boolean } = {}): PlayedGame {
  const service = new GameService({ store: new MemoryGameStore() });
  const created = unwrap(service.create(options.fen));
  const white = unwrap(service.join(created.id, 'alice', 'white'));
  const seats = { white: { gameId: created.id, color: 'white' as const, token: white.token, name: 'alice' } } as Record<Color, Seat>;
  let state = white.game;
  if (options.seatBlack !== false) {
    const black = unwrap(service.join(created.id, 'bob', 'black'));
    seats.black = { gameId: created.id, color: 'black', token: black.token, name: 'bob' };
    state = black.game;
  }
  for (const step of steps) {
    if (typeof step === 'string') {
      const mover = seats[state.turn];
      state = unwrap(service.move({ gameId: mover.gameId, token: mover.token }, step, state.moves.length));
    } else if ('resign' in step) {
      state = unwrap(service.resign({ gameId: created.id, token: seats[step.resign].token }));
    } else if ('abort' in step) {
      state = unwrap(service.abort({ gameId: created.id, token: seats[step.abort].token }));
    } else {
      state = unwrap(service.draw({ gameId: created.id, token: seats[step.by].token }, step.draw));
    }
  }
  return { state, seats, service };
}

/** Fool's mate: 1. f3 e5 2. g4 Qh4# (black mates). */
export const FOOLS_MATE = ['f3', 'e5', 'g4', 'Qh4'];

/** Knight shuffles that repeat the start position once per four plies. */
export const KNIGHT_SHUFFLE = ['Nf3', 'Nf6', 'Ng1', 'Ng8'];
