/**
 * A Player backed by a UCI engine (uci-engine.ts), with the policies a bot needs around it:
 * - Search limit: from the game's clock (time-budget.ts): `go wtime/btime/winc/binc` in a realtime game, a
 *   capped `--movetime`/`--depth` otherwise (100 ms per move in untimed games when neither is given).
 * - Failure: when the engine crashes or goes silent, it is restarted once and asked again; a second failure in
 *   the same game is a PlayerFailure, on which the bot resigns cleanly.
 * - Draws: an offer is accepted only when a fresh search scores the position level: within ±drawThresholdCp
 *   centipawns (30 by default) and no mate in sight. Otherwise it is declined.
 */
import type { Player, Position } from './player.js';
import { PlayerFailure } from './player.js';
import { searchLimitFor, sideSearchCap, UNTIMED_MOVETIME_MS } from './time-budget.js';
import { EngineError, UciEngine, type SearchLimit, type SearchResult, type UciEngineOptions } from './uci-engine.js';

export interface UciPlayerOptions extends UciEngineOptions {
  /** Search time per move in ms (capped by the clock in timed games). */
  movetime?: number;
  /** Search depth per move (capped in time by the clock in timed games). */
  depth?: number;
  /** Largest |score| in centipawns that counts as level when a draw is offered (default 30). */
  drawThresholdCp?: number;
  /** Search time for judging a draw offer, in ms (default: movetime, at most 500). */
  drawSearchMs?: number;
  /** Time kept back from the clock for transport, in ms (default: time-budget.ts TRANSPORT_RESERVE_MS). */
  clockReserveMs?: number;
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
    // Without either, the clock decides in timed games (and 100 ms per move in untimed ones): just the name.
    if (!movetime && !depth) return this.engine.name;
    const limit = [depth ? `depth ${depth}` : '', movetime ? `${movetime} ms` : ''].filter(Boolean).join(', ');
    return `${this.engine.name} (${limit})`;
  }

  async newGame(): Promise<void> {
    this.hasRestarted = false;
    await this.withRestart((engine) => engine.newGame());
  }

  async chooseMove(position: Position): Promise<string> {
    const result = await this.search(position, () => this.limitFor(position));
    return result.bestMove;
  }

  async acceptsDraw(position: Position): Promise<boolean> {
    const wanted = this.options.drawSearchMs ?? Math.min(this.options.movetime ?? UNTIMED_MOVETIME_MS, 500);
    const { score } = await this.search(position, () => ({
      movetime: Math.min(wanted, sideSearchCap(this.clockInput(position))),
    }));
    if (!score || score.kind === 'mate') return false;
    return Math.abs(score.value) <= (this.options.drawThresholdCp ?? 30);
  }

  async close(): Promise<void> {
    await this.engine.quit();
  }

  /** Worked out just before each `go` (again after a restart): the clock keeps running meanwhile. */
  private limitFor(position: Position): SearchLimit {
    const { movetime, depth } = this.options;
    return searchLimitFor({
      ...this.clockInput(position),
      limits: { ...(movetime ? { movetime } : {}), ...(depth ? { depth } : {}) },
    });
  }

  private clockInput(position: Position) {
    return {
      state: position.state,
      color: position.color,
      elapsedMs: performance.now() - position.receivedAt,
      nowMs: Date.now(),
      ...(this.options.clockReserveMs === undefined ? {} : { reserveMs: this.options.clockReserveMs }),
    };
  }

  private search(position: Position, limit: () => SearchLimit): Promise<SearchResult> {
    const moves = position.state.uci;
    return this.withRestart((engine) => engine.search({ initialFen: position.initialFen, moves }, limit()));
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
