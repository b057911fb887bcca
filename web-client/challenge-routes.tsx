/**
 * Challenging a bot from the browser, without JavaScript: the lobby's Play buttons post here (`POST /challenge`,
 * checked like the other lobby forms: same site only, the creation rate limit), which makes the guest challenge
 * of the JSON API (server/lichess/guest-challenge-routes.ts) and sends the browser to the challenge page. That
 * page (its address holds the challenge's secret, so it is never stored and sends no Referer) waits a moment for
 * the bot's answer on each load and refreshes itself; once the bot accepts it redirects to the seat's own player
 * page (the seat token is derived from the secret), otherwise it says what happened.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DECLINE_REASONS } from '../server/lichess/challenge-registry.js';
import {
  guestTicket,
  holdsChallenge,
  makeGuestChallenge,
  ticketStatus,
  waitForAnswer,
} from '../server/lichess/guest-challenge-routes.js';
import type { LichessBridge } from '../server/lichess/lichess-bridge.js';
import { LIMITS } from '../shared/vocabulary.js';
import { CHALLENGE_PATH, challengePagePath, readChallengeButton } from './challenge-paths.js';
import { ChallengePage, type ChallengeOutcome } from './components/challenge-page.js';
import { COOKIE_NAMES, makeCookie } from './cookies.js';
import { parseName, textField } from './form-fields.js';
import { parseTimeControlField } from './lobby-routes.js';
import { LOBBY_PATH, playerPath, withQuery } from './paths.js';
import { isCrossSite } from './security.js';
import { URL_SAFE_ID, type WebDeps } from './web-deps.js';

/** How long each load of the challenge page waits for the bot's answer before showing "Challenging…". */
export const ANSWER_WAIT_MS = 1500;

export interface ChallengeRoutesOptions {
  deps: WebDeps;
  /** The lichess layer (bots, their challenges); read per request, since the app makes it after the pages. */
  lichess: () => LichessBridge;
}

export const challengeRoutes: FastifyPluginAsync<ChallengeRoutesOptions> = async (app, { deps, lichess }) => {
  function refuse(reply: FastifyReply, code: string, text: string, typed?: string) {
    const id = deps.flash.put(LOBBY_PATH, { code, notice: { kind: 'error', text }, typed });
    return reply.redirect(withQuery(LOBBY_PATH, { notice: id }), 303);
  }

  app.post(CHALLENGE_PATH, async (request, reply) => {
    if (isCrossSite(request)) {
      return deps.sendMessage(request, reply, 403, 'This form was sent from another site, so it was ignored.');
    }
    const typed = textField(request.body, 'name', LIMITS.nameMaxLength * 4);
    const name = parseName(typed);
    if (!name.ok) return refuse(reply, 'invalid_request', name.message, typed);
    const button = readChallengeButton(textField(request.body, 'challenge', 200));
    if (!button) return refuse(reply, 'invalid_request', 'Choose a bot and a time control to play it at.');
    const control = parseTimeControlField(button.timeControl);
    if (!control.ok) return refuse(reply, 'invalid_request', `That time control cannot be used. ${control.message}`);
    const made = await makeGuestChallenge(lichess(), {
      bot: button.bot,
      name: name.value,
      timeControl: control.value,
      color: 'random',
    });
    if (!made.ok) return refuse(reply, made.code, made.message);
    return reply
      .header('Set-Cookie', makeCookie(COOKIE_NAMES.name, name.value))
      .redirect(challengePagePath(made.challenge.id, made.secret), 303);
  });

  /** The challenge of the address, if its secret holds it; otherwise a 404 page is sent (null). */
  function heldChallenge(request: FastifyRequest, reply: FastifyReply) {
    const { id, secret } = request.params as { id: string; secret: string };
    const challenge = URL_SAFE_ID.test(id) ? lichess().challenges.get(id) : undefined;
    if (!challenge || !URL_SAFE_ID.test(secret) || !holdsChallenge(challenge, secret)) {
      void deps.sendMessage(
        request,
        reply,
        404,
        'There is no such challenge: the link may be mistyped, or the challenge ended over 10 minutes ago.',
      );
      return null;
    }
    return { challenge, secret };
  }

  app.get(`${CHALLENGE_PATH}/:id/:secret`, async (request, reply) => {
    const held = heldChallenge(request, reply);
    if (!held) return reply;
    const { challenge, secret } = held;
    const bridge = lichess();
    await waitForAnswer(bridge, challenge, ANSWER_WAIT_MS);
    const status = ticketStatus(challenge);
    if (status === 'accepted') {
      const ticket = await guestTicket(bridge, challenge, secret);
      if ('token' in ticket) {
        return reply.header('Cache-Control', 'no-store').redirect(playerPath(ticket.gameId, ticket.token), 303);
      }
    }
    const outcome: ChallengeOutcome =
      status === 'created'
        ? { kind: 'waiting', secondsLeft: Math.max(0, Math.ceil((challenge.expiresAt - Date.now()) / 1000)) }
        : status === 'declined'
          ? { kind: 'declined', reason: DECLINE_REASONS[challenge.declineReason ?? 'generic'] }
          : status === 'expired'
            ? { kind: 'expired', seconds: Math.round((challenge.expiresAt - challenge.createdAt) / 1000) }
            : { kind: 'canceled' };
    const page = (
      <ChallengePage
        context={deps.contextFor(request)}
        challengeId={challenge.id}
        secret={secret}
        bot={challenge.destUser.username}
        timeControl={challenge.timeControl}
        outcome={outcome}
      />
    );
    return deps.sendPage(reply, 200, page, true);
  });

  app.post(`${CHALLENGE_PATH}/:id/:secret/cancel`, async (request, reply) => {
    // The secret in the address already keeps other sites out; the Origin check is kept as on every form.
    if (isCrossSite(request)) {
      return deps.sendMessage(request, reply, 403, 'This form was sent from another site, so it was ignored.');
    }
    const held = heldChallenge(request, reply);
    if (!held) return reply;
    lichess().cancel(held.challenge.id, { guestOf: held.challenge });
    return reply.redirect(challengePagePath(held.challenge.id, held.secret), 303);
  });
};
