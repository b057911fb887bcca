/**
 * What a bot's brain does, whatever it is (random mover, UCI engine): pick a move for a position and say whether
 * to take a draw offer. The game loop (play-game.ts) does all the talking to the server.
 */
import type { GameState } from '../shared/api-schema.js';
import type { Color } from '../shared/vocabulary.js';

/**
 * The parts of a game's state a player reads: a Rookery GameState has them all; the lichess-API bot
 * (lichess-game.ts) builds them from a game stream's lines.
 */
export type PositionState = Pick<GameState, 'status' | 'turn' | 'timeControl' | 'clock' | 'uci' | 'legalMoves'>;

/** The position a player decides on: the server's state plus the game's initial position. */
export interface Position {
  /** The game's current state, as the server sent it. */
  state: PositionState;
  /** The initial position's FEN for games set up from a position; null for the standard start. */
  initialFen: string | null;
  /** The side this player plays. */
  color: Color;
  /**
   * When the state arrived, as `performance.now()`: its clock figures are as of about then, so a player that
   * looks at the clock counts down from here (see time-budget.ts).
   */
  receivedAt: number;
}

export interface Player {
  /** Shown in logs and match tables, e.g. `random` or `Stockfish 15.1 (50 ms)`. */
  readonly label: string;
  /** Get ready for a new game (UCI: `ucinewgame`). */
  newGame(): Promise<void>;
  /** A legal move in UCI for the side to move (this player's side). */
  chooseMove(position: Position, signal?: AbortSignal): Promise<string>;
  /** Accept the opponent's draw offer in this position? */
  acceptsDraw(position: Position, signal?: AbortSignal): Promise<boolean>;
  /** Release what the player holds (engine processes). */
  close(): Promise<void>;
}

/** A player that can no longer play (an engine that crashed again after its restart): the bot resigns. */
export class PlayerFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlayerFailure';
  }
}
