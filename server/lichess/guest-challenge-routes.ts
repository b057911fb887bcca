/**
 * People challenge bots through Rookery's own JSON API (Rookery's shapes and error codes, docs/api.md):
 *
 *   GET    /api/bots                            -> 200 {bots: [{id, name, online}]}: bot accounts whose event stream is open
 *   POST   /api/games/challenge {"bot", "name", "timeControl"?, "color"?}
 *                                               -> 201 ChallengeTicket: the challenge, and its `secret` (shown once)
 *   GET    /api/games/challenge/{id}?wait=N     (Bearer secret) -> 200 ChallengeTicket; once accepted it carries the
 *                                               seat: gameId, color, token (the seat token, as a JoinResult's) and game
 *   DELETE /api/games/challenge/{id}            (Bearer secret) -> 200 ChallengeTicket, canceled
 *
 * The challenger's seat token is derived from the secret (seat-derivation.ts), so it is the same on every poll and
 * is never stored; a guest challenge expires after 20 s unanswered (status "expired").
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseTimeControl, timeControlProblem, type TimeControl } from '../../shared/time-control.js';
import {
  BotListSchema,
  ChallengeBodySchema,
  ChallengeIdParamsSchema,
  ChallengeTicketSchema,
  ChallengeWaitQuerySchema,
  ErrorBodySchema,
} from '../../shared/api-schema.js';
import { sendError } from '../http/problem.js';
import { DECLINE_REASONS, type Challenge } from './challenge-registry.js';
import type { LichessBridge } from './lichess-bridge.js';
import { deriveSeatToken } from './seat-derivation.js';

export interface GuestChallengeRoutesOptions {
  bridge: LichessBridge;
  /** Longest `wait` in seconds (default 30). */
  maxWaitSeconds?: number;
}

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  429: ErrorBodySchema,
  503: ErrorBodySchema,
};

/** The challenge secrets' hashes, by challenge id (memory, like the challenges). */
const secretHashes = new WeakMap<Challenge, Buffer>();

function hash(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The public status of a guest's challenge. */
export function ticketStatus(challenge: Challenge): 'created' | 'accepted' | 'declined' | 'canceled' | 'expired' {
  return challenge.expired ? 'expired' : challenge.status;
}

/** Make a guest's challenge; its secret is in the answer only. */
export function makeGuestChallenge(
  bridge: LichessBridge,
  request: { bot: string; name: string; timeControl: TimeControl | null; color: 'white' | 'black' | 'random' },
): Promise<
  | { ok: true; challenge: Challenge; secret: string }
  | { ok: false; code: 'not_found' | 'invalid_request' | 'no_opponent'; message: string }
> {
  return (async () => {
    const bot = await bridge.accounts.byName(request.bot);
    if (bot?.title !== 'BOT')
      return { ok: false, code: 'not_found', message: `There is no bot called "${request.bot}".` };
    if (!bridge.isOnline(bot.id)) {
      return {
        ok: false,
        code: 'no_opponent',
        message: `${bot.username} is not online now (its event stream is closed).`,
      };
    }
    const secret = randomBytes(24).toString('base64url');
    const made = bridge.challenge({
      challenger: { kind: 'guest', name: request.name },
      challengerCredential: secret,
      destUser: bot,
      timeControl: request.timeControl,
      fen: null,
      color: request.color,
    });
    if (!made.ok) return { ok: false, code: 'invalid_request', message: made.message };
    secretHashes.set(made.value, hash(secret));
    return { ok: true, challenge: made.value, secret };
  })();
}

/** Does `secret` belong to this guest challenge? */
export function holdsChallenge(challenge: Challenge, secret: string): boolean {
  const expected = secretHashes.get(challenge);
  return expected !== undefined && timingSafeEqual(hash(secret), expected);
}

/** The challenge as its guest sees it; with the seat once accepted. */
export async function guestTicket(bridge: LichessBridge, challenge: Challenge, secret: string) {
  const status = ticketStatus(challenge);
  const base = {
    id: challenge.id,
    status,
    bot: challenge.destUser.username,
    timeControl: challenge.timeControl,
    color: challenge.color,
    expiresAt: new Date(challenge.expiresAt).toISOString(),
    ...(challenge.declineReason
      ? { declineReason: challenge.declineReason, declineMessage: DECLINE_REASONS[challenge.declineReason] }
      : {}),
  };
  if (status !== 'accepted') return base;
  const game = await bridge.service.state(challenge.id);
  return {
    ...base,
    gameId: challenge.id,
    color: challenge.finalColor,
    token: deriveSeatToken(secret, challenge.id, challenge.finalColor),
    ...(game.ok ? { game: game.value } : {}),
  };
}

/** Resolve once the challenge leaves `created` or after `waitMs`. */
export function waitForAnswer(bridge: LichessBridge, challenge: Challenge, waitMs: number): Promise<void> {
  if (challenge.status !== 'created' || waitMs <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, waitMs);
    const stop = bridge.challenges.onChange((changed) => {
      if (changed === challenge && changed.status !== 'created') done();
    });
    function done() {
      clearTimeout(timer);
      stop();
      resolve();
    }
  });
}

export async function guestChallengeRoutes(app: FastifyInstance, options: GuestChallengeRoutesOptions): Promise<void> {
  const { bridge } = options;
  const maxWaitSeconds = options.maxWaitSeconds ?? 30;

  app.get(
    '/bots',
    {
      schema: {
        summary: 'Bots that answer challenges now (their event stream is open)',
        tags: ['bots'],
        response: { 200: BotListSchema },
      },
    },
    async () => ({
      bots: (await bridge.onlineBots()).map((bot) => ({ id: bot.id, name: bot.username, online: true })),
    }),
  );

  app.post(
    '/games/challenge',
    {
      schema: {
        summary: 'Challenge a bot; the answer holds the secret to poll with (shown once)',
        tags: ['bots'],
        body: ChallengeBodySchema,
        response: { 201: ChallengeTicketSchema, ...errors },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body['bot'] !== 'string')
        return sendError(reply, 'invalid_request', 'body.bot must be the name of a bot.');
      const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
      if (name === '' || name.length > 40)
        return sendError(reply, 'invalid_request', 'body.name must be 1 to 40 characters.');
      const color = body['color'] ?? 'random';
      if (color !== 'white' && color !== 'black' && color !== 'random') {
        return sendError(reply, 'invalid_request', 'body.color must be white, black or random.');
      }
      const control = readTimeControl(body['timeControl']);
      if (!control.ok) return sendError(reply, 'invalid_request', control.message);
      const made = await makeGuestChallenge(bridge, { bot: body['bot'], name, timeControl: control.value, color });
      if (!made.ok) return sendError(reply, made.code, made.message);
      reply.header('Cache-Control', 'no-store');
      return reply.code(201).send({ ...(await guestTicket(bridge, made.challenge, made.secret)), secret: made.secret });
    },
  );

  /** The challenge named in the path, if the request's Bearer secret holds it; else an answer is sent. */
  function heldChallenge(
    request: FastifyRequest,
    reply: FastifyReply,
  ): { challenge: Challenge; secret: string } | null {
    const { id } = request.params as { id: string };
    const challenge = bridge.challenges.get(id);
    const secret = /^Bearer[ \t]+(\S+)$/iu.exec(request.headers.authorization ?? '')?.[1];
    if (!challenge) {
      void sendError(reply, 'not_found', `There is no challenge "${id}" (or it ended over 10 minutes ago).`);
      return null;
    }
    if (!secret || !holdsChallenge(challenge, secret)) {
      void sendError(reply, 'unauthorized', 'Send the challenge\'s secret: "Authorization: Bearer <secret>".');
      return null;
    }
    return { challenge, secret };
  }

  const challengeSchema = (summary: string, extra: object = {}) => ({
    schema: {
      summary,
      tags: ['bots'],
      security: [{ bearerAuth: [] }],
      params: ChallengeIdParamsSchema,
      ...extra,
      response: { 200: ChallengeTicketSchema, ...errors },
    },
  });

  app.get(
    '/games/challenge/:id',
    challengeSchema("The challenge's answer; `wait=N` holds it until the bot answers (N ≤ 30 s)", {
      querystring: ChallengeWaitQuerySchema,
    }),
    async (request, reply) => {
      const held = heldChallenge(request, reply);
      if (!held) return reply;
      const waitText = (request.query as { wait?: string }).wait;
      const wait = waitText === undefined ? 0 : Number(waitText);
      if (!Number.isInteger(wait) || wait < 0 || wait > maxWaitSeconds) {
        return sendError(reply, 'invalid_request', `querystring.wait must be whole seconds, 0..${maxWaitSeconds}.`);
      }
      await waitForAnswer(bridge, held.challenge, wait * 1000);
      reply.header('Cache-Control', 'no-store');
      return reply.send(await guestTicket(bridge, held.challenge, held.secret));
    },
  );

  app.delete('/games/challenge/:id', challengeSchema('Call an unanswered challenge off'), async (request, reply) => {
    const held = heldChallenge(request, reply);
    if (!held) return reply;
    bridge.cancel(held.challenge.id, { guestOf: held.challenge });
    return reply.send(await guestTicket(bridge, held.challenge, held.secret));
  });
}

/** A time control as the rest of the API takes it (object, "5+3", "3d", "untimed", null). */
function readTimeControl(value: unknown): { ok: true; value: TimeControl | null } | { ok: false; message: string } {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value === 'string') {
    const parsed = parseTimeControl(value);
    return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, message: parsed.message };
  }
  if (typeof value === 'object') {
    const control = value as TimeControl;
    if (control.type !== 'realtime' && control.type !== 'correspondence') {
      return { ok: false, message: 'body.timeControl.type must be realtime or correspondence.' };
    }
    const problem = timeControlProblem(control);
    return problem ? { ok: false, message: problem } : { ok: true, value: control };
  }
  return { ok: false, message: 'body.timeControl must be a time control.' };
}
