/**
 * Stepping back through a game: the position after any number of half-moves, replayed from the game's
 * `initialFen` over its SAN moves (as the server recorded them). Display only: the server decided every move;
 * this only redraws the positions it went through.
 */
import { Chess } from 'chess.js';
import type { GameState } from '../shared/api-schema.js';

/** What the board needs to draw a past position. */
export type PastPosition = Pick<GameState, 'fen' | 'lastMove' | 'check' | 'turn'>;

/** The position after `ply` half-moves of `game` (0 = its start), or null if the moves cannot be replayed. */
export function positionAfter(game: Pick<GameState, 'initialFen' | 'moves'>, ply: number): PastPosition | null {
  try {
    const chess = new Chess(game.initialFen);
    let lastMove: PastPosition['lastMove'] = null;
    for (const san of game.moves.slice(0, ply)) {
      const move = chess.move(san);
      lastMove = { from: move.from, to: move.to } as PastPosition['lastMove'];
    }
    return { fen: chess.fen(), lastMove, check: chess.inCheck(), turn: chess.turn() === 'w' ? 'white' : 'black' };
  } catch {
    return null;
  }
}
