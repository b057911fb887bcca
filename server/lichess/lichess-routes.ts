/**
 * The lichess-compatible Bot API (the subset lichess-bot and berserk use; lichess-org/api doc/specs is the
 * contract): exact on output (lichess's shapes, units, status names, `{"error": "..."}` bodies, keep-alive lines),
 * lenient on input (JSON, forms, raw bodies, no Content-Type, nulls, trailing slashes). Registered without a prefix:
 * its paths are lichess's (`/api/...`, `/game/export/{id}`). The routes translate and call the bridge or the game
 * service; no chess is decided here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { realtime, correspondence, timeControlProblem, type TimeControl } from '../../shared/time-control.js';
import { UCI_MOVE_PATTERN, type Color } from '../../shared/vocabulary.js';
import type { Account } from '../accounts/account-store.js';
import { parseDeclineReason } from './challenge-registry.js';
import { booleanField, fieldsOf, installLenientParser, integerField, rawBodyOf } from './lenient-body.js';
import type { LichessBridge, LichessFailure } from './lichess-bridge.js';
import { makeUserJson } from './lichess-players.js';
import { normalizeCastling } from './lichess-shapes.js';

export interface LichessRoutesOptions {
  bridge: LichessBridge;
}

/** Send lichess's error body. */
function lichessError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: message });
}

function sendFailure(reply: FastifyReply, failure: LichessFailure) {
  return lichessError(reply, failure.status, failure.message);
}

const OK = { ok: true } as const;

/** The raw token of `Authorization: Bearer <token>`, or null. */
function bearerOf(request: FastifyRequest): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/iu.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export async function lichessRoutes(app: FastifyInstance, options: LichessRoutesOptions): Promise<void> {
  const { bridge } = options;
  const service = bridge.service;
  installLenientParser(app);

  // Errors inside these routes (a bad JSON body, a rate limit, a bug) in lichess's shape.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'lichess route failed');
      return lichessError(reply, 500, 'Internal server error.');
    }
    return lichessError(reply, status, error.message);
  });

  /** Register a route at its path and with a trailing slash (berserk sends `claim-victory/`). */
  const route = (method: 'GET' | 'POST', path: string, handler: RouteHandlerMethod) => {
    app.route({ method, url: path, handler });
    app.route({ method, url: `${path}/`, handler });
  };
  /** Both families of lichess's game routes: the Bot API's and the Board API's (berserk's board client). */
  const gameRoute = (method: 'GET' | 'POST', tail: string, handler: RouteHandlerMethod) => {
    route(method, `/api/bot/game/${tail}`, handler);
    route(method, `/api/board/game/${tail}`, handler);
  };

  /** The account of the request's token, or a 401 answer sent (null). */
  async function authenticate(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ account: Account; token: string } | null> {
    const token = bearerOf(request);
    const account = token ? await bridge.accounts.authenticate(token) : undefined;
    if (!token || !account) {
      await lichessError(reply, 401, 'No such token');
      return null;
    }
    return { account, token };
  }

  // 1. Token test: the body is the raw token(s), comma-separated, often with no Content-Type.
  route('POST', '/api/token/test', async (request, reply) => {
    const tokens = rawBodyOf(request)
      .split(',')
      .map((token) => token.trim())
      .filter(Boolean);
    const answer: Record<string, unknown> = {};
    for (const token of tokens.slice(0, 1000)) {
      const account = await bridge.accounts.authenticate(token);
      answer[token] = account
        ? {
            scopes:
              account.title === 'BOT'
                ? 'bot:play,board:play,challenge:read,challenge:write'
                : 'board:play,challenge:read,challenge:write',
            userId: account.id,
            expires: null,
          }
        : null;
    }
    return reply.send(answer);
  });

  // 2. The account.
  route('GET', '/api/account', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const playing = (await bridge.nowPlaying(who.account)).length;
    return reply.send(
      makeUserJson(who.account, { online: bridge.isOnline(who.account.id), baseUrl: baseUrlOf(request), playing }),
    );
  });

  // 3. Games in progress.
  route('GET', '/api/account/playing', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const limit = integerField(fieldsOf(request)['nb']);
    const games = await bridge.nowPlaying(who.account);
    return reply.send({ nowPlaying: limit && limit > 0 ? games.slice(0, limit) : games });
  });

  route('POST', '/api/bot/account/upgrade', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    if (who.account.title === 'BOT') return reply.send(OK);
    return lichessError(reply, 400, 'Bot accounts are made on the server: npm run account -- create NAME --bot.');
  });

  // 4. The event stream.
  route('GET', '/api/stream/event', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const stream = bridge.streams.start(reply);
    await bridge.openEventStream(who.account, stream, baseUrlOf(request));
  });

  // 5. Challenges.
  route('POST', '/api/challenge/:username', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const { username } = request.params as { username: string };
    const dest = await bridge.accounts.byName(username);
    if (!dest) return lichessError(reply, 404, `User ${username} not found.`);
    const parsed = parseChallengeFields(fieldsOf(request));
    if (!parsed.ok) return lichessError(reply, 400, parsed.message);
    const made = bridge.challenge({
      challenger: { kind: 'account', account: who.account },
      challengerCredential: who.token,
      destUser: dest,
      ...parsed.value,
    });
    if (!made.ok) return sendFailure(reply, made);
    return reply.send(bridge.challengeJson(made.value, baseUrlOf(request), who.account.id));
  });

  route('GET', '/api/challenge', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const open = bridge.challenges.openFor(who.account.id);
    const json = (direction: 'in' | 'out') =>
      open
        .filter((challenge) => (direction === 'in') === (challenge.destUser.id === who.account.id))
        .map((challenge) => bridge.challengeJson(challenge, baseUrlOf(request), who.account.id));
    return reply.send({ in: json('in'), out: json('out') });
  });

  route('POST', '/api/challenge/:id/accept', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const accepted = await bridge.accept((request.params as { id: string }).id, who.account, who.token);
    return accepted.ok ? reply.send(OK) : sendFailure(reply, accepted);
  });

  route('POST', '/api/challenge/:id/decline', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const reason = parseDeclineReason(fieldsOf(request)['reason']);
    const declined = bridge.decline((request.params as { id: string }).id, who.account, reason);
    return declined.ok ? reply.send(OK) : sendFailure(reply, declined);
  });

  route('POST', '/api/challenge/:id/cancel', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const canceled = bridge.cancel((request.params as { id: string }).id, { accountId: who.account.id });
    return canceled.ok ? reply.send(OK) : sendFailure(reply, canceled);
  });

  // 6. The game stream.
  gameRoute('GET', 'stream/:id', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const { id } = request.params as { id: string };
    const known = bridge.challenges.get(id)?.status === 'created' || (await bridge.colorOf(id, who.account)) !== null;
    if (!known) return lichessError(reply, 404, 'No such game.');
    const stream = bridge.streams.start(reply);
    const streaming = await bridge.streamGame(id, who.account, stream);
    if (!streaming.ok) stream.end();
  });

  // 7. Acting in a game.
  /** Run an action for the request's account in game `:id`, answering {"ok": true} or lichess's error. */
  const act =
    (
      action: (
        seat: { gameId: string; token: string },
        context: { request: FastifyRequest; color: Color; state: import('../../shared/api-schema.js').GameState },
      ) => ReturnType<typeof service.move> | LichessFailure,
    ): RouteHandlerMethod =>
    async (request, reply) => {
      const who = await authenticate(request, reply);
      if (!who) return;
      const { id } = request.params as { id: string };
      let refused: LichessFailure | null = null;
      const done = await bridge.act(id, who.account, who.token, async (seat, state, color) => {
        const outcome = action(seat, { request, color, state });
        if ('status' in outcome) {
          refused = outcome;
          return { ok: true, value: state };
        }
        return outcome;
      });
      if (refused) return sendFailure(reply, refused);
      return done.ok ? reply.send(OK) : sendFailure(reply, done);
    };

  gameRoute(
    'POST',
    ':id/move/:move',
    act((seat, { request, color, state }) => {
      const text = (request.params as { move: string }).move.toLowerCase();
      if (!UCI_MOVE_PATTERN.test(text)) {
        return { ok: false, status: 400, message: `${text} is not a move in UCI (e2e4, e7e8q, e1g1 or e1h1).` };
      }
      const offeringDraw = booleanField(fieldsOf(request)['offeringDraw']) === true;
      return service.move(seat, normalizeCastling(text, state.fen)).then(async (moved) => {
        if (!moved.ok || !offeringDraw || moved.value.status !== 'active') return moved;
        const draw = bridge.drawAction(moved.value, color, true);
        if (draw) await service.draw(seat, draw);
        return moved;
      });
    }),
  );
  gameRoute(
    'POST',
    ':id/resign',
    act((seat) => service.resign(seat)),
  );
  gameRoute(
    'POST',
    ':id/abort',
    act((seat) => service.abort(seat)),
  );
  gameRoute(
    'POST',
    ':id/draw/:accept',
    act((seat, { request, color, state }) => {
      const yes = booleanField((request.params as { accept: string }).accept);
      if (yes === undefined) return { ok: false, status: 400, message: 'Answer a draw with yes or no.' };
      const draw = bridge.drawAction(state, color, yes);
      return draw ? service.draw(seat, draw) : Promise.resolve({ ok: true as const, value: state });
    }),
  );
  gameRoute(
    'POST',
    ':id/claim-draw',
    act((seat) => service.draw(seat, 'claim')),
  );
  gameRoute(
    'POST',
    ':id/takeback/:accept',
    act((_seat, { request, state }) =>
      booleanField((request.params as { accept: string }).accept) === false
        ? Promise.resolve({ ok: true as const, value: state })
        : { ok: false, status: 400, message: 'Takebacks are not supported on this server.' },
    ),
  );
  gameRoute(
    'POST',
    ':id/claim-victory',
    act(() => ({ ok: false, status: 400, message: 'Your opponent has not left the game.' })),
  );
  gameRoute(
    'POST',
    ':id/berserk',
    act(() => ({ ok: false, status: 400, message: 'Berserk is for tournaments, which this server does not have.' })),
  );

  gameRoute('POST', ':id/chat', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const { id } = request.params as { id: string };
    if (!(await bridge.colorOf(id, who.account))) return lichessError(reply, 404, 'No such game.');
    const fields = fieldsOf(request);
    const room = fields['room'] ?? 'player';
    const text = fields['text'];
    if (room !== 'player' && room !== 'spectator') return lichessError(reply, 400, 'room must be player or spectator.');
    if (typeof text !== 'string' || text.trim() === '' || text.length > 140) {
      return lichessError(reply, 400, 'text must be 1 to 140 characters.');
    }
    bridge.addChat(id, { room, username: who.account.username, text });
    return reply.send(OK);
  });
  gameRoute('GET', ':id/chat', async (request, reply) => {
    const who = await authenticate(request, reply);
    if (!who) return;
    const { id } = request.params as { id: string };
    if (!(await bridge.colorOf(id, who.account))) return lichessError(reply, 404, 'No such game.');
    return reply.send(bridge.chatOf(id).map((line) => ({ user: line.username, text: line.text })));
  });

  // 8. Export (outside /api, as lichess's).
  route('GET', '/game/export/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const pgn = await service.pgn(id, baseUrlOf(request));
    if (!pgn.ok) return lichessError(reply, pgn.code === 'game_not_found' ? 404 : 503, pgn.message);
    return reply.type('application/x-chess-pgn; charset=utf-8').send(pgn.value);
  });

  // 9. Users, for matchmaking.
  route('GET', '/api/bot/online', async (request, reply) => {
    const limit = integerField(fieldsOf(request)['nb']);
    const bots = await bridge.onlineBots();
    const lines = bots
      .slice(0, limit && limit > 0 ? limit : bots.length)
      .map((bot) => JSON.stringify(makeUserJson(bot, { online: true, baseUrl: baseUrlOf(request), playing: 0 })));
    return reply.type('application/x-ndjson').send(lines.map((line) => `${line}\n`).join(''));
  });

  route('GET', '/api/user/:username', async (request, reply) => {
    const account = await bridge.accounts.byName((request.params as { username: string }).username);
    if (!account) return lichessError(reply, 404, 'Not found.');
    return reply.send(
      makeUserJson(account, { online: bridge.isOnline(account.id), baseUrl: baseUrlOf(request), playing: 0 }),
    );
  });

  route('GET', '/api/users/status', async (request, reply) => {
    const ids = String(fieldsOf(request)['ids'] ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean)
      .slice(0, 100);
    const users = [];
    for (const id of ids) {
      const account = await bridge.accounts.byName(id);
      if (!account) continue;
      users.push({
        id: account.id,
        name: account.username,
        ...(account.title ? { title: account.title } : {}),
        online: bridge.isOnline(account.id),
      });
    }
    return reply.send(users);
  });
}

/** The time control, colour and start position of a challenge as lichess's form names them. */
export function parseChallengeFields(
  fields: Record<string, unknown>,
):
  | { ok: true; value: { timeControl: TimeControl | null; color: Color | 'random'; fen: string | null } }
  | { ok: false; message: string } {
  const limit = integerField(fields['clock.limit']);
  const increment = integerField(fields['clock.increment']);
  const days = integerField(fields['days']);
  let timeControl: TimeControl | null = null;
  if (limit !== undefined || increment !== undefined) {
    if (limit === undefined || increment === undefined || Number.isNaN(limit) || Number.isNaN(increment)) {
      return { ok: false, message: 'clock.limit and clock.increment must both be whole numbers of seconds.' };
    }
    timeControl = realtime(limit, increment);
  } else if (days !== undefined) {
    if (Number.isNaN(days)) return { ok: false, message: 'days must be a whole number.' };
    timeControl = correspondence(days);
  }
  const problem = timeControl && timeControlProblem(timeControl);
  if (problem) return { ok: false, message: problem };
  const color = fields['color'] ?? 'random';
  if (color !== 'white' && color !== 'black' && color !== 'random') {
    return { ok: false, message: 'color must be white, black or random.' };
  }
  const variant = fields['variant'] ?? 'standard';
  if (variant !== 'standard' && variant !== 'fromPosition') {
    return { ok: false, message: `The variant ${String(variant)} is not supported here: only standard chess.` };
  }
  const fen = typeof fields['fen'] === 'string' ? fields['fen'] : null;
  return { ok: true, value: { timeControl, color, fen } };
}
