/**
 * Every error of API.md's list (and Rookery's documented additions) through the real HTTP app: the status, the
 * `{error: {code, message}}` body, the extras some codes carry, and never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameState } from '../shared/api-schema.js';
import { LIMITS } from '../shared/vocabulary.js';
import { Api, expectError, type SeatedGame } from './fixtures/inject-api.js';

let api: Api;
beforeAll(async () => {
  api = await Api.start();
});
afterAll(async () => {
  // Whatever was sent above, the server never failed.
  expect(api.serverErrors()).toEqual([]);
  await api.close();
});

describe('invalid_request (400)', () => {
  let game: SeatedGame;
  beforeAll(async () => {
    game = await api.seatedGame();
  });

  it('bad JSON, on every route that reads a body', async () => {
    const waiting = await api.create();
    for (const [url, token] of [
      ['/api/games', undefined],
      ['/api/join', undefined],
      [`/api/games/${waiting.id}/join`, undefined],
      [`/api/games/${game.id}/move`, game.white],
      [`/api/games/${game.id}/draw`, game.white],
    ] as const) {
      for (const raw of ['{"name":', '{name: "x"}', "{'move':'e4'}", 'e2e4', '[1,2', '\u0000']) {
        const answer = await api.post(url, { raw, ...(token ? { token } : {}) });
        expectError(answer, 400, 'invalid_request');
      }
    }
  });

  const schemaRows: { name: string; url: (game: SeatedGame) => string; body: unknown; seat?: boolean }[] = [
    { name: 'join without a name', url: () => '/api/join', body: {} },
    { name: 'empty name', url: () => '/api/join', body: { name: '' } },
    { name: `name over ${LIMITS.nameMaxLength} characters`, url: () => '/api/join', body: { name: 'x'.repeat(41) } },
    { name: 'name with a control character', url: () => '/api/join', body: { name: 'a\u0001b' } },
    { name: 'name with a newline', url: () => '/api/join', body: { name: 'alice\nbob' } },
    { name: 'name with DEL', url: () => '/api/join', body: { name: 'al\u007fice' } },
    { name: 'name of spaces only', url: () => '/api/join', body: { name: '   ' } },
    { name: 'name as a number', url: () => '/api/join', body: { name: 42 } },
    { name: 'name as null', url: () => '/api/join', body: { name: null } },
    { name: 'body as an array', url: () => '/api/join', body: [{ name: 'alice' }] },
    { name: 'body as a string', url: () => '/api/join', body: 'alice' },
    { name: 'unknown colour', url: (g) => `/api/games/${g.id}/join`, body: { name: 'carol', color: 'red' } },
    { name: 'fen as a number', url: () => '/api/games', body: { fen: 123 } },
    { name: 'fen too long', url: () => '/api/games', body: { fen: 'x'.repeat(LIMITS.fenMaxLength + 1) } },
    {
      name: 'ply as a string ("ply":"3")',
      url: (g) => `/api/games/${g.id}/move`,
      body: { move: 'e4', ply: '0' },
      seat: true,
    },
    { name: 'ply negative', url: (g) => `/api/games/${g.id}/move`, body: { move: 'e4', ply: -1 }, seat: true },
    { name: 'ply fractional', url: (g) => `/api/games/${g.id}/move`, body: { move: 'e4', ply: 0.5 }, seat: true },
    { name: 'ply as a boolean', url: (g) => `/api/games/${g.id}/move`, body: { move: 'e4', ply: true }, seat: true },
    { name: 'move missing', url: (g) => `/api/games/${g.id}/move`, body: { ply: 0 }, seat: true },
    { name: 'move as a number', url: (g) => `/api/games/${g.id}/move`, body: { move: 42 }, seat: true },
    {
      name: 'move as an object',
      url: (g) => `/api/games/${g.id}/move`,
      body: { move: { from: 'e2', to: 'e4' } },
      seat: true,
    },
    { name: 'move empty', url: (g) => `/api/games/${g.id}/move`, body: { move: '' }, seat: true },
    { name: 'move too long', url: (g) => `/api/games/${g.id}/move`, body: { move: 'e2e4'.repeat(5) }, seat: true },
    { name: 'no body on move', url: (g) => `/api/games/${g.id}/move`, body: undefined, seat: true },
    { name: 'unknown draw action', url: (g) => `/api/games/${g.id}/draw`, body: { action: 'maybe' }, seat: true },
    { name: 'draw without action', url: (g) => `/api/games/${g.id}/draw`, body: {}, seat: true },
  ];
  it.each(schemaRows)('$name', async ({ url, body, seat }) => {
    const answer = await api.post(url(game), {
      ...(body === undefined ? {} : { body }),
      ...(seat ? { token: game.white } : {}),
    });
    expectError(answer, 400, 'invalid_request');
  });

  it('a refused body changes nothing', async () => {
    const before = await api.status(game.id);
    await api.post(`/api/games/${game.id}/move`, { body: { move: 'e4', ply: '0' }, token: game.white });
    expect(await api.status(game.id)).toEqual(before);
  });

  const queryRows = [
    '/api/games?status=paused',
    '/api/games?status=',
    '/api/games?limit=0',
    `/api/games?limit=${LIMITS.listMax + 1}`,
    '/api/games?limit=abc',
    '/api/games?limit=1.5',
    '/api/games?limit=-3',
    '/api/games?cursor=not-a-cursor',
    '/api/games/{id}/status?wait=0',
    `/api/games/{id}/status?wait=${LIMITS.waitMaxSeconds + 1}`,
    '/api/games/{id}/status?wait=soon',
    '/api/games/{id}/status?since=-1',
    '/api/games/{id}/status?since=abc',
    '/api/games/bad$id/status',
    `/api/games/${'x'.repeat(65)}/status`,
    '/api/games/bad%20id/pgn',
  ];
  it.each(queryRows)('GET %s', async (template) => {
    const answer = await api.get(template.replace('{id}', game.id));
    expectError(answer, 400, 'invalid_request');
  });
});

describe('unauthorized (401)', () => {
  let game: SeatedGame;
  let other: SeatedGame;
  beforeAll(async () => {
    game = await api.seatedGame();
    other = await api.seatedGame();
  });

  const routes = [
    { route: 'move', body: { move: 'e4' } },
    { route: 'resign', body: undefined },
    { route: 'draw', body: { action: 'offer' } },
    { route: 'abort', body: undefined },
  ];
  const credentials: { name: string; headers: (g: SeatedGame, o: SeatedGame) => Record<string, string> }[] = [
    { name: 'no Authorization header', headers: () => ({}) },
    { name: 'an unknown token', headers: () => ({ authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }) },
    { name: 'the token of another game', headers: (_g, o) => ({ authorization: `Bearer ${o.white}` }) },
    { name: 'the token in the Basic scheme', headers: (g) => ({ authorization: `Basic ${g.white}` }) },
    { name: 'the token with no scheme', headers: (g) => ({ authorization: g.white }) },
    { name: 'the token in the Token scheme', headers: (g) => ({ authorization: `Token ${g.white}` }) },
    { name: 'an empty bearer', headers: () => ({ authorization: 'Bearer ' }) },
    { name: 'the token with junk after it', headers: (g) => ({ authorization: `Bearer ${g.white} extra` }) },
    { name: 'the token as a query parameter', headers: () => ({}) },
  ];
  for (const { route, body } of routes) {
    it.each(credentials)(`${route} with $name`, async ({ name, headers }) => {
      const query = name.includes('query') ? `?token=${game.white}` : '';
      const answer = await api.post(`/api/games/${game.id}/${route}${query}`, {
        ...(body === undefined ? {} : { body }),
        headers: headers(game, other),
      });
      expectError(answer, 401, 'unauthorized');
      expect(String(answer.headers['www-authenticate'])).toMatch(/^Bearer/u);
    });
  }

  it('the token is checked before the body: a stranger learns nothing from validation', async () => {
    const answer = await api.post(`/api/games/${game.id}/move`, { body: { move: 42 } });
    expectError(answer, 401, 'unauthorized');
  });

  it('none of the refusals changed either game', async () => {
    expect((await api.status(game.id)).version).toBe(game.state.version);
    expect((await api.status(other.id)).version).toBe(other.state.version);
  });
});

describe('invalid_fen (400)', () => {
  const rows = [
    { fen: 'garbage', why: 'not a FEN' },
    { fen: '8/8/8/8/8/8/8/K7 w - - 0 1', why: 'missing black king' },
    { fen: 'R6k/8/6K1/8/8/8/8/8 b - - 0 1', why: 'already checkmate' },
    { fen: '7k/5Q2/6K1/8/8/8/8/8 b - - 0 1', why: 'already stalemate' },
    { fen: '4k3/8/8/8/8/8/8/4K3 w - - 0 1', why: 'K v K' },
    { fen: '4k3/8/8/8/8/8/4R3/4K3 w - - 0 1', why: 'side not to move in check' },
    { fen: '4k3/8/8/8/8/8/8/4K2R w KQkq - 0 1', why: 'castling rights without rooks' },
  ];
  it.each(rows)('$why', async ({ fen }) => {
    expectError(await api.post('/api/games', { body: { fen } }), 400, 'invalid_fen');
  });
});

describe('game_not_found (404)', () => {
  const unknown = 'NoSuchGame00';
  const rows = [
    { method: 'GET', path: `/api/games/${unknown}/status` },
    { method: 'GET', path: `/api/games/${unknown}` },
    { method: 'GET', path: `/api/games/${unknown}/status?since=0&wait=1` },
    { method: 'GET', path: `/api/games/${unknown}/pgn` },
    { method: 'POST', path: `/api/games/${unknown}/join`, body: { name: 'alice' } },
    {
      method: 'POST',
      path: `/api/games/${unknown}/move`,
      body: { move: 'e4' },
      token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    },
    { method: 'POST', path: `/api/games/${unknown}/move`, body: { move: 'e4' } },
    { method: 'POST', path: `/api/games/${unknown}/resign`, token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    { method: 'POST', path: `/api/games/${unknown}/draw`, body: { action: 'offer' }, token: 'x' },
    { method: 'POST', path: `/api/games/${unknown}/abort`, token: 'x' },
  ] as const;
  it.each(rows)('$method $path', async (row) => {
    const answer = await api.call(row.method, row.path, {
      ...('body' in row ? { body: row.body } : {}),
      ...('token' in row ? { token: row.token } : {}),
    });
    expectError(answer, 404, 'game_not_found');
  });
});

describe('seats: game_full and color_taken (409)', () => {
  it('a third player is refused with game_full, with or without a colour', async () => {
    const game = await api.seatedGame();
    expectError(await api.post(`/api/games/${game.id}/join`, { body: { name: 'carol' } }), 409, 'game_full');
    expectError(
      await api.post(`/api/games/${game.id}/join`, { body: { name: 'carol', color: 'black' } }),
      409,
      'game_full',
    );
  });

  it('a taken colour is refused with color_taken while the other seat is free', async () => {
    const game = await api.create();
    await api.join(game.id, 'alice', 'black');
    expectError(
      await api.post(`/api/games/${game.id}/join`, { body: { name: 'carol', color: 'black' } }),
      409,
      'color_taken',
    );
    expect((await api.status(game.id)).players).toEqual({ white: null, black: { name: 'alice' } });
  });
});

describe('play refusals (409, 422)', () => {
  it('not_your_turn: black moves first, white moves twice', async () => {
    const game = await api.seatedGame();
    expectError(
      await api.post(`/api/games/${game.id}/move`, { body: { move: 'e5' }, token: game.black }),
      409,
      'not_your_turn',
    );
    await api.play(game, ['e4']);
    expectError(
      await api.post(`/api/games/${game.id}/move`, { body: { move: 'd4' }, token: game.white }),
      409,
      'not_your_turn',
    );
  });

  it('game_over: every action on a finished game', async () => {
    const game = await api.seatedGame();
    await api.play(game, ['f3', 'e5', 'g4', 'Qh4#']);
    const moveAnswer = await api.post(`/api/games/${game.id}/move`, { body: { move: 'a3' }, token: game.white });
    expectError(moveAnswer, 409, 'game_over');
    expectError(await api.post(`/api/games/${game.id}/resign`, { token: game.white }), 409, 'game_over');
    expectError(await api.post(`/api/games/${game.id}/abort`, { token: game.black }), 409, 'game_over');
    expectError(
      await api.post(`/api/games/${game.id}/draw`, { body: { action: 'offer' }, token: game.white }),
      409,
      'game_over',
    );
    // A finished game with a free seat (aborted while waiting) cannot be joined.
    const waiting = await api.create();
    const alice = await api.join(waiting.id, 'alice');
    expect((await api.post(`/api/games/${waiting.id}/abort`, { token: alice.token })).status).toBe(200);
    expectError(await api.post(`/api/games/${waiting.id}/join`, { body: { name: 'bob' } }), 409, 'game_over');
  });

  it('stale_ply carries the current game', async () => {
    const game = await api.seatedGame();
    const state = await api.play(game, ['e4', 'e5']);
    for (const ply of [0, 1, 3, 99]) {
      const answer = await api.post(`/api/games/${game.id}/move`, { body: { move: 'Nf3', ply }, token: game.white });
      const error = expectError(answer, 409, 'stale_ply');
      expect(error['game']).toEqual(state);
    }
  });

  it('illegal_move is 422 with the legal moves in UCI', async () => {
    const game = await api.seatedGame();
    // (`E2E4` and `e2-e4` were in this list until core v2: the API now reads moves as people type them, see
    // api-games.test.ts "forgiving move input".)
    for (const move of ['e2e5', 'e5', 'Ke2', 'O-O', 'e7e5', 'a1a1', 'z9z9', 'hello', 'e2-e5', 'E2E5']) {
      const answer = await api.post(`/api/games/${game.id}/move`, { body: { move }, token: game.white });
      const error = expectError(answer, 422, 'illegal_move');
      expect(new Set(error['legalMoves'] as string[])).toEqual(new Set(game.state.legalMoves));
      for (const uci of error['legalMoves'] as string[]) expect(uci).toMatch(/^[a-h][1-8][a-h][1-8][qrbn]?$/u);
    }
    expect((await api.status(game.id)).version).toBe(game.state.version);
  });

  it('game_not_started: move, resign and draw before the second player', async () => {
    const game = await api.create();
    const alice = await api.join(game.id, 'alice', 'white');
    const base = `/api/games/${game.id}`;
    expectError(await api.post(`${base}/move`, { body: { move: 'e4' }, token: alice.token }), 409, 'game_not_started');
    expectError(await api.post(`${base}/resign`, { token: alice.token }), 409, 'game_not_started');
    expectError(
      await api.post(`${base}/draw`, { body: { action: 'offer' }, token: alice.token }),
      409,
      'game_not_started',
    );
  });

  it('no_draw_offer, draw_not_claimable, cannot_abort', async () => {
    const game = await api.seatedGame();
    const base = `/api/games/${game.id}`;
    expectError(
      await api.post(`${base}/draw`, { body: { action: 'accept' }, token: game.black }),
      409,
      'no_draw_offer',
    );
    expectError(
      await api.post(`${base}/draw`, { body: { action: 'decline' }, token: game.black }),
      409,
      'no_draw_offer',
    );
    expectError(
      await api.post(`${base}/draw`, { body: { action: 'claim' }, token: game.white }),
      409,
      'draw_not_claimable',
    );
    expectError(await api.post(`${base}/draw`, { body: { action: 'claim' }, token: game.black }), 409, 'not_your_turn');
    await api.play(game, ['e4', 'e5']);
    expectError(await api.post(`${base}/abort`, { token: game.white }), 409, 'cannot_abort');
  });
});

describe('transport errors', () => {
  it('payload_too_large: a body over 64 KiB is 413, on any route', async () => {
    const game = await api.seatedGame();
    const big = JSON.stringify({ name: 'x'.repeat(LIMITS.bodyLimitBytes) });
    expect(big.length).toBeGreaterThan(64 * 1024);
    expectError(await api.post('/api/games', { raw: big }), 413, 'payload_too_large');
    expectError(await api.post('/api/join', { raw: big }), 413, 'payload_too_large');
    expectError(
      await api.post(`/api/games/${game.id}/move`, { raw: big, token: game.white }),
      413,
      'payload_too_large',
    );
    // Just under the limit is read (and then refused by the schema, not by size).
    const near = JSON.stringify({ name: 'x'.repeat(LIMITS.bodyLimitBytes - 20) });
    expectError(await api.post('/api/join', { raw: near }), 400, 'invalid_request');
  });

  it('unsupported media type: a body that is not JSON is 415', async () => {
    for (const type of [
      'application/xml',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await api.post('/api/join', { raw: 'name=alice', headers: { 'content-type': type } });
      expectError(answer, 415, 'unsupported_media_type');
    }
  });

  it('unknown routes under /api are JSON 404s', async () => {
    for (const [method, url] of [
      ['GET', '/api/nope'],
      ['GET', '/api'],
      ['GET', '/api/games/abc/teleport'],
      ['POST', '/api/games/abc/teleport'],
    ] as const) {
      expectError(await api.call(method, url), 404, 'not_found');
    }
  });

  it('a method a path does not take is 405 with Allow', async () => {
    for (const [method, url, allow] of [
      ['DELETE', '/api/games', 'GET, HEAD, POST'],
      ['PUT', '/api/games/abc/move', 'POST'],
      ['POST', '/api/games/abc/status', 'GET, HEAD'],
    ] as const) {
      const answer = await api.call(method, url);
      expectError(answer, 405, 'method_not_allowed');
      expect(answer.headers['allow']).toBe(allow);
    }
  });

  it('an empty JSON body on create is the standard start (not an error)', async () => {
    const answer = await api.post<GameState>('/api/games', { raw: '' });
    expect(answer.status).toBe(201);
    expect(answer.body.fen).toBe('rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1');
  });
});

describe('rate_limited (429)', () => {
  it('answers 429 rate_limited with Retry-After when the server runs with a limit', async () => {
    const limited = await Api.start({ rateLimitPerMinute: 2 });
    try {
      expect((await limited.get('/api/games')).status).toBe(200);
      expect((await limited.get('/api/games')).status).toBe(200);
      const answer = await limited.get('/api/games');
      expectError(answer, 429, 'rate_limited');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});
