/**
 * The JSON API of API.md under /api, as a Fastify plugin. Each route's schema (from shared/api-schema.ts)
 * validates the request, serialises the answer and feeds the OpenAPI document.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  CreateGameBodySchema,
  DrawBodySchema,
  ErrorBodySchema,
  GameIdParamsSchema,
  GameListSchema,
  GameStateSchema,
  JoinBodySchema,
  JoinResultSchema,
  ListQuerySchema,
  MoveBodySchema,
  QuickJoinBodySchema,
  StatusQuerySchema,
  type GameState,
  type JoinResult,
  type TimeControlInput,
} from '../../shared/api-schema.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { parsePlayerName } from '../../shared/player-name.js';
import { parseTimeControl, type TimeControl } from '../../shared/time-control.js';
import { LIMITS } from '../../shared/vocabulary.js';
import type { AuthorizedSeat, GameService } from '../service/game-service.js';
import { makeSnapshot, type GameSnapshot } from '../service/game-snapshot.js';
import { matchesEtag } from './etag.js';
import { InFlight } from './in-flight.js';
import { sendError, sendFailure } from './problem.js';

export interface ApiRoutesOptions {
  service: GameService;
  /** Longest long poll in milliseconds (tests shorten it); defaults to API.md's 60 s. */
  maxWaitMs?: number;
  /** The per-address cap on long polls (default on). */
  clientLimits?: boolean;
  /** Told the headers of a status answer as it leaves (the status fast path copies the security headers). */
  onStatusHeaders?: (headers: Record<string, unknown>) => void;
}

/** Most long polls held at once for one client address, and on one game. */
export const LONG_POLLS_PER_ADDRESS = 200;
export const LONG_POLLS_PER_GAME = 2000;

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  422: ErrorBodySchema,
  429: ErrorBodySchema,
  500: ErrorBodySchema,
  503: ErrorBodySchema,
};
const bearer = [{ bearerAuth: [] }];
const NoBody = Type.Null({ description: 'No body.' });

const JSON_TYPE = 'application/json; charset=utf-8';
const CLOSING_BRACE = Buffer.from('}');

/** A name from a request, by the one rule every client uses (shared/player-name.ts); a refusal names the field. */
function requestedName(text: string): Result<string> {
  const parsed = parsePlayerName(text);
  return parsed.ok ? parsed : fail('invalid_request', `body.name: ${parsed.message}`);
}

/**
 * A time control from a request: the API.md object as it is, a label ("5+3", "3d", "untimed") read, absent or null
 * untimed. A label that does not read is a 400 naming the field.
 */
function requestedTimeControl(input: TimeControlInput | undefined, field: string): Result<TimeControl | null> {
  if (input === undefined || input === null) return ok(null);
  if (typeof input !== 'string') return ok(input);
  const parsed = parseTimeControl(input);
  return parsed.ok ? parsed : fail('invalid_request', `${field}: ${parsed.message}`);
}

/** The bearer token of a request, or null. */
function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/iu.exec(header);
  return match ? match[1]! : null;
}

export const apiRoutes: FastifyPluginAsync<ApiRoutesOptions> = async (parent, options) => {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { service } = options;
  const maxWaitMs = options.maxWaitMs ?? LIMITS.waitMaxSeconds * 1000;

  // Security headers on every API answer (nosniff above all: answers are JSON and must never be read as a page).
  // HSTS is left to whoever terminates TLS in front of the server.
  await app.register(helmet, {
    global: true,
    hsts: false,
    // Only what matters for JSON answers, since every header here is written on every status poll too (the fast
    // path), and each costs the busiest answer a measurable share (docs/performance.md): nosniff (a JSON answer is
    // never read as a page), Cross-Origin-Resource-Policy (no other site embeds it) and Referrer-Policy. The
    // page-only ones (CSP, framing, COOP, Origin-Agent-Cluster, DNS prefetch, X-Download-Options, cross-domain
    // policies, the obsolete X-XSS-Protection) are the pages' business (web-client/security.ts).
    contentSecurityPolicy: false,
    frameguard: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    dnsPrefetchControl: false,
    ieNoOpen: false,
    permittedCrossDomainPolicies: false,
    xssFilter: false,
  });

  /**
   * Send a committed snapshot as the JSON body: serialised once per version, whoever asks; a running clock is
   * shown as of this moment.
   */
  function sendSnapshot(reply: FastifyReply, snapshot: GameSnapshot, status = 200) {
    return reply.code(status).type(JSON_TYPE).send(snapshot.bodyAt(service.nowMs()));
  }

  /** Send a game answer (a committed state) from its one serialisation. */
  function sendGame(reply: FastifyReply, state: GameState, status = 200) {
    return sendSnapshot(reply, makeSnapshot(state), status);
  }

  /** Send a JoinResult, with the game's shared serialisation inside. */
  function sendJoin(reply: FastifyReply, joined: JoinResult) {
    const { gameId, color, token } = joined;
    const head = JSON.stringify({ gameId, color, token });
    const game = makeSnapshot(joined.game).bodyAt(service.nowMs());
    return (
      reply
        .code(201)
        .header('Location', `/api/games/${gameId}`)
        // The answer carries the seat's token: no cache may keep it.
        .header('Cache-Control', 'no-store')
        .type(JSON_TYPE)
        .send(Buffer.concat([Buffer.from(`${head.slice(0, -1)},"game":`), game, CLOSING_BRACE]))
    );
  }

  /**
   * Seat check for the routes that act (before body validation, so a stranger learns nothing from 400s):
   * 404 for an unknown game, 401 for a missing or foreign token.
   */
  async function requireSeat(request: FastifyRequest, reply: FastifyReply) {
    const gameId = (request.params as { id: string }).id;
    const token = bearerToken(request);
    // authorize answers game_not_found before it looks at the token, so an empty token still tells 404 from 401.
    const seat = await service.authorize({ gameId, token: token ?? '' });
    if (!seat.ok) {
      const missing = seat.code === 'unauthorized' && token === null;
      const message = missing
        ? 'This action needs the seat token: send "Authorization: Bearer <token>".'
        : seat.message;
      return sendError(reply, seat.code, message);
    }
    // The service acts for this seat without checking the token again.
    request.seat = seat.value;
  }

  function seatOf(request: FastifyRequest): AuthorizedSeat {
    if (!request.seat) throw new Error('requireSeat did not run');
    return request.seat;
  }

  app.post(
    '/games',
    {
      // The body is optional: no body means the standard start.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        summary: 'Create a game, from the standard start or from a FEN',
        tags: ['games'],
        body: CreateGameBodySchema,
        response: { 201: GameStateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const timeControl = requestedTimeControl(request.body?.timeControl, 'body.timeControl');
      if (!timeControl.ok) return sendFailure(reply, timeControl);
      const created = await service.create(request.body?.fen, timeControl.value);
      if (!created.ok) return sendFailure(reply, created);
      return sendGame(reply.header('Location', `/api/games/${created.value.id}`), created.value, 201);
    },
  );

  app.get(
    '/games',
    {
      schema: {
        summary: 'List games, newest first (the lobby)',
        tags: ['games'],
        querystring: ListQuerySchema,
        response: { 200: GameListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { status, limit = LIMITS.listDefault, cursor, timeControl } = request.query;
      const control =
        timeControl === undefined ? undefined : requestedTimeControl(timeControl, 'querystring.timeControl');
      if (control && !control.ok) return sendFailure(reply, control);
      const page = await service.list({
        ...(status ? { status } : {}),
        limit,
        ...(cursor ? { cursor } : {}),
        ...(control ? { timeControl: control.value } : {}),
      });
      if (!page.ok) return sendFailure(reply, page);
      return reply.header('Cache-Control', 'no-cache').send(page.value);
    },
  );

  app.post(
    '/join',
    {
      schema: {
        summary: 'Quick pairing: a seat in the oldest waiting game, or in a new one',
        tags: ['seats'],
        body: QuickJoinBodySchema,
        response: { 201: JoinResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const timeControl = requestedTimeControl(request.body.timeControl, 'body.timeControl');
      if (!timeControl.ok) return sendFailure(reply, timeControl);
      const name = requestedName(request.body.name);
      if (!name.ok) return sendFailure(reply, name);
      const joined = await service.quickJoin(name.value, timeControl.value);
      if (!joined.ok) return sendFailure(reply, joined);
      return sendJoin(reply, joined.value);
    },
  );

  app.post(
    '/games/:id/join',
    {
      schema: {
        summary: 'Take a seat in this game (the free colour if none is asked)',
        tags: ['seats'],
        params: GameIdParamsSchema,
        body: JoinBodySchema,
        response: { 201: JoinResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const name = requestedName(request.body.name);
      if (!name.ok) return sendFailure(reply, name);
      const joined = await service.join(request.params.id, name.value, request.body.color);
      if (!joined.ok) return sendFailure(reply, joined);
      return sendJoin(reply, joined.value);
    },
  );

  app.post(
    '/games/:id/move',
    {
      preValidation: requireSeat,
      schema: {
        summary: 'Play a move (UCI or SAN); send `ply` to make retries safe',
        tags: ['play'],
        security: bearer,
        params: GameIdParamsSchema,
        body: MoveBodySchema,
        response: { 200: GameStateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const moved = await service.move(seatOf(request), request.body.move, request.body.ply);
      return moved.ok ? sendGame(reply, moved.value) : sendFailure(reply, moved);
    },
  );

  app.post(
    '/games/:id/resign',
    {
      preValidation: requireSeat,
      schema: {
        summary: 'Resign',
        tags: ['play'],
        security: bearer,
        params: GameIdParamsSchema,
        response: { 200: GameStateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const resigned = await service.resign(seatOf(request));
      return resigned.ok ? sendGame(reply, resigned.value) : sendFailure(reply, resigned);
    },
  );

  app.post(
    '/games/:id/draw',
    {
      preValidation: requireSeat,
      schema: {
        summary: 'Offer, accept or decline a draw, or claim one (threefold repetition, fifty-move rule)',
        tags: ['play'],
        security: bearer,
        params: GameIdParamsSchema,
        body: DrawBodySchema,
        response: { 200: GameStateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const drawn = await service.draw(seatOf(request), request.body.action);
      return drawn.ok ? sendGame(reply, drawn.value) : sendFailure(reply, drawn);
    },
  );

  app.post(
    '/games/:id/abort',
    {
      preValidation: requireSeat,
      schema: {
        summary: 'Abort the game before both sides have moved',
        tags: ['play'],
        security: bearer,
        params: GameIdParamsSchema,
        response: { 200: GameStateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const aborted = await service.abort(seatOf(request));
      return aborted.ok ? sendGame(reply, aborted.value) : sendFailure(reply, aborted);
    },
  );

  app.post(
    '/games/:id/rematch',
    {
      preValidation: requireSeat,
      schema: {
        summary: 'Ask for a rematch of a finished game (colours swapped, same start position)',
        description:
          'The first of the two players to ask creates the rematch and gets its seat (JoinResult, token shown once); ' +
          'the other seat is kept for the opponent, whose next state shows `rematch`, and who takes it by asking too. ' +
          'Quick pairing and strangers cannot take the kept seat (409 seat_reserved). 409 game_in_progress before ' +
          'the game is over, no_opponent when nobody played against you, color_taken when you already sit in it.',
        tags: ['seats'],
        security: bearer,
        params: GameIdParamsSchema,
        response: { 201: JoinResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const joined = await service.rematch(seatOf(request));
      return joined.ok ? sendJoin(reply, joined.value) : sendFailure(reply, joined);
    },
  );

  const pollsByAddress = new InFlight(
    options.clientLimits === false ? Number.POSITIVE_INFINITY : LONG_POLLS_PER_ADDRESS,
  );
  const pollsByGame = new InFlight(LONG_POLLS_PER_GAME);

  const statusSchema = {
    summary: 'The current state; ETag/304 and long polling with `since` and `wait`',
    tags: ['games'],
    params: GameIdParamsSchema,
    querystring: StatusQuerySchema,
    response: { 200: GameStateSchema, 304: NoBody, ...errors },
  };

  async function status(
    request: FastifyRequest<{ Params: { id: string }; Querystring: { since?: number; wait?: number } }>,
    reply: FastifyReply,
  ) {
    const { id } = request.params;
    const { since, wait } = request.query;
    const longPoll = since !== undefined || wait !== undefined;
    let current = await service.snapshot(id);
    if (!current.ok) return sendFailure(reply, current);
    if (longPoll) {
      const address = request.ip;
      if (!pollsByAddress.enter(address)) {
        return sendError(
          reply.header('Retry-After', '5'),
          'rate_limited',
          `At most ${LONG_POLLS_PER_ADDRESS} long polls may wait at once from one address.`,
        );
      }
      if (!pollsByGame.enter(id)) {
        pollsByAddress.leave(address);
        return sendError(
          reply.header('Retry-After', '5'),
          'rate_limited',
          `This game has ${LONG_POLLS_PER_GAME} long polls waiting, the most it takes; poll with If-None-Match instead.`,
        );
      }
      const waitMs = Math.min((wait ?? LIMITS.waitDefaultSeconds) * 1000, maxWaitMs);
      const controller = new AbortController();
      const onClose = () => controller.abort();
      reply.raw.once('close', onClose);
      try {
        current = await service.waitForChange(id, since ?? current.value.state.version, waitMs, controller.signal);
      } finally {
        reply.raw.off('close', onClose);
        pollsByAddress.leave(address);
        pollsByGame.leave(id);
      }
      if (!current.ok) return sendFailure(reply, current);
    }
    const snapshot = current.value;
    reply.header('ETag', snapshot.etag).header('Cache-Control', 'no-cache');
    options.onStatusHeaders?.(reply.getHeaders());
    // A 304 sends nothing and serialises nothing.
    if (!longPoll && matchesEtag(request.headers['if-none-match'], snapshot.etag)) return reply.code(304).send();
    return sendSnapshot(reply, snapshot);
  }

  app.get('/games/:id/status', { schema: statusSchema }, status);
  app.get(
    '/games/:id',
    { schema: { ...statusSchema, summary: 'The game (same as /status; the Location of a created game)' } },
    status,
  );

  app.get(
    '/games/:id/pgn',
    {
      schema: {
        summary: 'The game as PGN (Seven Tag Roster, Termination, SetUp/FEN for games from a position)',
        tags: ['games'],
        params: GameIdParamsSchema,
        response: {
          200: Type.String({ description: 'PGN text', contentMediaType: 'application/x-chess-pgn' }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const site = `${request.protocol}://${request.host}`;
      const pgn = await service.pgn(request.params.id, site);
      if (!pgn.ok) return sendFailure(reply, pgn);
      return reply
        .type('application/x-chess-pgn; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="rookery-${request.params.id}.pgn"`)
        .send(pgn.value);
    },
  );
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireSeat on routes that act for a seat. */
    seat?: AuthorizedSeat;
  }
}
