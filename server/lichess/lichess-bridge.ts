import type { GameState } from '../../shared/api-schema.js';
import type { TimeControl } from '../../shared/time-control.js';
import { COLORS, opponentOf, type Color, type DrawAction } from '../../shared/vocabulary.js';
import type { Account } from '../accounts/account-store.js';
import type { Accounts } from '../accounts/accounts.js';
import type { GameService, ServiceResult } from '../service/game-service.js';
import type { GameVersion } from '../bus/game-bus.js';
import {
  ChallengeRegistry,
  DECLINE_REASONS,
  makeChallengeId,
  type Challenge,
  type DeclineReason,
} from './challenge-registry.js';
import { makeChallengeUser, type SeatHolder } from './lichess-players.js';
import {
  challengeTimeControl,
  makeGameEventInfo,
  makeGameFull,
  makeGameStateLine,
  perfName,
  speedOf,
  type Seats,
} from './lichess-shapes.js';
import { NdjsonStreams, type NdjsonStream } from './ndjson-stream.js';
import { deriveSeatToken } from './seat-derivation.js';

/** lichess's keep-alive interval on NDJSON streams. */
export const DEFAULT_KEEP_ALIVE_MS = 6000;
/** Chat lines kept per game. */
const CHAT_LINES_KEPT = 200;

export interface ChatLine {
  room: 'player' | 'spectator';
  username: string;
  text: string;
}

/** A failure with the HTTP status lichess answers it with, and its sentence for `{"error": ...}`. */
export interface LichessFailure {
  ok: false;
  status: number;
  message: string;
}
export type LichessResult<T> = { ok: true; value: T } | LichessFailure;

export function lichessFail(status: number, message: string): LichessFailure {
  return { ok: false, status, message };
}

export interface ChallengeRequest {
  challenger: SeatHolder;
  /** Key of the challenger's seat token (their account token, or a guest's challenge secret). */
  challengerCredential: string;
  destUser: Account;
  timeControl: TimeControl | null;
  fen: string | null;
  color: Color | 'random';
}

export interface LichessBridgeOptions {
  service: GameService;
  accounts: Accounts;
  /** Milliseconds between keep-alive lines on every NDJSON stream (default 6 s; tests shorten it). */
  keepAliveMs?: number;
  /** The site's base URL for `url` fields, when requests do not say (default http://127.0.0.1:8080). */
  baseUrl?: string;
  onError?: (error: unknown) => void;
}

export class LichessBridge {
  readonly service: GameService;
  readonly accounts: Accounts;
  readonly challenges = new ChallengeRegistry();
  readonly streams: NdjsonStreams;
  private readonly eventStreams = new Map<string, { stream: NdjsonStream; baseUrl: string }>();
  private readonly seatCache = new Map<string, Seats>();
  /** Games with an account seat that have not finished: their end is announced as gameFinish. */
  private readonly tracked = new Set<string>();
  private readonly chats = new Map<string, ChatLine[]>();
  private readonly chatListeners = new Map<string, Set<(line: ChatLine) => void>>();
  private stopTap: () => void = () => {};
  private readonly onError: (error: unknown) => void;

  constructor(options: LichessBridgeOptions) {
    this.service = options.service;
    this.accounts = options.accounts;
    this.streams = new NdjsonStreams(options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
    this.onError = options.onError ?? (() => {});
    this.challenges.onChange((challenge) => this.announceChallenge(challenge));
  }

  /** Follow the games with account seats (those left unfinished by a previous run too). */
  async start(): Promise<void> {
    this.stopTap = this.service.bus.tap((snapshot) => this.onPublished(snapshot));
    for (const seat of await this.accounts.store.openSeats()) this.tracked.add(seat.gameId);
    for (const gameId of [...this.tracked]) {
      const state = await this.service.state(gameId);
      if (!state.ok || state.value.status === 'finished') {
        this.tracked.delete(gameId);
        await this.accounts.store.markFinished(gameId);
      }
    }
  }

  close(): void {
    this.stopTap();
    this.streams.endAll();
    this.challenges.close();
  }

  // ---- who ----

  isOnline(accountId: string): boolean {
    return this.eventStreams.get(accountId)?.stream.isOpen ?? false;
  }

  /** Bot accounts whose event stream is open now, by name. */
  async onlineBots(): Promise<Account[]> {
    const online: Account[] = [];
    for (const accountId of this.eventStreams.keys()) {
      const account = await this.accounts.store.byId(accountId);
      if (account?.title === 'BOT' && this.isOnline(accountId)) online.push(account);
    }
    return online.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Who sits in each seat of a game, or null when it is not a game with both seats taken. */
  async seatsOf(gameId: string, state?: GameState): Promise<Seats | null> {
    const cached = this.seatCache.get(gameId);
    if (cached) return cached;
    const current = state ?? (await this.service.state(gameId));
    const game = 'ok' in current ? (current.ok ? current.value : null) : current;
    if (!game?.players.white || !game.players.black) return null;
    const accountSeats = await this.accounts.store.seatsOf(gameId);
    const holders: Partial<Record<Color, SeatHolder>> = {};
    for (const color of COLORS) {
      const seat = accountSeats.find((held) => held.color === color);
      const account = seat && (await this.accounts.store.byId(seat.accountId));
      holders[color] = account ? { kind: 'account', account } : { kind: 'guest', name: game.players[color]!.name };
    }
    const seats = { white: holders.white!, black: holders.black! };
    this.seatCache.set(gameId, seats);
    return seats;
  }

  /** The colour an account holds in a game, or null. */
  async colorOf(gameId: string, account: Account): Promise<Color | null> {
    const seats = await this.accounts.store.seatsOf(gameId);
    return seats.find((seat) => seat.accountId === account.id)?.color ?? null;
  }

  /** The account's games in progress, as /api/account/playing lists them. */
  async nowPlaying(account: Account) {
    const games = [];
    for (const seat of await this.accounts.store.openSeats(account.id)) {
      const state = await this.service.state(seat.gameId);
      if (!state.ok || state.value.status === 'finished') continue;
      const seats = await this.seatsOf(seat.gameId, state.value);
      if (seats) games.push(makeGameEventInfo(state.value, seat.color, seats));
    }
    return games;
  }

  // ---- challenges ----

  /** A challenge to an account, from an account or a guest. */
  challenge(request: ChallengeRequest): LichessResult<Challenge> {
    if (request.destUser.title !== 'BOT' && request.challenger.kind === 'guest') {
      return lichessFail(400, `${request.destUser.username} is not a bot.`);
    }
    if (request.challenger.kind === 'account' && request.challenger.account.id === request.destUser.id) {
      return lichessFail(400, 'You cannot challenge yourself.');
    }
    const id = makeChallengeId();
    const finalColor: Color = request.color === 'random' ? (Math.random() < 0.5 ? 'white' : 'black') : request.color;
    const now = Date.now();
    const challenge: Challenge = {
      id,
      challenger: request.challenger,
      destUser: request.destUser,
      timeControl: request.timeControl,
      fen: request.fen,
      color: request.color,
      finalColor,
      challengerSeatToken: deriveSeatToken(request.challengerCredential, id, finalColor),
      createdAt: now,
      expiresAt: now + ChallengeRegistry.lifetimeMs(request.timeControl, request.challenger),
      status: 'created',
    };
    this.challenges.add(challenge);
    return { ok: true, value: challenge };
  }

  /**
   * The challenged account accepts: the game of the challenge's id is created with its time control and both seats
   * are taken (the bot's with the seat token derived from `credential`), then both sides hear gameStart.
   */
  async accept(challengeId: string, account: Account, credential: string): Promise<LichessResult<GameState>> {
    const challenge = this.challenges.get(challengeId);
    if (challenge?.status !== 'created' || challenge.destUser.id !== account.id) {
      return lichessFail(404, 'Challenge not found.');
    }
    // Settled first, in this turn of the event loop: a second accept (or a cancel) finds it taken.
    const created = await this.service.create(challenge.fen ?? undefined, challenge.timeControl, challenge.id);
    if (!created.ok) {
      this.challenges.settle(challengeId, 'canceled');
      return lichessFail(400, created.message);
    }
    const challengerColor = challenge.finalColor;
    const botColor = opponentOf(challengerColor);
    const first = await this.service.join(
      challenge.id,
      holderNameForSeat(challenge.challenger),
      challengerColor,
      challenge.challengerSeatToken,
    );
    if (!first.ok) return this.failAccept(challenge, first.message);
    if (challenge.challenger.kind === 'account') {
      await this.accounts.store.addSeat({
        gameId: challenge.id,
        color: challengerColor,
        accountId: challenge.challenger.account.id,
      });
    }
    await this.accounts.store.addSeat({ gameId: challenge.id, color: botColor, accountId: account.id });
    this.tracked.add(challenge.id);
    const second = await this.service.join(
      challenge.id,
      account.username,
      botColor,
      deriveSeatToken(credential, challenge.id, botColor),
    );
    if (!second.ok) return this.failAccept(challenge, second.message);
    this.challenges.settle(challengeId, 'accepted');
    const state = second.value.game;
    const seats = await this.seatsOf(challenge.id, state);
    if (seats) {
      this.sendEvent(account.id, { type: 'gameStart', game: makeGameEventInfo(state, botColor, seats) });
      if (challenge.challenger.kind === 'account') {
        this.sendEvent(challenge.challenger.account.id, {
          type: 'gameStart',
          game: makeGameEventInfo(state, challengerColor, seats),
        });
      }
    }
    return { ok: true, value: state };
  }

  decline(challengeId: string, account: Account, reason: DeclineReason): LichessResult<null> {
    const challenge = this.challenges.get(challengeId);
    if (challenge?.status !== 'created' || challenge.destUser.id !== account.id) {
      return lichessFail(404, 'Challenge not found.');
    }
    this.challenges.settle(challengeId, 'declined', { declineReason: reason });
    return { ok: true, value: null };
  }

  /** The challenger (or the challenged) calls an open challenge off. */
  cancel(challengeId: string, by: { accountId: string } | { guestOf: Challenge }): LichessResult<null> {
    const challenge = this.challenges.get(challengeId);
    const mine =
      challenge &&
      ('guestOf' in by
        ? by.guestOf === challenge
        : challenge.destUser.id === by.accountId ||
          (challenge.challenger.kind === 'account' && challenge.challenger.account.id === by.accountId));
    if (!challenge || !mine || challenge.status !== 'created') return lichessFail(404, 'Challenge not found.');
    this.challenges.settle(challengeId, 'canceled');
    return { ok: true, value: null };
  }

  /** lichess's ChallengeJson, as seen by `viewerId` (direction). */
  challengeJson(challenge: Challenge, baseUrl: string, viewerId?: string) {
    const speed = speedOf(challenge.timeControl);
    const challengerId = challenge.challenger.kind === 'account' ? challenge.challenger.account.id : null;
    const direction = viewerId === undefined ? undefined : viewerId === challengerId ? 'out' : 'in';
    return {
      id: challenge.id,
      url: `${baseUrl}/games/${challenge.id}`,
      status: challenge.status,
      challenger: makeChallengeUser(challenge.challenger, challengerId === null ? true : this.isOnline(challengerId)),
      destUser: makeChallengeUser(
        { kind: 'account', account: challenge.destUser },
        this.isOnline(challenge.destUser.id),
      ),
      variant: challenge.fen
        ? { key: 'fromPosition', name: 'From Position', short: 'FEN' }
        : { key: 'standard', name: 'Standard', short: 'Std' },
      rated: false,
      speed,
      timeControl: challengeTimeControl(challenge.timeControl),
      color: challenge.color,
      finalColor: challenge.finalColor,
      perf: { icon: '', name: perfName(speed) },
      ...(direction ? { direction } : {}),
      ...(challenge.fen ? { initialFen: challenge.fen } : {}),
      ...(challenge.status === 'declined'
        ? {
            declineReason: DECLINE_REASONS[challenge.declineReason ?? 'generic'],
            declineReasonKey: challenge.declineReason ?? 'generic',
          }
        : {}),
    };
  }

  // ---- event streams ----

  /**
   * Open an account's event stream (closing the one it had): open challenges and games in progress are sent first,
   * as lichess does, then events as they happen.
   */
  async openEventStream(account: Account, stream: NdjsonStream, baseUrl: string): Promise<void> {
    const previous = this.eventStreams.get(account.id);
    this.eventStreams.set(account.id, { stream, baseUrl });
    previous?.stream.end();
    stream.onClose(() => {
      if (this.eventStreams.get(account.id)?.stream === stream) this.eventStreams.delete(account.id);
    });
    for (const challenge of this.challenges.openFor(account.id)) {
      stream.send({ type: 'challenge', challenge: this.challengeJson(challenge, baseUrl, account.id) });
    }
    for (const game of await this.nowPlaying(account)) stream.send({ type: 'gameStart', game });
  }

  private sendEvent(accountId: string, event: (baseUrl: string) => unknown): void;
  private sendEvent(accountId: string, event: object): void;
  private sendEvent(accountId: string, event: object | ((baseUrl: string) => unknown)): void {
    const open = this.eventStreams.get(accountId);
    if (!open?.stream.isOpen) return;
    open.stream.send(typeof event === 'function' ? event(open.baseUrl) : event);
  }

  /** Tell the accounts a challenge involves about its change (challenge, challengeCanceled, challengeDeclined). */
  private announceChallenge(challenge: Challenge): void {
    const type =
      challenge.status === 'created'
        ? 'challenge'
        : challenge.status === 'canceled'
          ? 'challengeCanceled'
          : challenge.status === 'declined'
            ? 'challengeDeclined'
            : null;
    if (!type) return;
    const viewers = [challenge.destUser.id];
    if (challenge.challenger.kind === 'account') viewers.push(challenge.challenger.account.id);
    for (const viewer of viewers) {
      // lichess tells the challenger of a decline and the challenged of a cancel; the other side knows already.
      if (type === 'challengeDeclined' && viewer === challenge.destUser.id) continue;
      this.sendEvent(viewer, (baseUrl: string) => ({
        type,
        challenge: this.challengeJson(challenge, baseUrl, viewer),
      }));
    }
  }

  /** A committed version of any game: a tracked game that finished is announced (gameFinish) and untracked. */
  private onPublished(published: GameVersion): void {
    if (published.status !== 'finished' || !this.tracked.has(published.id)) return;
    this.tracked.delete(published.id);
    void (async () => {
      const read = await this.service.state(published.id);
      if (!read.ok) return;
      const state = read.value;
      const seats = await this.seatsOf(state.id, state);
      await this.accounts.store.markFinished(state.id);
      if (!seats) return;
      for (const color of COLORS) {
        const holder = seats[color];
        if (holder.kind !== 'account') continue;
        this.sendEvent(holder.account.id, { type: 'gameFinish', game: makeGameEventInfo(state, color, seats) });
      }
      this.seatCache.delete(state.id);
      this.chats.delete(state.id);
    })().catch(this.onError);
  }

  // ---- game streams ----

  /**
   * Stream a game to one of its players: `gameFull` first, then a `gameState` line for every new version (and
   * `chatLine`s), closed after the final state. A stream opened on an open challenge's id waits for the game (the
   * challenge's id becomes the game's) and ends if the challenge does not become one.
   */
  async streamGame(gameId: string, account: Account, stream: NdjsonStream): Promise<LichessResult<null>> {
    const pending = this.challenges.get(gameId);
    if (pending?.status === 'created') {
      const involved =
        pending.destUser.id === account.id ||
        (pending.challenger.kind === 'account' && pending.challenger.account.id === account.id);
      if (!involved) return lichessFail(404, 'No such game.');
      const outcome = await new Promise<Challenge>((resolve) => {
        const stop = this.challenges.onChange((changed) => {
          if (changed.id !== gameId || changed.status === 'created') return;
          stop();
          resolve(changed);
        });
        stream.onClose(() => {
          stop();
          resolve(pending);
        });
      });
      if (outcome.status !== 'accepted' || !stream.isOpen) {
        stream.end();
        return { ok: true, value: null };
      }
    }
    const color = await this.colorOf(gameId, account);
    if (!color) return lichessFail(404, 'No such game.');
    const seats = await this.seatsOf(gameId);
    if (!seats) return lichessFail(404, 'No such game.');
    let first = true;
    const watching = await this.service.watch(gameId, (snapshot) => {
      if (!stream.isOpen) return;
      const state = snapshot.stateAt(this.service.nowMs());
      stream.send(first ? makeGameFull(state, seats) : makeGameStateLine(state));
      first = false;
      // The stream closes after the final state, as lichess's does.
      if (state.status === 'finished') stream.end();
    });
    if (!watching.ok) return lichessFail(404, 'No such game.');
    const stopChat = this.onChat(gameId, (line) => {
      if (line.room === 'player' || line.room === 'spectator') stream.send({ type: 'chatLine', ...line });
    });
    stream.onClose(() => {
      watching.value();
      stopChat();
    });
    return { ok: true, value: null };
  }

  // ---- acting as a seat ----

  /** Act for an account in one of its games, through the service with the seat token derived from `credential`. */
  async act(
    gameId: string,
    account: Account,
    credential: string,
    action: (
      seat: { gameId: string; token: string },
      state: GameState,
      color: Color,
    ) => Promise<ServiceResult<GameState>>,
  ): Promise<LichessResult<GameState>> {
    const color = await this.colorOf(gameId, account);
    if (!color) return lichessFail(404, 'No such game.');
    const state = await this.service.state(gameId);
    if (!state.ok) return lichessFail(404, 'No such game.');
    const done = await action({ gameId, token: deriveSeatToken(credential, gameId, color) }, state.value, color);
    if (done.ok) return { ok: true, value: done.value };
    if (done.code === 'unauthorized') {
      return lichessFail(403, 'This token did not take this seat (it was revoked or replaced since the game began).');
    }
    if (done.code === 'unavailable') return lichessFail(503, done.message);
    return lichessFail(400, done.message);
  }

  /** A draw answer in lichess's terms: yes = offer or accept, no = decline the opponent's or withdraw one's own. */
  drawAction(state: GameState, color: Color, yes: boolean): DrawAction | null {
    if (yes) return state.drawOffer === opponentOf(color) ? 'accept' : 'offer';
    if (state.drawOffer === opponentOf(color)) return 'decline';
    if (state.drawOffer === color) return 'withdraw';
    return null;
  }

  // ---- chat ----

  addChat(gameId: string, line: ChatLine): void {
    const lines = this.chats.get(gameId) ?? [];
    lines.push(line);
    if (lines.length > CHAT_LINES_KEPT) lines.shift();
    this.chats.set(gameId, lines);
    for (const listener of this.chatListeners.get(gameId) ?? []) listener(line);
  }

  chatOf(gameId: string, room: ChatLine['room'] = 'player'): ChatLine[] {
    return (this.chats.get(gameId) ?? []).filter((line) => line.room === room);
  }

  onChat(gameId: string, listener: (line: ChatLine) => void): () => void {
    const listeners = this.chatListeners.get(gameId) ?? new Set();
    listeners.add(listener);
    this.chatListeners.set(gameId, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.chatListeners.delete(gameId);
    };
  }

  private async failAccept(challenge: Challenge, message: string): Promise<LichessFailure> {
    this.challenges.settle(challenge.id, 'canceled');
    this.onError(new Error(`challenge ${challenge.id}: a seat could not be taken: ${message}`));
    return lichessFail(409, 'The game could not be set up; the challenge was canceled.');
  }
}

/** The name a challenger's seat carries in the Rookery game (its display name, not the lichess "(guest)" form). */
function holderNameForSeat(holder: SeatHolder): string {
  return holder.kind === 'account' ? holder.account.username : holder.name;
}
