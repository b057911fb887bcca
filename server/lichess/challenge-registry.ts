/**
 * Open challenges, in this process's memory (as lichess, a challenge is short-lived: it becomes a game, or is
 * declined, canceled, or expires). A realtime challenge expires 20 s after it was made (lichess's rule for a
 * challenge not kept alive); correspondence and unlimited ones after 24 hours, except a guest's, which expire after
 * 20 s too (the guest is waiting on a page). Listeners hear every change of status.
 */
import { randomBytes } from 'node:crypto';
import type { TimeControl } from '../../shared/time-control.js';
import type { Color } from '../../shared/vocabulary.js';
import type { Account } from '../accounts/account-store.js';
import type { SeatHolder } from './lichess-players.js';

export const CHALLENGE_STATUSES = ['created', 'accepted', 'declined', 'canceled'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

/** lichess's decline reason keys (as bridges send them) and lichess's sentences for them. */
export const DECLINE_REASONS = {
  generic: "I'm not accepting challenges at the moment.",
  later: 'This is not the right time for me, please ask again later.',
  toofast: 'This time control is too fast for me, please challenge again with a slower game.',
  tooslow: 'This time control is too slow for me, please challenge again with a faster game.',
  timecontrol: "I'm not accepting challenges with this time control.",
  rated: 'Please send me a rated challenge instead.',
  casual: 'Please send me a casual challenge instead.',
  standard: "I'm not accepting variant challenges right now.",
  variant: 'This variant is not supported.',
  nobot: "I'm not accepting challenges from bots.",
  onlybot: "I'm only accepting challenges from bots.",
} as const;
export type DeclineReason = keyof typeof DECLINE_REASONS;

/** A decline reason as sent (any case, e.g. lichess-bot's `timeControl`), or `generic`. */
export function parseDeclineReason(text: unknown): DeclineReason {
  const key = typeof text === 'string' ? text.toLowerCase() : '';
  return Object.hasOwn(DECLINE_REASONS, key) ? (key as DeclineReason) : 'generic';
}

export interface Challenge {
  /** Also the id of the game it becomes. */
  readonly id: string;
  readonly challenger: SeatHolder;
  readonly destUser: Account;
  readonly timeControl: TimeControl | null;
  /** The start position when not the standard one. */
  readonly fen: string | null;
  /** What the challenger asked for. */
  readonly color: Color | 'random';
  /** The challenger's colour, drawn when the challenge was made. */
  readonly finalColor: Color;
  /**
   * The challenger's seat token, derived when the challenge was made (seat-derivation.ts), for the accept to seat
   * them; memory only, and emptied once the challenge ends (the challenger derives it again from their credential).
   */
  challengerSeatToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  status: ChallengeStatus;
  /** Set when declined. */
  declineReason?: DeclineReason;
  /** Set when it expired unanswered (status canceled). */
  expired?: boolean;
}

export type ChallengeListener = (challenge: Challenge) => void;

export const REALTIME_CHALLENGE_MS = 20_000;
export const CORRESPONDENCE_CHALLENGE_MS = 86_400_000;
/** Finished challenges are kept this long so that a late poll still learns what happened. */
const KEEP_ENDED_MS = 600_000;

/** A new challenge id: 12 URL-safe characters, like a game id (the game takes it). */
export function makeChallengeId(): string {
  return randomBytes(9).toString('base64url');
}

export class ChallengeRegistry {
  private readonly challenges = new Map<string, Challenge>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<ChallengeListener>();

  constructor(private readonly now: () => number = Date.now) {}

  /** How long a challenge of this kind stays open. */
  static lifetimeMs(timeControl: TimeControl | null, challenger: SeatHolder): number {
    if (challenger.kind === 'guest' || timeControl?.type === 'realtime') return REALTIME_CHALLENGE_MS;
    return CORRESPONDENCE_CHALLENGE_MS;
  }

  add(challenge: Challenge): void {
    this.challenges.set(challenge.id, challenge);
    this.arm(challenge.id, challenge.expiresAt - this.now(), () => this.expire(challenge.id));
    this.emit(challenge);
  }

  get(id: string): Challenge | undefined {
    return this.challenges.get(id);
  }

  /** Open challenges that involve an account (made by it, or to it). */
  openFor(accountId: string): Challenge[] {
    return [...this.challenges.values()].filter(
      (challenge) =>
        challenge.status === 'created' &&
        (challenge.destUser.id === accountId ||
          (challenge.challenger.kind === 'account' && challenge.challenger.account.id === accountId)),
    );
  }

  /** Move an open challenge to an ended status; false when it was not open. */
  settle(id: string, status: Exclude<ChallengeStatus, 'created'>, details: { declineReason?: DeclineReason } = {}) {
    const challenge = this.challenges.get(id);
    if (challenge?.status !== 'created') return false;
    challenge.status = status;
    challenge.challengerSeatToken = '';
    if (details.declineReason) challenge.declineReason = details.declineReason;
    this.arm(id, KEEP_ENDED_MS, () => this.challenges.delete(id));
    this.emit(challenge);
    return true;
  }

  onChange(listener: ChallengeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.listeners.clear();
  }

  private expire(id: string): void {
    const challenge = this.challenges.get(id);
    if (challenge?.status !== 'created') return;
    challenge.expired = true;
    this.settle(id, 'canceled');
  }

  private arm(id: string, delayMs: number, task: () => void): void {
    clearTimeout(this.timers.get(id));
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        task();
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  private emit(challenge: Challenge): void {
    for (const listener of [...this.listeners]) listener(challenge);
  }
}
