/**
 * Who sits in a seat, as the lichess layer sees it, and how each appears in lichess's shapes.
 *
 * An account appears as itself (`id` its lowercased name, `name` as written, `title` "BOT" for bots). A guest (a
 * person from the browser, the terminal or the JSON API) appears with " (guest)" after the name they typed, in both
 * `id` and `name`: account names cannot hold a space (account-tokens.ts), so lichess-bot's colour test (white.name
 * compared with its username, case-insensitively) can never take a guest called like a bot for the bot itself.
 */
import type { Account } from '../accounts/account-store.js';

export type SeatHolder = { kind: 'account'; account: Account } | { kind: 'guest'; name: string };

/** The rating shown for every account: Rookery keeps no ratings (lichess's default for a new player). */
export const DEFAULT_RATING = 1500;

/** lichess's GameEventPlayer (gameFull's white and black). */
export interface LichessGamePlayer {
  id: string;
  name: string;
  title: string | null;
  rating?: number;
  provisional?: boolean;
}

/** lichess's ChallengeUser. */
export interface LichessChallengeUser {
  id: string;
  name: string;
  title?: string;
  rating?: number;
  provisional?: boolean;
  online?: boolean;
}

export function guestName(name: string): string {
  return `${name} (guest)`;
}

export function holderId(holder: SeatHolder): string {
  return holder.kind === 'account' ? holder.account.id : guestName(holder.name).toLowerCase();
}

export function holderName(holder: SeatHolder): string {
  return holder.kind === 'account' ? holder.account.username : guestName(holder.name);
}

export function makeGamePlayer(holder: SeatHolder): LichessGamePlayer {
  if (holder.kind === 'guest') return { id: holderId(holder), name: holderName(holder), title: null };
  return {
    id: holder.account.id,
    name: holder.account.username,
    title: holder.account.title,
    rating: DEFAULT_RATING,
    provisional: true,
  };
}

export function makeChallengeUser(holder: SeatHolder, online: boolean): LichessChallengeUser {
  if (holder.kind === 'guest') return { id: holderId(holder), name: holderName(holder), online };
  return {
    id: holder.account.id,
    name: holder.account.username,
    ...(holder.account.title ? { title: holder.account.title } : {}),
    rating: DEFAULT_RATING,
    provisional: true,
    online,
  };
}

/** A user as lichess's /api/account, /api/user/{name} and /api/bot/online show one (the fields bridges read). */
export function makeUserJson(account: Account, options: { online: boolean; baseUrl: string; playing: number }) {
  const perf = { games: 0, rating: DEFAULT_RATING, rd: 500, prog: 0, prov: true };
  return {
    id: account.id,
    username: account.username,
    ...(account.title ? { title: account.title } : {}),
    perfs: {
      ultraBullet: perf,
      bullet: perf,
      blitz: perf,
      rapid: perf,
      classical: perf,
      correspondence: perf,
    },
    createdAt: account.createdAt,
    seenAt: Date.now(),
    online: options.online,
    playTime: { total: 0, tv: 0 },
    url: `${options.baseUrl}/@/${account.username}`,
    count: { all: 0, rated: 0, draw: 0, loss: 0, win: 0, playing: options.playing },
  };
}
