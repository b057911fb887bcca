/**
 * Which challenges the lichess-API bot takes, and the lichess decline reason for the others (the keys of lichess's
 * `POST /api/challenge/{id}/decline`, the ones lichess-bot sends). Pure.
 *
 * The bot plays standard chess from the start or from a position (its engines and the domain's rules know nothing
 * else), at any speed, rated or casual; it plays at most `maxGames` games at once and asks for "later" beyond that,
 * and for "later" as well once it is stopping.
 */
import type { LichessChallenge } from './lichess-events.js';

/** Variants the bot can play. */
export const PLAYABLE_VARIANTS: readonly string[] = ['standard', 'fromPosition'];

export type ChallengeDecision = { accept: true } | { accept: false; reason: 'variant' | 'later' | 'generic' };

export interface ChallengeContext {
  /** The bot's account id (lowercase). */
  me: string;
  gamesInProgress: number;
  maxGames: number;
  stopping: boolean;
}

/** Is this challenge one the bot made (the event stream shows outgoing challenges too)? */
export function isOwnChallenge(challenge: LichessChallenge, me: string): boolean {
  return challenge.challenger?.id?.toLowerCase() === me.toLowerCase();
}

export function decideChallenge(challenge: LichessChallenge, context: ChallengeContext): ChallengeDecision {
  if (!PLAYABLE_VARIANTS.includes(challenge.variant?.key ?? 'standard')) return { accept: false, reason: 'variant' };
  if (context.stopping || context.gamesInProgress >= context.maxGames) return { accept: false, reason: 'later' };
  return { accept: true };
}

/** A challenge in a few words for the log: `3+2 blitz standard from alice (guest)`. */
export function describeChallenge(challenge: LichessChallenge): string {
  const control = challenge.timeControl;
  const clock =
    control?.type === 'clock' ? `${control.limit / 60}+${control.increment}` : (control?.type ?? 'unlimited');
  const who = challenge.challenger?.name ?? challenge.challenger?.id ?? 'someone';
  return `${clock} ${challenge.speed ?? ''} ${challenge.rated ? 'rated' : 'casual'} ${challenge.variant?.key ?? 'standard'} from ${who}`.replace(
    /\s+/gu,
    ' ',
  );
}
