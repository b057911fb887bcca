/**
 * Conformance of the lichess-compatible Bot API, written from lichess's specification (lichess-org/api doc/specs:
 * GameFullEvent, GameStateEvent, GameEventInfo, ChallengeJson, GameStatusName, Error, Ok) and from what the bridge
 * lichess-bot reads (lib/lichess.py, lib/lichess_bot.py, lib/model.py: the fields it indexes without a fallback are
 * checked as present). Requests are made as lichess-bot's `requests` makes them: over a real port, the token test's
 * body a raw token with no Content-Type, POSTs with no body, forms for decline and chat, NDJSON read line by line.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from './fixtures/live-server.js';

const KEEP_ALIVE_MS = 200;
let server: LiveServer;
let port: number;
let botToken: string;
let otherToken: string;

/** lichess's JSON as received: each test checks the fields it reads. */
// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, checked field by field below
type Json = any;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json: () => Json;
}

/** One HTTP request with exactly the headers given (no Content-Type unless set), as `requests` sends it. */
function send(method: string, path: string, options: { token?: string; body?: string; type?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
    if (options.type) headers['Content-Type'] = options.type;
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) }),
      );
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** An NDJSON stream read as lichess-bot's iter_lines() reads it: objects, and '' for each keep-alive line. */
class LineStream {
  readonly lines: (object | '')[] = [];
  status = 0;
  contentType = '';
  ended = false;
  private buffer = '';
  private waiters: (() => void)[] = [];
  private req: ReturnType<typeof httpRequest>;

  constructor(path: string, token: string) {
    this.req = httpRequest({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      this.status = res.statusCode!;
      this.contentType = String(res.headers['content-type']);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        this.buffer += chunk;
        let newline = this.buffer.indexOf('\n');
        while (newline >= 0) {
          const line = this.buffer.slice(0, newline);
          this.buffer = this.buffer.slice(newline + 1);
          this.lines.push(line === '' ? '' : JSON.parse(line));
          newline = this.buffer.indexOf('\n');
        }
        this.wake();
      });
      res.on('end', () => {
        this.ended = true;
        this.wake();
      });
      res.on('error', () => {});
      this.wake();
    });
    this.req.on('error', () => {});
    this.req.end();
  }

  /** The objects received so far (keep-alives left out). */
  events(): Json[] {
    return this.lines.filter((line) => line !== '');
  }

  /** Wait until `test` holds over what was received (or fail after 10 s). */
  async until(test: (stream: LineStream) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!test(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** The first event of a type that satisfies `test`, waiting for it. */
  async next(type: string, test: (event: Json) => boolean = () => true): Promise<Json> {
    await this.until((s) => s.events().some((e) => e.type === type && test(e)), type);
    return this.events().find((e) => e.type === type && test(e));
  }

  close(): void {
    this.req.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

beforeAll(async () => {
  server = await startLiveServer({ lichessKeepAliveMs: KEEP_ALIVE_MS });
  port = Number(new URL(server.url).port);
  const bot = await server.app.lichess.accounts.create('StockBot', { bot: true });
  const other = await server.app.lichess.accounts.create('Challenger-1', { bot: true });
  if (!bot.ok || !other.ok) throw new Error('accounts');
  botToken = bot.value.token;
  otherToken = other.value.token;
});
afterAll(() => server.close());

/** lichess-bot's fields of a gameState (lib/lichess_bot.py reads moves, status and the clock fields without fallback). */
function expectGameState(state: Json): void {
  expect(state.type).toBe('gameState');
  expect(typeof state.moves).toBe('string');
  for (const field of ['wtime', 'btime', 'winc', 'binc']) expect(Number.isInteger(state[field])).toBe(true);
  expect(typeof state.status).toBe('string');
  expect(typeof state.wdraw).toBe('boolean');
  expect(typeof state.bdraw).toBe('boolean');
}

/** A challenge from Challenger-1 to StockBot (form body, as lichess's spec gives it), accepted by StockBot. */
async function challengeAndAccept(body: string, events?: LineStream): Promise<string> {
  const made = await send('POST', '/api/challenge/StockBot', {
    token: otherToken,
    body,
    type: 'application/x-www-form-urlencoded',
  });
  expect(made.status).toBe(200);
  const id = made.json().id as string;
  if (events) await events.next('challenge', (e) => e.challenge.id === id);
  const accepted = await send('POST', `/api/challenge/${id}/accept`, { token: botToken });
  expect(accepted.status).toBe(200);
  expect(accepted.json()).toEqual({ ok: true });
  return id;
}

describe('start-up calls (lichess.py Lichess.__init__, get_profile, get_ongoing_games)', () => {
  it('POST /api/token/test takes the raw token with no Content-Type and answers its scopes', async () => {
    const answer = await send('POST', '/api/token/test', { body: botToken });
    expect(answer.status).toBe(200);
    const info = answer.json()[botToken];
    expect(info.scopes.split(',')).toContain('bot:play');
    expect(info.userId).toBe('stockbot');
    expect(info.expires).toBeNull();
    const unknown = await send('POST', '/api/token/test', { body: 'rook_nope' });
    expect(unknown.json()).toEqual({ rook_nope: null });
  });

  it('GET /api/account has id, username and title BOT; no token is a 401 with an error string', async () => {
    const answer = await send('GET', '/api/account', { token: botToken });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ id: 'stockbot', username: 'StockBot', title: 'BOT' });
    expect(answer.json().perfs.blitz.rating).toBe(1500);
    const refused = await send('GET', '/api/account');
    expect(refused.status).toBe(401);
    expect(typeof refused.json().error).toBe('string');
    expect((await send('GET', '/api/account', { token: 'rook_wrong' })).status).toBe(401);
  });

  it('GET /api/account/playing answers nowPlaying', async () => {
    const answer = await send('GET', '/api/account/playing', { token: botToken });
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.json().nowPlaying)).toBe(true);
  });
});

describe('a timed game as lichess-bot plays it', () => {
  it('event stream, challenge, accept, a game stream opened before the game starts, castling e1h1, reconnect, draw, chat, resign, export', async () => {
    const events = new LineStream('/api/stream/event', botToken);
    const challengerEvents = new LineStream('/api/stream/event', otherToken);
    // NDJSON, with keep-alive empty lines (lichess: about every 6 s; here the test interval).
    await events.until((s) => s.lines.filter((line) => line === '').length >= 2, 'two keep-alive lines');
    expect(events.status).toBe(200);
    expect(events.contentType).toContain('application/x-ndjson');

    // Bot-to-bot challenge with JSON and nulls (berserk's challenges.create), clock in seconds.
    const made = await send('POST', '/api/challenge/stockbot', {
      token: otherToken,
      type: 'application/json',
      body: JSON.stringify({
        rated: false,
        'clock.limit': 180,
        'clock.increment': 2,
        days: null,
        color: 'white',
        variant: null,
        fen: null,
      }),
    });
    expect(made.status).toBe(200);
    const id = made.json().id as string;
    expect(made.json()).toMatchObject({ status: 'created', direction: 'out', speed: 'blitz', color: 'white' });

    // model.Challenge reads these without a fallback.
    const { challenge } = await events.next('challenge', (e) => e.challenge.id === id);
    expect(challenge).toMatchObject({
      id,
      rated: false,
      variant: { key: 'standard', name: 'Standard' },
      perf: { name: 'Blitz' },
      speed: 'blitz',
      timeControl: { type: 'clock', limit: 180, increment: 2 },
      color: 'white',
      finalColor: 'white',
      challenger: { name: 'Challenger-1', title: 'BOT' },
      destUser: { id: 'stockbot' },
      direction: 'in',
    });

    // The game stream opened on the challenge's id before the game exists: it waits, then starts with gameFull.
    const early = new LineStream(`/api/bot/game/stream/${id}`, botToken);
    await early.until((s) => s.status === 200, 'the early stream to open');

    const accepted = await send('POST', `/api/challenge/${id}/accept`, { token: botToken });
    expect(accepted.json()).toEqual({ ok: true });
    const start = await events.next('gameStart');
    expect(start.game).toMatchObject({
      id,
      gameId: id,
      color: 'black',
      isMyTurn: false,
      opponent: { username: 'Challenger-1' },
    });
    expect(start.game.secondsLeft).toBe(180);
    expect((await challengerEvents.next('gameStart')).game).toMatchObject({ id, color: 'white', isMyTurn: true });

    const full = await early.next('gameFull');
    expect(early.events()[0].type).toBe('gameFull');
    expect(full).toMatchObject({
      id,
      variant: { key: 'standard', name: 'Standard' },
      speed: 'blitz',
      perf: { name: 'Blitz' },
      rated: false,
      white: { id: 'challenger-1', name: 'Challenger-1', title: 'BOT' },
      black: { id: 'stockbot', name: 'StockBot', title: 'BOT' },
      initialFen: 'startpos',
      clock: { initial: 180_000, increment: 2000 },
    });
    expect(Number.isInteger(full.createdAt)).toBe(true);
    expectGameState(full.state);
    expect(full.state).toMatchObject({
      moves: '',
      wtime: 180_000,
      btime: 180_000,
      winc: 2000,
      binc: 2000,
      status: 'started',
    });

    // Playing to white castling as lichess writes it now (king takes rook).
    const line = ['e2e4', 'e7e5', 'g1f3', 'b8c6', 'f1c4', 'g8f6', 'e1h1'];
    for (const [ply, move] of line.entries()) {
      const token = ply % 2 === 0 ? otherToken : botToken;
      const moved = await send('POST', `/api/bot/game/${id}/move/${move}?offeringDraw=false`, { token });
      expect(moved.status, `${move}: ${moved.text}`).toBe(200);
      expect(moved.json()).toEqual({ ok: true });
      await early.until(
        (s) => s.events().filter((e) => e.type === 'gameState').length >= ply + 1,
        `state after ${move}`,
      );
    }
    const states = early.events().filter((e) => e.type === 'gameState');
    for (const state of states) expectGameState(state);
    // One gameState per version, moves written king-two-squares.
    expect(states.at(-1).moves).toBe('e2e4 e7e5 g1f3 b8c6 f1c4 g8f6 e1g1');
    // ms, with the increment of each of black's three moves.
    expect(states.at(-1).btime).toBeLessThanOrEqual(180_000 + 3 * 2000);
    expect(states.at(-1).btime).toBeGreaterThan(170_000);
    const status = await send('GET', `/api/games/${id}/status`);
    expect(status.json().moves.at(-1)).toBe('O-O');
    expect(status.json().players).toEqual({ white: { name: 'Challenger-1' }, black: { name: 'StockBot' } });

    // An illegal move: 400 with lichess's error body.
    const illegal = await send('POST', `/api/bot/game/${id}/move/a7a1`, { token: botToken });
    expect(illegal.status).toBe(400);
    expect(typeof illegal.json().error).toBe('string');

    // Reconnect mid-game: a new stream starts again with gameFull at the current state.
    early.close();
    const again = new LineStream(`/api/board/game/stream/${id}`, botToken);
    const refull = await again.next('gameFull');
    expect(refull.state.moves).toBe('e2e4 e7e5 g1f3 b8c6 f1c4 g8f6 e1g1');

    // Draw offered with a move, declined with berserk's 0; chat as a form.
    expect((await send('POST', `/api/bot/game/${id}/move/d7d6?offeringDraw=true`, { token: botToken })).status).toBe(
      200,
    );
    const offered = await again.next('gameState', (e) => e.bdraw === true);
    expect(offered.wdraw).toBe(false);
    expect((await send('POST', `/api/bot/game/${id}/draw/0`, { token: otherToken })).json()).toEqual({ ok: true });
    await again.next('gameState', (e) => e.moves.endsWith('d7d6') && e.bdraw === false);
    const chat = await send('POST', `/api/bot/game/${id}/chat`, {
      token: botToken,
      body: 'room=player&text=good+luck',
      type: 'application/x-www-form-urlencoded',
    });
    expect(chat.json()).toEqual({ ok: true });
    expect(await again.next('chatLine')).toEqual({
      type: 'chatLine',
      room: 'player',
      username: 'StockBot',
      text: 'good luck',
    });
    // berserk's claim-victory has a trailing slash; nobody left, so lichess's 400.
    const claim = await send('POST', `/api/board/game/${id}/claim-victory/`, { token: otherToken });
    expect(claim.status).toBe(400);
    expect(typeof claim.json().error).toBe('string');

    const playing = (await send('GET', '/api/account/playing', { token: otherToken })).json().nowPlaying;
    expect(playing).toHaveLength(1);
    expect(playing[0]).toMatchObject({
      gameId: id,
      fullId: expect.any(String),
      color: 'white',
      speed: 'blitz',
      isMyTurn: true,
      opponent: { username: 'StockBot' },
    });
    expect(Number.isInteger(playing[0].secondsLeft)).toBe(true);

    // Resign: the final state, then the stream closes; gameFinish on the event stream.
    expect((await send('POST', `/api/bot/game/${id}/resign`, { token: otherToken })).json()).toEqual({ ok: true });
    const final = await again.next('gameState', (e) => e.status !== 'started');
    expect(final).toMatchObject({ status: 'resign', winner: 'black' });
    await again.until((s) => s.ended, 'the game stream to close');
    expect((await events.next('gameFinish')).game).toMatchObject({
      id,
      status: { id: 31, name: 'resign' },
      winner: 'black',
    });

    const pgn = await send('GET', `/game/export/${id}`);
    expect(pgn.status).toBe(200);
    expect(pgn.text).toContain('[Result "0-1"]');
    expect(pgn.text).toContain('O-O');
    expect((await send('GET', '/api/account/playing', { token: otherToken })).json().nowPlaying).toEqual([]);
    events.close();
    challengerEvents.close();
  });
});

describe('challenges answered otherwise', () => {
  it('decline with a form reason reaches the challenger as challengeDeclined; cancel as challengeCanceled', async () => {
    const events = new LineStream('/api/stream/event', otherToken);
    await events.until((s) => s.status === 200, 'open');
    const made = await send('POST', '/api/challenge/StockBot', {
      token: otherToken,
      body: 'clock.limit=60&clock.increment=0',
      type: 'application/x-www-form-urlencoded',
    });
    const id = made.json().id;
    expect(made.json().speed).toBe('bullet');
    // lichess.py decline_challenge: form body, its own Content-Type.
    const declined = await send('POST', `/api/challenge/${id}/decline`, {
      token: botToken,
      body: 'reason=timeControl',
      type: 'application/x-www-form-urlencoded',
    });
    expect(declined.json()).toEqual({ ok: true });
    const event = await events.next('challengeDeclined');
    expect(event.challenge).toMatchObject({ id, status: 'declined', declineReasonKey: 'timecontrol' });
    expect(typeof event.challenge.declineReason).toBe('string');
    // A second answer to the same challenge: 404, which lichess-bot's accept handles as "missing".
    expect((await send('POST', `/api/challenge/${id}/accept`, { token: botToken })).status).toBe(404);

    const second = (
      await send('POST', '/api/challenge/StockBot', {
        token: otherToken,
        body: 'days=3',
        type: 'application/x-www-form-urlencoded',
      })
    ).json();
    expect(second).toMatchObject({ speed: 'correspondence', timeControl: { type: 'correspondence', daysPerTurn: 3 } });
    expect((await send('POST', `/api/challenge/${second.id}/cancel`, { token: otherToken })).json()).toEqual({
      ok: true,
    });
    expect((await events.next('challengeCanceled')).challenge.id).toBe(second.id);
    events.close();
  });

  it('an untimed game sends 2147483647 for the clocks; abort ends it as aborted', async () => {
    const id = await challengeAndAccept('color=black');
    const stream = new LineStream(`/api/bot/game/stream/${id}`, botToken);
    const full = await stream.next('gameFull');
    expect(full.clock).toBeUndefined();
    expect(full.speed).toBe('correspondence');
    expect(full.state).toMatchObject({ wtime: 2_147_483_647, btime: 2_147_483_647, winc: 0, binc: 0 });
    expect(full.white.name).toBe('StockBot');
    expect((await send('POST', `/api/bot/game/${id}/abort`, { token: botToken })).json()).toEqual({ ok: true });
    expect((await stream.next('gameState', (e) => e.status !== 'started')).status).toBe('aborted');
  });

  it('bad input gets lichess error bodies, never a 500', async () => {
    for (const [path, body] of [
      ['/api/challenge/StockBot', 'clock.limit=60'],
      ['/api/challenge/StockBot', 'variant=atomic'],
      ['/api/challenge/nobody-here', ''],
      ['/api/challenge/Challenger-1', '{'],
    ] as const) {
      const answer = await send('POST', path, {
        token: path.endsWith('Challenger-1') ? botToken : otherToken,
        body,
        type: body === '{' ? 'application/json' : 'application/x-www-form-urlencoded',
      });
      expect(answer.status, path + body).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(typeof answer.json().error).toBe('string');
    }
    expect((await send('GET', '/api/bot/game/stream/nonexistent1', { token: botToken })).status).toBe(404);
    expect((await send('POST', '/api/bot/game/nonexistent1/move/e2e4', { token: botToken })).status).toBe(404);
  });
});

describe('users and matchmaking calls', () => {
  it('online bots (NDJSON), public data, status; one event stream per token', async () => {
    const first = new LineStream('/api/stream/event', botToken);
    await first.until((s) => s.status === 200, 'open');
    const online = await send('GET', '/api/bot/online?nb=512');
    const bots = online.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(bots.map((bot) => bot.username)).toContain('StockBot');
    expect(bots[0]).toMatchObject({ title: 'BOT', perfs: expect.any(Object) });
    expect((await send('GET', '/api/user/stockbot')).json()).toMatchObject({
      id: 'stockbot',
      username: 'StockBot',
      title: 'BOT',
    });
    expect((await send('GET', '/api/user/ghost')).status).toBe(404);
    expect((await send('GET', '/api/users/status?ids=stockbot,ghost')).json()).toEqual([
      { id: 'stockbot', name: 'StockBot', title: 'BOT', online: true },
    ]);
    // A second stream for the same token closes the first.
    const second = new LineStream('/api/stream/event', botToken);
    await first.until((s) => s.ended, 'the first stream to close');
    second.close();
  });
});

describe('guests cannot pass for an account', () => {
  it('a guest called like the bot appears with a name no account can have', async () => {
    const events = new LineStream('/api/stream/event', botToken);
    await events.until((s) => s.status === 200, 'open');
    const made = await fetch(`${server.url}/api/games/challenge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bot: 'StockBot', name: 'stockbot', timeControl: '3+2', color: 'white' }),
    });
    expect(made.status).toBe(201);
    const ticket = (await made.json()) as { id: string; secret: string };
    const { challenge } = await events.next('challenge', (e) => e.challenge.id === ticket.id);
    expect(challenge.challenger.name.toLowerCase()).not.toBe('stockbot');
    await send('POST', `/api/challenge/${ticket.id}/accept`, { token: botToken });
    const stream = new LineStream(`/api/bot/game/stream/${ticket.id}`, botToken);
    const full = await stream.next('gameFull');
    // lichess-bot: is_white = white.name.lower() == username.lower()
    expect(full.white.name.toLowerCase()).not.toBe('stockbot');
    expect(full.black.name).toBe('StockBot');
    const polled = await fetch(`${server.url}/api/games/challenge/${ticket.id}`, {
      headers: { authorization: `Bearer ${ticket.secret}` },
    });
    const seat = (await polled.json()) as { status: string; token: string; color: string; gameId: string };
    expect(seat).toMatchObject({ status: 'accepted', color: 'white', gameId: ticket.id });
    const moved = await fetch(`${server.url}/api/games/${ticket.id}/move`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seat.token}` },
      body: JSON.stringify({ move: 'e4' }),
    });
    expect(moved.status).toBe(200);
    expect((await stream.next('gameState')).moves).toBe('e2e4');
    stream.close();
    events.close();
  });
});
