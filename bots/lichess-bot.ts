/**
 * Rookery's bot as a lichess Bot API account (`npm run bot -- --lichess-api --token T`): the account is read
 * (`GET /api/account`, it must be a BOT), the event stream is opened and kept open (reopened after a drop, with a
 * growing pause), challenges are accepted or declined with lichess's reasons (lichess-challenge-policy.ts), and
 * every gameStart gets a LichessGame with a player of its own (an engine process per game). Games in progress are
 * sent again by the server when the event stream opens, so a bot that reconnects (or restarts) picks them up.
 *
 * Stopping, as lichess-bot does it: `stop()` (the first Ctrl-C) declines new challenges and lets the games in
 * progress finish; `forceStop()` (the second) resigns or aborts them and ends at once.
 */
import { decideChallenge, describeChallenge, isOwnChallenge } from './lichess-challenge-policy.js';
import { LichessHttpError, sleep, type LichessAccount, type LichessClient } from './lichess-client.js';
import { readEvent, type LichessEvent } from './lichess-events.js';
import { defaultRetryDelayMs, LichessGame, type LichessGameResult } from './lichess-game.js';
import type { Player } from './player.js';

export interface LichessBotOptions {
  client: LichessClient;
  /** A fresh player for each game (closed when the game ends). */
  makePlayer: () => Promise<Player>;
  /** Games played at once; challenges beyond are declined with "later" (default 1). */
  maxGames?: number;
  log?: (line: string) => void;
  verbose?: boolean;
  retryDelayMs?: (attempt: number) => number;
}

export class LichessBot {
  private readonly options: LichessBotOptions;
  private readonly log: (line: string) => void;
  private readonly maxGames: number;
  /** Games being played, by id; `game` is null while its player (engine) starts. */
  private readonly games = new Map<string, { game: LichessGame | null }>();
  /** Challenges accepted whose gameStart has not come yet: they count as games in progress. */
  private readonly accepted = new Set<string>();
  private readonly ended = new Set<string>();
  private readonly eventStream = new AbortController();
  private stopping = false;
  private idle: () => void = () => {};
  /** Every finished game, in order. */
  readonly results: LichessGameResult[] = [];
  /** Event streams opened after the first (reconnections). */
  eventReconnects = 0;
  account: LichessAccount | null = null;

  constructor(options: LichessBotOptions) {
    this.options = options;
    this.log = options.log ?? (() => {});
    this.maxGames = options.maxGames ?? 1;
  }

  /** Games being played now. */
  get gamesInProgress(): number {
    return this.games.size;
  }

  /** Run until stopped and every game has ended. Throws when the account cannot be read or is not a bot. */
  async run(): Promise<void> {
    const { client } = this.options;
    const account = await client.account();
    if (account.title !== 'BOT') {
      throw new Error(`${account.username} is not a bot account (lichess's Bot API needs title BOT).`);
    }
    this.account = account;
    this.log(`connected to ${client.baseUrl} as ${account.username}; waiting for challenges (Ctrl-C stops)`);
    const retryDelayMs = this.options.retryDelayMs ?? defaultRetryDelayMs;
    let attempt = 0;
    let opened = 0;
    while (!this.eventStream.signal.aborted) {
      if (opened++ > 0) this.eventReconnects++;
      try {
        for await (const value of client.eventStream(this.eventStream.signal)) {
          attempt = 0;
          await this.handle(readEvent(value));
        }
        if (this.eventStream.signal.aborted) break;
        this.log('the event stream closed; opening it again');
      } catch (error) {
        if (this.eventStream.signal.aborted) break;
        if (error instanceof LichessHttpError && error.status === 401)
          throw new Error(`the token was refused: ${error.message}`);
        this.log(`the event stream dropped (${(error as Error).message}); opening it again`);
      }
      await sleep(retryDelayMs(attempt++), this.eventStream.signal);
    }
    while (this.games.size > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }

  /** Take no new challenges, finish the games in progress, then end `run()`. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    if (this.games.size === 0) this.eventStream.abort();
    else this.log(`stopping after ${this.games.size} game(s) in progress (Ctrl-C again resigns them and quits)`);
  }

  /** Resign (or abort) every game in progress and end `run()` now. */
  async forceStop(): Promise<void> {
    this.stopping = true;
    this.eventStream.abort();
    await Promise.all([...this.games.values()].map((entry) => entry.game?.forfeit()));
  }

  private async handle(event: LichessEvent): Promise<void> {
    const { client } = this.options;
    const me = this.account!;
    switch (event.type) {
      case 'challenge': {
        const { challenge } = event;
        if (isOwnChallenge(challenge, me.id)) return;
        const decision = decideChallenge(challenge, {
          me: me.id,
          gamesInProgress: this.games.size + this.accepted.size,
          maxGames: this.maxGames,
          stopping: this.stopping,
        });
        const what = `challenge ${challenge.id} (${describeChallenge(challenge)})`;
        try {
          if (decision.accept) {
            this.accepted.add(challenge.id);
            await client.accept(challenge.id);
            this.log(`${what}: accepted`);
          } else {
            await client.decline(challenge.id, decision.reason);
            this.log(`${what}: declined (${decision.reason})`);
          }
        } catch (error) {
          this.accepted.delete(challenge.id);
          this.log(`${what}: could not answer: ${(error as Error).message}`);
        }
        return;
      }
      case 'challengeCanceled':
        if (this.accepted.delete(event.challenge.id) || this.options.verbose) {
          this.log(`challenge ${event.challenge.id} was canceled`);
        }
        return;
      case 'gameStart':
        this.accepted.delete(event.game.gameId);
        this.startGame(event.game.gameId);
        return;
      default:
        return;
    }
  }

  private startGame(gameId: string): void {
    if (this.games.has(gameId) || this.ended.has(gameId)) return;
    const me = this.account!;
    const entry: { game: LichessGame | null } = { game: null };
    this.games.set(gameId, entry);
    const game = (async () => {
      const player = await this.options.makePlayer();
      try {
        const playing = new LichessGame({
          client: this.options.client,
          gameId,
          me,
          player,
          log: this.log,
          ...(this.options.verbose ? { verbose: true } : {}),
          ...(this.options.retryDelayMs ? { retryDelayMs: this.options.retryDelayMs } : {}),
        });
        entry.game = playing;
        if (this.eventStream.signal.aborted) await playing.forfeit();
        return await playing.run();
      } finally {
        await player.close();
      }
    })();
    game
      .then((result) => this.results.push(result))
      .catch((error: unknown) => this.log(`game ${gameId}: stopped: ${(error as Error).message}`))
      .finally(() => {
        this.games.delete(gameId);
        this.ended.add(gameId);
        if (this.stopping && this.games.size === 0) this.eventStream.abort();
        this.idle();
      });
  }
}
