/**
 * The JSON API of API.md under /api, as a Fastify plugin. Each route's schema (from shared/api-schema.ts)
 * validates the request, serialises the answer and feeds the OpenAPI document.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
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
} from '../../shared/api-schema.js';
import { LIMITS } from '../../shared/vocabulary.js';
import type { GameService, SeatCredentials } from '../service/game-service.js';
import { sendError, sendFailure } from './problem.js';

export interface ApiRoutesOptions {
  service: GameService;
  /** Longest long poll in milliseconds (tests shorten it); defaults to API.md's 60 s. */
  maxWaitMs?: number;
}

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

/** `"<id>-<version>"`: the strong ETag of a game state. */
export function gameEtag(state: Pick<GameState, 'id' | 'version'>): string {
  return `"${state.id}-${state.version}"`;
}

/** Does an If-None-Match header name this ETag (lists and weak forms allowed)? */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//u, '') === etag);
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

  /**
   * Seat check for the routes that act (before body validation, so a stranger learns nothing from 400s):
   * 404 for an unknown game, 401 for a missing or foreign token.
   */
  async function requireSeat(request: FastifyRequest, reply: FastifyReply) {
    const gameId = (request.params as { id: string }).id;
    const token = bearerToken(request);
    // authorize answers game_not_found before it looks at the token, so an empty token still tells 404 from 401.
    const credentials = { gameId, token: token ?? '' };
    const seat = service.authorize(credentials);
    if (!seat.ok) {
      const missing = seat.code === 'unauthorized' && token === null;
      const message = missing ? 'This action needs the seat token: send "Authorization: Bearer <token>".' : seat.message;
      return sendError(reply, seat.code, message);
    }
    request.seat = credentials;
  }

  function seatOf(request: FastifyRequest): SeatCredentials {
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
      const created = service.create(request.body?.fen);
      if (!created.ok) return sendFailure(reply, created);
      return reply.code(201).header('Location', `/api/games/${created.value.id}`).send(created.value);
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
      const { status, limit = LIMITS.listDefault, cursor } = request.query;
      const page = service.list({ ...(status ? { status } : {}), limit, ...(cursor ? { cursor } : {}) });
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
      const joined = service.quickJoin(request.body.name);
      if (!joined.ok) return sendFailure(reply, joined);
      return reply.code(201).header('Location', `/api/games/${joined.value.gameId}`).send(joined.value);
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
      const joined = service.join(request.params.id, request.body.name, request.body.color);
      if (!joined.ok) return sendFailure(reply, joined);
      return reply.code(201).header('Location', `/api/games/${joined.value.gameId}`).send(joined.value);
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
      const moved = service.move(seatOf(request), request.body.move, request.body.ply);
      return moved.ok ? reply.send(moved.value) : sendFailure(reply, moved);
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
      const resigned = service.resign(seatOf(request));
      return resigned.ok ? reply.send(resigned.value) : sendFailure(reply, resigned);
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
      const drawn = service.draw(seatOf(request), request.body.action);
      return drawn.ok ? reply.send(drawn.value) : sendFailure(reply, drawn);
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
      const aborted = service.abort(seatOf(request));
      return aborted.ok ? reply.send(aborted.value) : sendFailure(reply, aborted);
    },
  );

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
    const current = service.state(id);
    if (!current.ok) return sendFailure(reply, current);
    let state = current.value;
    const longPoll = since !== undefined || wait !== undefined;
    if (longPoll) {
      const waitMs = Math.min((wait ?? 30) * 1000, maxWaitMs);
      const controller = new AbortController();
      const onClose = () => controller.abort();
      reply.raw.once('close', onClose);
      const waited = await service.waitForChange(id, since ?? state.version, waitMs, controller.signal);
      reply.raw.off('close', onClose);
      if (!waited.ok) return sendFailure(reply, waited);
      state = waited.value;
    }
    const etag = gameEtag(state);
    reply.header('ETag', etag).header('Cache-Control', 'no-cache');
    if (!longPoll && matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(state);
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
      const pgn = service.pgn(request.params.id, site);
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
    seat?: SeatCredentials;
  }
}
