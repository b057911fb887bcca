/**
 * `rookery-tui --challenge NAME`: challenge a bot account (docs/api.md "Challenging a bot") and take the seat it
 * gives. Posts the guest challenge, long-polls its ticket with the secret until the bot answers, then answers a
 * Session like any other way of taking a seat (the seat is saved, so quitting and starting again resumes it). A
 * decline (with the bot's reason), a challenge that lapses unanswered, and a bot that is not online are failures
 * with the sentence to show. Aborting (q while waiting) calls the challenge off.
 */
import { fail, ok } from '../shared/result.js';
import type { ChallengeTicket, ErrorBody } from '../shared/api-schema.js';
import { formatTimeControl, type TimeControl } from '../shared/time-control.js';
import type { Color } from '../shared/vocabulary.js';
import type { SeatStore } from './seat-store.js';
import type { SessionResult } from './session.js';

/** Seconds each poll of the ticket is held by the server (its longest is 30). */
const POLL_WAIT_SECONDS = 25;

export interface ChallengeRequest {
  server: string;
  /** The bot's account name. */
  bot: string;
  name: string;
  timeControl: TimeControl | null;
  color: Color | null;
}

async function call(
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: (ChallengeTicket & { secret?: string }) | ErrorBody }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as ChallengeTicket | ErrorBody };
}

const isError = (body: ChallengeTicket | ErrorBody): body is ErrorBody => 'error' in body;

/** Challenge the bot and wait for its answer; on acceptance the seat is saved in `seats`. */
export async function challengeBot(
  request: ChallengeRequest,
  seats: SeatStore,
  signal?: AbortSignal,
): Promise<SessionResult> {
  const base = request.server.replace(/\/+$/u, '');
  let made: Awaited<ReturnType<typeof call>>;
  try {
    made = await call(`${base}/api/games/challenge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        bot: request.bot,
        name: request.name,
        timeControl: formatTimeControl(request.timeControl),
        ...(request.color ? { color: request.color } : {}),
      }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return fail(
      'no_seat',
      `Cannot reach the server at ${request.server}. Is it running? (${(error as Error).message})`,
    );
  }
  if (isError(made.body) || !made.body.secret) {
    return fail('no_seat', isError(made.body) ? made.body.error.message : `The server answered ${made.status}.`);
  }
  const { id, secret } = made.body;
  const auth = { authorization: `Bearer ${secret}` };
  const callOff = () => {
    void fetch(`${base}/api/games/challenge/${id}`, { method: 'DELETE', headers: auth }).catch(() => {});
  };
  signal?.addEventListener('abort', callOff, { once: true });
  try {
    let ticket: ChallengeTicket = made.body;
    while (ticket.status === 'created') {
      const polled = await call(`${base}/api/games/challenge/${id}?wait=${POLL_WAIT_SECONDS}`, {
        headers: auth,
        ...(signal ? { signal } : {}),
      });
      if (isError(polled.body)) return fail('no_seat', polled.body.error.message);
      ticket = polled.body;
    }
    if (ticket.status === 'accepted' && ticket.gameId && ticket.token && ticket.game) {
      const color = ticket.color === 'black' ? 'black' : 'white';
      const seat = { gameId: ticket.gameId, color, token: ticket.token, name: request.name } as const;
      seats.save({ server: request.server, ...seat });
      return ok({ seat, state: ticket.game, origin: 'challenged' });
    }
    return fail('no_seat', refusal(ticket));
  } catch (error) {
    if (signal?.aborted) throw error;
    return fail('no_seat', `Lost the server while waiting for ${request.bot}: ${(error as Error).message}`);
  } finally {
    signal?.removeEventListener('abort', callOff);
  }
}

/** Why no game came of the challenge, in one sentence. */
function refusal(ticket: ChallengeTicket): string {
  if (ticket.status === 'declined') {
    return `${ticket.bot} declined the challenge: ${ticket.declineMessage ?? ticket.declineReason ?? 'no reason given'}`;
  }
  if (ticket.status === 'expired') return `${ticket.bot} did not answer the challenge in time.`;
  return `The challenge to ${ticket.bot} was called off.`;
}
