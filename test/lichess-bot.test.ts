/**
 * Rookery's own bot in lichess Bot API mode (bots/lichess-bot.ts) against the real server over a real port, with
 * the random engine: it reads its account, keeps the event stream open, accepts a guest's challenge (the JSON
 * guest challenge route), follows the game stream and moves, declines a draw offer, declines what it cannot take
 * ("later" while busy or stopping), opens its streams again after the connection is cut or goes silent (through
 * a proxy that can do both), and stops in two steps. The guest side is played through Rookery's own JSON API.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LichessBot } from '../bots/lichess-bot.js';
import { LichessClient } from '../bots/lichess-client.js';
import { RandomPlayer } from '../bots/random-player.js';
import type { GameState } from '../shared/api-schema.js';
import { startCuttableProxy, type CuttableProxy } from './fixtures/cuttable-proxy.js';
import { call, startLiveServer, until, type LiveServer } from './fixtures/live-server.js';

let server: LiveServer;
let botToken: string;
let seed = 1;

beforeAll(async () => {
  server = await startLiveServer({ lichessKeepAliveMs: 200 });
  const account = await server.app.lichess.accounts.create('RandomBot', { bot: true });
  if (!account.ok) throw new Error('account');
  botToken = account.value.token;
});
afterAll(() => server.close());

interface Running {
  bot: LichessBot;
  done: Promise<void>;
  log: string[];
}
const running: Running[] = [];

/** Start the bot against `url` (the server, or a proxy in front of it) and wait until its event stream is open. */
async function startBot(url: string, options: { maxGames?: number; idleTimeoutMs?: number } = {}): Promise<Running> {
  const log: string[] = [];
  const bot = new LichessBot({
    client: new LichessClient({
      baseUrl: url,
      token: botToken,
      idleTimeoutMs: options.idleTimeoutMs ?? 5000,
      requestTimeoutMs: 2000,
    }),
    makePlayer: async () => new RandomPlayer({ seed: seed++ }),
    maxGames: options.maxGames ?? 1,
    log: (line) => log.push(line),
    retryDelayMs: () => 50,
  });
  const done = bot.run();
  const entry = { bot, done, log };
  running.push(entry);
  await until(() => server.app.lichess.isOnline('randombot'), 'the event stream to open');
  return entry;
}

afterEach(async () => {
  for (const { bot, done } of running.splice(0)) {
    await bot.forceStop();
    await done;
  }
  await until(() => !server.app.lichess.isOnline('randombot'), 'the event stream to close');
});

interface Ticket {
  id: string;
  status: string;
  secret?: string;
  declineReason?: string;
  gameId?: string;
  color?: 'white' | 'black';
  token?: string;
  game?: GameState;
}

/** A guest's challenge to the bot, answered (polled until it leaves `created`). */
async function challenge(timeControl: string | null = '3+2'): Promise<Ticket & { secret: string }> {
  const made = await call<Ticket & { secret: string }>(server.url, 'POST', '/api/games/challenge', {
    bot: 'RandomBot',
    name: 'alice',
    ...(timeControl ? { timeControl } : {}),
  });
  expect(made.status).toBe(201);
  const answered = await call<Ticket>(
    server.url,
    'GET',
    `/api/games/challenge/${made.body.id}?wait=10`,
    undefined,
    made.body.secret,
  );
  return { ...answered.body, secret: made.body.secret };
}

async function status(gameId: string, since?: number): Promise<GameState> {
  const query = since === undefined ? '' : `?since=${since}&wait=10`;
  return (await call<GameState>(server.url, 'GET', `/api/games/${gameId}/status${query}`)).body;
}

/**
 * Play the guest's side with the first legal move until `plies` half-moves are on the board (calling `at(ply)`
 * before each guest move, for faults and offers), or the game ends. Answers the last state seen.
 */
async function playGuest(
  seat: Ticket,
  plies: number,
  at: (ply: number, state: GameState) => Promise<void> = async () => {},
): Promise<GameState> {
  let state = await status(seat.gameId!);
  while (state.status !== 'finished' && state.uci.length < plies) {
    if (state.status === 'active' && state.turn === seat.color && state.drawOffer === null) {
      await at(state.uci.length, state);
      const moved = await call<GameState>(
        server.url,
        'POST',
        `/api/games/${seat.gameId}/move`,
        { move: state.legalMoves[0], ply: state.uci.length },
        seat.token,
      );
      expect(moved.status).toBe(200);
      state = moved.body;
      continue;
    }
    state = await status(seat.gameId!, state.version);
  }
  return state;
}

async function resign(seat: Ticket): Promise<GameState> {
  const answer = await call<GameState>(server.url, 'POST', `/api/games/${seat.gameId}/resign`, {}, seat.token);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('the lichess-API bot (random engine) against a real server', () => {
  it('accepts a guest challenge, plays its moves from the game stream, declines a draw offer, and sees the result', async () => {
    const { bot, log } = await startBot(server.url);
    const seat = await challenge('3+2');
    expect(seat.status).toBe('accepted');
    let offered = false;
    const reached = await playGuest(seat, 12, async (ply) => {
      if (ply < 6 || offered) return;
      offered = true;
      const offer = await call<GameState>(
        server.url,
        'POST',
        `/api/games/${seat.gameId}/draw`,
        { action: 'offer' },
        seat.token,
      );
      expect(offer.body.drawOffer).toBe(seat.color);
      // The bot answers on the lichess route (draw/no): the offer is gone and the game goes on.
      let state = offer.body;
      while (state.drawOffer !== null) state = await status(seat.gameId!, state.version);
      expect(state.status).toBe('active');
    });
    expect(reached.uci.length).toBeGreaterThanOrEqual(12);
    const final = await resign(seat);
    expect(final).toMatchObject({ status: 'finished', termination: 'resignation' });
    await until(() => bot.results.length === 1, 'the bot to see the end');
    const botColor = seat.color === 'white' ? 'black' : 'white';
    expect(bot.results[0]).toMatchObject({
      gameId: seat.gameId,
      status: 'resign',
      winner: botColor,
      color: botColor,
      opponent: 'alice (guest)',
      failure: null,
    });
    expect(bot.results[0]!.plies).toBe(final.uci.length);
    expect(log.some((line) => line.includes('draw offered: declining'))).toBe(true);
    expect(
      log.some((line) => /challenge \S+ \(3\+2 blitz casual standard from alice \(guest\)\): accepted/u.test(line)),
    ).toBe(true);
    expect(log.some((line) => /over: resign, won/u.test(line))).toBe(true);
  });

  it('declines a second challenge with "later" while it plays its one game', async () => {
    await startBot(server.url, { maxGames: 1 });
    const first = await challenge('3+2');
    expect(first.status).toBe('accepted');
    const second = await challenge('3+2');
    expect(second).toMatchObject({ status: 'declined', declineReason: 'later' });
    await resign(first);
  });

  it('opens its streams again after the connection is cut and after it goes silent, and plays on', async () => {
    const proxy: CuttableProxy = await startCuttableProxy(server.url);
    try {
      const { bot, log } = await startBot(proxy.url, { idleTimeoutMs: 1000 });
      const seat = await challenge('5+3');
      expect(seat.status).toBe('accepted');
      const reached = await playGuest(seat, 16, async (ply) => {
        if (ply === 4 || ply === 5) proxy.cut();
        if (ply === 10 || ply === 11) proxy.freeze();
      });
      expect(reached.status).toBe('active');
      expect(reached.uci.length).toBeGreaterThanOrEqual(16);
      // After both faults the event stream works too: a challenge made now is answered ("later": one game at once).
      expect(bot.eventReconnects).toBeGreaterThanOrEqual(2);
      const busy = await challenge('5+3');
      expect(busy).toMatchObject({ status: 'declined', declineReason: 'later' });
      await resign(seat);
      await until(() => bot.results.length === 1, 'the bot to see the end');
      expect(bot.results[0]).toMatchObject({ status: 'resign', failure: null });
      expect(bot.results[0]!.reconnects).toBeGreaterThanOrEqual(2);
      expect(log.some((line) => /the stream dropped/u.test(line))).toBe(true);
      expect(log.some((line) => /sent nothing for 1 s/u.test(line))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('stops in two steps: first no new challenges while the game goes on, then it resigns and ends', async () => {
    const { bot, done, log } = await startBot(server.url, { maxGames: 2 });
    const seat = await challenge('3+2');
    expect(seat.status).toBe('accepted');
    await playGuest(seat, 4);
    bot.stop();
    expect(log.at(-1)).toMatch(/stopping after 1 game\(s\) in progress/u);
    const refused = await challenge('3+2');
    expect(refused).toMatchObject({ status: 'declined', declineReason: 'later' });
    const state = await playGuest(seat, 8);
    expect(state.status).toBe('active');
    await bot.forceStop();
    await done;
    const final = await status(seat.gameId!);
    expect(final).toMatchObject({ status: 'finished', termination: 'resignation', winner: seat.color });
    expect(server.app.lichess.isOnline('randombot')).toBe(false);
  });

  it('ends run() at once when stopped with no game in progress, and refuses a token that is not a bot', async () => {
    const { bot, done } = await startBot(server.url);
    bot.stop();
    await done;
    const person = await server.app.lichess.accounts.create('Person', { bot: false });
    if (!person.ok) throw new Error('account');
    const notBot = new LichessBot({
      client: new LichessClient({ baseUrl: server.url, token: person.value.token }),
      makePlayer: async () => new RandomPlayer(),
    });
    await expect(notBot.run()).rejects.toThrow(/Person is not a bot account/u);
    const badToken = new LichessBot({
      client: new LichessClient({ baseUrl: server.url, token: 'nope' }),
      makePlayer: async () => new RandomPlayer(),
    });
    await expect(badToken.run()).rejects.toThrow(/No such token/u);
  });
});
