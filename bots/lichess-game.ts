/**
 * One game of the lichess-API bot: follow `GET /api/bot/game/stream/{id}` (gameFull first, then gameState lines)
 * and answer each new state: a draw offer of the opponent's with the player's opinion (`draw/yes|no`), the bot's
 * turn with the player's move (`move/{uci}`), the clocks going to the player as wtime/btime/winc/binc
 * (lichess-position.ts, time-budget.ts).
 *
 * Reading and thinking are apart: a reader takes every line as it comes (so keep-alives are seen and a silent
 * stream is noticed while the engine thinks) and keeps only the newest state; a worker answers the newest state
 * whenever it is free. A stream that drops or closes before the game is over is opened again (its gameFull tells
 * the whole state again), after a growing pause. A player that fails for good (PlayerFailure) makes the bot resign.
 */
import { LichessHttpError, sleep, type LichessAccount, type LichessClient } from './lichess-client.js';
import { readGameLine, type LichessGameState } from './lichess-events.js';
import { gameFacts, viewOf, type LichessGameFacts, type LichessView } from './lichess-position.js';
import { PlayerFailure, type Player } from './player.js';

/** The pause before stream attempt `attempt` (0-based) after a drop: 1 s, 2 s, 4 s … at most 30 s. */
export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}

/** Tries of a request lost on the way, and the pause before each new try (times the try). */
const SEND_ATTEMPTS = 4;
const SEND_RETRY_MS = 250;

export interface LichessGameOptions {
  client: LichessClient;
  gameId: string;
  me: LichessAccount;
  player: Player;
  log: (line: string) => void;
  verbose?: boolean;
  retryDelayMs?: (attempt: number) => number;
}

/** How a game ended for the bot. */
export interface LichessGameResult {
  gameId: string;
  /** lichess's status name (`mate`, `resign`, `outoftime`, `draw`, …), or `unknown` when the stream was lost. */
  status: string;
  winner: 'white' | 'black' | null;
  color: 'white' | 'black' | null;
  opponent: string | null;
  plies: number;
  /** Why the bot resigned on its own (an engine that failed), or null. */
  failure: string | null;
  /** Streams opened after the first (reconnections). */
  reconnects: number;
}

export class LichessGame {
  readonly gameId: string;
  private readonly options: LichessGameOptions;
  private readonly stopStreams = new AbortController();
  private facts: LichessGameFacts | null = null;
  private latest: { line: LichessGameState; receivedAt: number; nowMs: number } | null = null;
  private handled: LichessGameState | null = null;
  private wake: () => void = () => {};
  private over = false;
  private movedAtPly = -1;
  private answeredDrawAtPly = -1;
  private failure: string | null = null;
  private reconnects = 0;
  private lostReason: string | null = null;

  constructor(options: LichessGameOptions) {
    this.options = options;
    this.gameId = options.gameId;
  }

  /** Half-moves played, as last seen. */
  get plies(): number {
    const moves = this.latest?.line.moves.trim() ?? '';
    return moves === '' ? 0 : moves.split(/\s+/u).length;
  }

  /** Play the game to its end. */
  async run(): Promise<LichessGameResult> {
    const reading = this.read();
    try {
      await this.work();
    } finally {
      this.over = true;
      this.stopStreams.abort();
      await reading;
    }
    const last = this.latest?.line;
    return {
      gameId: this.gameId,
      status: last && last.status !== 'started' && last.status !== 'created' ? last.status : 'unknown',
      winner: last?.winner ?? null,
      color: this.facts?.color ?? null,
      opponent: this.facts?.opponent ?? null,
      plies: this.plies,
      failure: this.failure ?? (this.lostReason && !last ? this.lostReason : null),
      reconnects: this.reconnects,
    };
  }

  /**
   * Abort a game not yet started, resign one in play; then stop following it (a second Ctrl-C), or follow it to its
   * final state (`keepFollowing`, after an engine failure).
   */
  async forfeit(options: { keepFollowing?: boolean } = {}): Promise<void> {
    if (this.over) return;
    const { client } = this.options;
    try {
      if (this.plies < 2) await client.abort(this.gameId).catch(() => client.resign(this.gameId));
      else await client.resign(this.gameId);
    } catch (error) {
      this.options.log(`game ${this.gameId}: could not resign: ${(error as Error).message}`);
    }
    if (!options.keepFollowing) this.end();
  }

  private end(): void {
    this.over = true;
    this.stopStreams.abort();
    this.wake();
  }

  /** The reader: open the stream, keep the newest state, open it again when it drops before the end. */
  private async read(): Promise<void> {
    const { client, log } = this.options;
    const retryDelayMs = this.options.retryDelayMs ?? defaultRetryDelayMs;
    let attempt = 0;
    let opened = 0;
    while (!this.over) {
      if (opened++ > 0) this.reconnects++;
      try {
        for await (const value of client.gameStream(this.gameId, this.stopStreams.signal)) {
          attempt = 0;
          const line = readGameLine(value);
          if (line.type === 'gameFull') {
            const facts = gameFacts(line, this.options.me);
            if (!facts) {
              this.lostReason = `${this.options.me.username} does not play in this game`;
              return this.end();
            }
            if (!this.facts) {
              log(
                `game ${this.gameId}: playing ${facts.color} against ${facts.opponent} (${facts.variant}${facts.timeControl?.type === 'realtime' ? `, ${facts.timeControl.initialSeconds / 60}+${facts.timeControl.incrementSeconds}` : ''})`,
              );
            }
            this.facts = facts;
            // A stream opened again tells the state again: a move sent before the drop that this state does not
            // show never arrived, so the same ply is answered again (if it did arrive meanwhile, it is refused).
            this.movedAtPly = -1;
            this.offer(line.state);
          } else if (line.type === 'gameState') {
            this.offer(line);
          } else if (line.type === 'chatLine' && this.options.verbose) {
            log(`game ${this.gameId}: ${line.username} says: ${line.text}`);
          }
          if (this.over) return;
        }
        if (this.over) return;
        log(`game ${this.gameId}: the stream closed before the game ended; opening it again`);
      } catch (error) {
        if (this.over) return;
        if (error instanceof LichessHttpError && (error.status === 404 || error.status === 401)) {
          this.lostReason = `the game stream was refused: ${error.message} (${error.status})`;
          log(`game ${this.gameId}: ${this.lostReason}`);
          return this.end();
        }
        log(`game ${this.gameId}: the stream dropped (${(error as Error).message}); opening it again`);
      }
      await sleep(retryDelayMs(attempt++), this.stopStreams.signal);
    }
  }

  /** Keep a state as the newest and wake the worker; a final state ends the game. */
  private offer(line: LichessGameState): void {
    this.latest = { line, receivedAt: performance.now(), nowMs: Date.now() };
    if (line.status !== 'started' && line.status !== 'created') this.over = true;
    this.wake();
  }

  /** The worker: answer the newest state whenever there is one not yet answered. */
  private async work(): Promise<void> {
    const { log } = this.options;
    await this.options.player.newGame();
    while (true) {
      const current = this.latest;
      if (!current || current.line === this.handled || !this.facts) {
        if (this.over) return this.finish();
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      this.handled = current.line;
      const seen = viewOf(this.facts, current.line, current.receivedAt, current.nowMs);
      if (!seen.ok) {
        log(`game ${this.gameId}: cannot follow the game: ${seen.message}`);
        continue;
      }
      if (seen.view.position.state.status === 'finished') return this.finish();
      try {
        await this.answer(seen.view);
      } catch (error) {
        if (!(error instanceof PlayerFailure)) throw error;
        this.failure = error.message;
        log(`game ${this.gameId}: giving up: ${error.message}`);
        await this.forfeit({ keepFollowing: true });
      }
    }
  }

  private async answer(view: LichessView): Promise<void> {
    const { client, player, log, verbose } = this.options;
    const { position, ply } = view;
    if (view.opponentOffersDraw && this.answeredDrawAtPly !== ply) {
      this.answeredDrawAtPly = ply;
      const accept = await player.acceptsDraw(position);
      log(`game ${this.gameId}: draw offered: ${accept ? 'accepting' : 'declining'}`);
      if (!(await this.send(() => client.draw(this.gameId, accept), 'the draw answer'))) return;
      if (accept) return;
    }
    if (position.state.turn !== position.color || this.movedAtPly === ply) return;
    this.movedAtPly = ply;
    const move = await player.chooseMove(position);
    if (verbose) log(`game ${this.gameId}: ply ${ply}: ${move}`);
    await this.send(() => client.move(this.gameId, move), `move ${move}`);
  }

  /**
   * Send a request. An answer of the server's (a 400: the game moved on or ended before it arrived) is final: the
   * next state tells the truth, so it is logged and the worker waits. A request lost on the way (no answer, a
   * dropped connection) is sent again, a few times: a move that did land meanwhile is then refused, harmlessly.
   */
  private async send(request: () => Promise<void>, what: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await request();
        return true;
      } catch (error) {
        const answered = error instanceof LichessHttpError;
        const detail = answered ? `${error.message} (${error.status})` : (error as Error).message;
        if (answered || attempt >= SEND_ATTEMPTS || this.over) {
          this.options.log(`game ${this.gameId}: ${what} refused: ${detail}`);
          return false;
        }
        this.options.log(`game ${this.gameId}: ${what} lost (${detail}); sending it again`);
        await sleep(SEND_RETRY_MS * attempt, this.stopStreams.signal);
      }
    }
  }

  private finish(): void {
    const last = this.latest?.line;
    if (!last || !this.facts) return;
    if (last.status === 'started' || last.status === 'created') {
      this.options.log(`game ${this.gameId}: left (${this.plies} half-moves)`);
      return;
    }
    const winner = last.winner ? (last.winner === this.facts.color ? 'won' : 'lost') : 'no winner';
    this.options.log(`game ${this.gameId}: over: ${last.status}, ${winner} (${this.plies} half-moves)`);
  }
}
