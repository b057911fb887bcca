/**
 * The addresses of challenging a bot from the browser (lobby → challenge page → the game). The challenge page's
 * address holds the challenge's secret, as a player page holds its seat's: whoever has it is the challenger.
 */

/** Challenge a bot (POST, from the lobby form): `challenge` = `<bot name>|<time control>`. */
export const CHALLENGE_PATH = '/challenge';

/** The challenger's page: waits for the bot's answer, then becomes the game (a redirect to the seat's page). */
export function challengePagePath(challengeId: string, secret: string): string {
  return `${CHALLENGE_PATH}/${encodeURIComponent(challengeId)}/${encodeURIComponent(secret)}`;
}

/** Call the challenge off (POST). */
export function challengeCancelPath(challengeId: string, secret: string): string {
  return `${challengePagePath(challengeId, secret)}/cancel`;
}

/** The value of a bot's Play button: the bot and the time control, which no bot name can be confused with. */
export function challengeButtonValue(bot: string, timeControl: string): string {
  return `${bot}|${timeControl}`;
}

/** The bot and time control of a Play button's value, or null. */
export function readChallengeButton(value: string): { bot: string; timeControl: string } | null {
  const bar = value.indexOf('|');
  if (bar <= 0) return null;
  return { bot: value.slice(0, bar), timeControl: value.slice(bar + 1) };
}
