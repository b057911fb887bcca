/**
 * The random mover: any legal move the server lists, chosen uniformly. It never accepts a draw (its opinion of
 * the position is worth nothing) and never offers one. A seed makes its games repeatable.
 */
import type { Player, Position } from './player.js';
import { PlayerFailure } from './player.js';
import { makeRandom } from '../shared/seeded-random.js';

export class RandomPlayer implements Player {
  readonly label = 'random';
  private readonly random: () => number;

  constructor(options: { seed?: number } = {}) {
    this.random = options.seed === undefined ? Math.random : makeRandom(options.seed);
  }

  async newGame(): Promise<void> {}

  async chooseMove(position: Position): Promise<string> {
    const moves = position.state.legalMoves;
    if (moves.length === 0) throw new PlayerFailure('The server lists no legal move for this position.');
    return moves[Math.floor(this.random() * moves.length)]!;
  }

  async acceptsDraw(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {}
}
