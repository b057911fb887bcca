/**
 * A Player backed by a UCI engine (uci-engine.ts), with the policies a bot needs around it:
 * - Search limit: `go wtime/btime/winc/binc` when the game has a clock, else `--movetime` and/or `--depth`
 *   (100 ms when neither is given).
 * - Failure: when the engine crashes or goes silent, it is restarted once and asked again; a second failure in
 *   the same game is a PlayerFailure, on which the bot resigns cleanly.
 * - Draws: an offer is accepted only when a fresh search scores the position level: within ±drawThresholdCp
 *   centipawns (30 by default) and no mate in sight. Otherwise it is declined.
 */
import type { Player, Position } from './player.js';
import { PlayerFailure } from './player.js';
import {
  EngineError,
  UciEngine,
  type SearchLimit,
  type SearchResult,
  type UciClock,
  type UciEngineOptions,
} from './uci-engine.js';

export interface UciPlayerOptions extends UciEngineOptions {
  /** Search time per move in ms. */
  movetime?: number;
  /** Search depth per move. */
  depth?: number;
  /** Largest |score| in centipawns that counts as level when a draw is offered (default 30). */
  drawThresholdCp?: number;
  /** Search time for judging a draw offer, in ms (default: movetime, at most 500). */
  drawSearchMs?: number;
}

/** Search time when neither movetime nor depth is given. */
const DEFAULT_MOVETIME_MS = 100;

/**
 * The clock of a state in UCI terms, or null for an untimed game. Reads `whiteMs`, `blackMs` and optional
 * `incrementMs` (all games are untimed today: the server sends `clock: null`).
 */
export function readClock(clock: unknown): UciClock | null {
  if (typeof clock !== 'object' || clock === null) return null;
  const { whiteMs, blackMs, incrementMs } = clock as Record<string, unknown>;
  if (typeof whiteMs !== 'number' || typeof blackMs !== 'number') return null;
  const increment = typeof incrementMs === 'number' ? incrementMs : 0;
  return { wtime: whiteMs, btime: blackMs, winc: increment, binc: increment };
}

export class UciPlayer implements Player {
  private engine: UciEngine;
  private readonly options: UciPlayerOptions;
  private hasRestarted = false;

  private constructor(engine: UciEngine, options: UciPlayerOptions) {
    this.engine = engine;
    this.options = options;
  }

  /** Start the engine (so that a wrong path fails before the bot joins a game). */
  static async start(options: UciPlayerOptions): Promise<UciPlayer> {
    return new UciPlayer(await UciEngine.start(options), options);
  }

  get label(): string {
    const { movetime, depth } = this.options;
    const limit = [depth ? `depth ${depth}` : '', movetime || !depth ? `${movetime ?? DEFAULT_MOVETIME_MS} ms` : '']
      .filter(Boolean)
      .join(', ');
    return `${this.engine.name} (${limit})`;
  }

  async newGame(): Promise<void> {
    this.hasRestarted = false;
    await this.withRestart((engine) => engine.newGame());
  }

  async chooseMove(position: Position): Promise<string> {
    const result = await this.search(position, this.limitFor(position));
    return result.bestMove;
  }

  async acceptsDraw(position: Position): Promise<boolean> {
    const searchMs = this.options.drawSearchMs ?? Math.min(this.options.movetime ?? DEFAULT_MOVETIME_MS, 500);
    const { score } = await this.search(position, { movetime: searchMs });
    if (!score || score.kind === 'mate') return false;
    return Math.abs(score.value) <= (this.options.drawThresholdCp ?? 30);
  }

  async close(): Promise<void> {
    await this.engine.quit();
  }

  private limitFor(position: Position): SearchLimit {
    const clock = readClock(position.state.clock);
    if (clock) return { clock };
    const { movetime, depth } = this.options;
    if (depth && !movetime) return { depth };
    return depth ? { movetime: movetime!, depth } : { movetime: movetime ?? DEFAULT_MOVETIME_MS };
  }

  private search(position: Position, limit: SearchLimit): Promise<SearchResult> {
    const moves = position.state.uci;
    return this.withRestart((engine) => engine.search({ initialFen: position.initialFen, moves }, limit));
  }

  /** Run a request; on an engine failure restart it once per game and try again, then give up. */
  private async withRestart<T>(request: (engine: UciEngine) => Promise<T>): Promise<T> {
    try {
      return await request(this.engine);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      if (this.hasRestarted)
        throw new PlayerFailure(`The engine failed again after a restart: ${error.message}`, { cause: error });
      this.hasRestarted = true;
      this.engine.kill();
      try {
        this.engine = await UciEngine.start(this.options);
        await this.engine.newGame();
        return await request(this.engine);
      } catch (retryError) {
        const reason = retryError instanceof Error ? retryError.message : String(retryError);
        throw new PlayerFailure(`The engine failed (${error.message}) and again after a restart: ${reason}`, {
          cause: retryError,
        });
      }
    }
  }
}
