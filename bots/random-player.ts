/**
 * The random mover: any legal move the server lists, chosen uniformly. It never accepts a draw (its opinion of
 * the position is worth nothing) and never offers one. A seed makes its games repeatable.
 */
import type { Player, Position } from './player.js';
import { PlayerFailure } from './player.js';

/** mulberry32: a tiny seeded generator, good enough to pick moves. Returns numbers in [0, 1). */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
