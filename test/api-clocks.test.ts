/**
 * API.md v1.1 "Time controls", clause by clause, over HTTP (Fastify inject) with the service's time and scheduler
 * injected (ManualTime): nothing sleeps, and every figure is exact. The real-timer, real-process checks are in
 * test/clocks-e2e.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GameList, GameState, JoinResult } from '../shared/api-schema.js';
import { GameService } from '../server/service/game-service.js';
import { ManualTime, type Scheduler } from '../server/schedule/time.js';
import { MemoryGameStore } from '../server/store/memory-store.js';
import { LAG_GRACE_MS } from '../server/domain/game-clock.js';
import { Api, expectError, type SeatedGame } from './fixtures/inject-api.js';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');
const FIVE_PLUS_THREE = { type: 'realtime', initialSeconds: 300, incrementSeconds: 3 } as const;

let api: Api;
let time: ManualTime;
afterEach(async () => {
  expect(api.serverErrors()).toEqual([]);
  await api.close();
});

/** A server whose time moves only with `advance`; `scheduler` defaults to the same manual time. */
async function start(options: { scheduler?: Scheduler; store?: MemoryGameStore; abandonMs?: number } = {}) {
  time = new ManualTime(T0);
  const service = new GameService({
    store: options.store ?? new MemoryGameStore(),
    time,
    scheduler: options.scheduler ?? time,
    firstMoveMs: 30_000,
    ...(options.abandonMs ? { abandonMs: options.abandonMs } : {}),
  });
  api = await Api.start({ service });
  return service;
}

/** Let the work that timers started (queued commits) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function advance(ms: number): Promise<void> {
  time.advance(ms);
  await settle();
}

async function timedGame(timeControl: unknown = FIVE_PLUS_THREE, fen?: string): Promise<SeatedGame> {
  const created = await api.post<GameState>('/api/games', { body: { timeControl, ...(fen ? { fen } : {}) } });
  expect(created.status, created.text).toBe(201);
  const white = await api.join(created.body.id, 'alice', 'white');
  const black = await api.join(created.body.id, 'bob', 'black');
  return { id: created.body.id, white: white.token, black: black.token, state: black.game };
}

async function move(game: SeatedGame, text: string) {
  const state = await api.status(game.id);
  return api.post<GameState>(`/api/games/${game.id}/move`, {
    body: { move: text, ply: state.uci.length },
    token: state.turn === 'white' ? game.white : game.black,
  });
}

describe('choosing a time control (POST /api/games, POST /api/join)', () => {
  it('takes the TimeControl object, or a label such as "5+3" or "3d"; untimed is null', async () => {
    await start();
    for (const [input, expected] of [
      [FIVE_PLUS_THREE, FIVE_PLUS_THREE],
      ['5+3', FIVE_PLUS_THREE],
      ['0.5+0', { type: 'realtime', initialSeconds: 30, incrementSeconds: 0 }],
      [
        { type: 'correspondence', daysPerMove: 3 },
        { type: 'correspondence', daysPerMove: 3 },
      ],
      ['3d', { type: 'correspondence', daysPerMove: 3 }],
      [null, null],
      ['untimed', null],
    ] as const) {
      const created = await api.post<GameState>('/api/games', { body: { timeControl: input } });
      expect(created.status, created.text).toBe(201);
      expect(created.body.timeControl).toEqual(expected);
      expect(created.body.clock).toEqual(
        expected === null
          ? null
          : {
              whiteMs:
                expected.type === 'realtime' ? expected.initialSeconds * 1000 : expected.daysPerMove * 86_400_000,
              blackMs:
                expected.type === 'realtime' ? expected.initialSeconds * 1000 : expected.daysPerMove * 86_400_000,
              running: null,
              deadline: null,
            },
      );
    }
    expect((await api.create()).timeControl).toBeNull();
  });

  it.each([
    [{ type: 'realtime', initialSeconds: 0, incrementSeconds: 0 }, 'initialSeconds'],
    [{ type: 'realtime', initialSeconds: 10_801, incrementSeconds: 0 }, 'initialSeconds'],
    [{ type: 'realtime', initialSeconds: 300, incrementSeconds: 181 }, 'incrementSeconds'],
    [{ type: 'correspondence', daysPerMove: 15 }, 'daysPerMove'],
    [{ type: 'blitz' }, 'timeControl'],
    ['5+', 'time control'],
    ['200+0', 'initial time'],
    ['99d', 'Days per move'],
  ])('refuses %j with a 400 naming the problem', async (timeControl, words) => {
    await start();
    for (const path of ['/api/games', '/api/join']) {
      const refused = await api.post(path, { body: { name: 'alice', timeControl } });
      const error = expectError(refused, 400, 'invalid_request');
      expect(String(error['message'])).toContain(words);
    }
  });

  it('pairs only with a waiting game of the same time control (untimed with untimed)', async () => {
    await start();
    const join = (name: string, timeControl?: unknown) =>
      api.post<JoinResult>('/api/join', { body: { name, ...(timeControl === undefined ? {} : { timeControl }) } });
    const blitz = (await join('alice', '5+3')).body;
    const untimed = (await join('bob')).body;
    const daily = (await join('carol', { type: 'correspondence', daysPerMove: 1 })).body;
    expect(new Set([blitz.gameId, untimed.gameId, daily.gameId]).size).toBe(3);
    expect(blitz.game.timeControl).toEqual(FIVE_PLUS_THREE);
    expect((await join('dave', FIVE_PLUS_THREE)).body.gameId).toBe(blitz.gameId);
    expect((await join('erin', null)).body.gameId).toBe(untimed.gameId);
    expect((await join('frank', '1d')).body.gameId).toBe(daily.gameId);
    // 3+2 is not 5+3: a game of its own.
    expect((await join('gina', '3+2')).body.gameId).not.toBe(blitz.gameId);
  });

  it("the lobby shows each game's time control and filters by it", async () => {
    await start();
    const blitz = (await api.post<GameState>('/api/games', { body: { timeControl: '5+3' } })).body;
    const daily = (await api.post<GameState>('/api/games', { body: { timeControl: '1d' } })).body;
    const untimed = await api.create();
    const listed = (await api.get<GameList>('/api/games')).body.games;
    expect(listed.find((game) => game.id === blitz.id)?.timeControl).toEqual(FIVE_PLUS_THREE);
    expect(listed.find((game) => game.id === untimed.id)?.timeControl).toBeNull();
    const ids = async (query: string) =>
      (await api.get<GameList>(`/api/games?${query}`)).body.games.map((game) => game.id);
    expect(await ids('timeControl=5%2B3')).toEqual([blitz.id]);
    expect(await ids('timeControl=1d&status=waiting')).toEqual([daily.id]);
    expect(await ids('timeControl=untimed')).toEqual([untimed.id]);
    expectError(await api.get('/api/games?timeControl=fast'), 400, 'invalid_request');
  });
});

describe('the clock in every answer', () => {
  it("first moves are not timed but limited; the clocks run from black's first move; the increment follows each move", async () => {
    await start();
    const game = await timedGame();
    // Both seats taken: white's first move is due within 30 s.
    expect(game.state.clock).toEqual({
      whiteMs: 300_000,
      blackMs: 300_000,
      running: null,
      deadline: new Date(T0 + 30_000).toISOString(),
    });
    await advance(20_000);
    expect((await move(game, 'e4')).body.clock).toEqual({
      whiteMs: 300_000,
      blackMs: 300_000,
      running: null,
      deadline: new Date(T0 + 50_000).toISOString(),
    });
    await advance(29_000);
    const afterBlack = (await move(game, 'e5')).body;
    expect(afterBlack.clock).toEqual({ whiteMs: 300_000, blackMs: 300_000, running: 'white', deadline: null });
    await advance(10_000);
    // "with the running side's figure as of the moment the answer was made"
    expect((await api.status(game.id)).clock).toMatchObject({ whiteMs: 290_000, running: 'white' });
    const afterWhite = (await move(game, 'Nf3')).body;
    expect(afterWhite.clock).toEqual({ whiteMs: 293_000, blackMs: 300_000, running: 'black', deadline: null });
    await advance(1234);
    expect((await api.status(game.id)).clock).toMatchObject({ whiteMs: 293_000, blackMs: 298_766 });
  });

  it('ETag and 304 still work: the version is the same while the figures count down', async () => {
    await start();
    const game = await timedGame();
    await move(game, 'e4');
    await move(game, 'e5');
    const first = await api.get<GameState>(`/api/games/${game.id}/status`);
    await advance(5000);
    const second = await api.get<GameState>(`/api/games/${game.id}/status`);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(first.body.clock?.whiteMs).toBe(300_000);
    expect(second.body.clock?.whiteMs).toBe(295_000);
    const notModified = await api.get(`/api/games/${game.id}/status`, {
      headers: { 'if-none-match': String(first.headers['etag']) },
    });
    expect(notModified.status).toBe(304);
  });

  it('a correspondence game runs for the side to move from the start, with a deadline', async () => {
    await start();
    const game = await timedGame('2d');
    await advance(3_600_000);
    expect((await api.status(game.id)).clock).toEqual({
      whiteMs: 2 * 86_400_000 - 3_600_000,
      blackMs: 2 * 86_400_000,
      running: 'white',
      deadline: new Date(T0 + 2 * 86_400_000).toISOString(),
    });
    const moved = (await move(game, 'd4')).body;
    expect(moved.clock).toEqual({
      whiteMs: 2 * 86_400_000,
      blackMs: 2 * 86_400_000,
      running: 'black',
      deadline: new Date(T0 + 3_600_000 + 2 * 86_400_000).toISOString(),
    });
  });
});

describe('the server keeps the time', () => {
  it('a first move that does not come within the limit aborts the game, with nobody polling', async () => {
    await start();
    const game = await timedGame();
    await advance(30_000 + LAG_GRACE_MS);
    const state = await api.status(game.id);
    expect(state).toMatchObject({ status: 'finished', termination: 'aborted', result: '*', winner: null });
    expect(state.clock).toEqual({ whiteMs: 300_000, blackMs: 300_000, running: null, deadline: null });
  });

  it("black's first move has its own limit from white's move on", async () => {
    await start();
    const game = await timedGame();
    await advance(10_000);
    await move(game, 'e4');
    await advance(30_000 + LAG_GRACE_MS - 1);
    expect((await api.status(game.id)).status).toBe('active');
    await advance(1);
    expect((await api.status(game.id)).termination).toBe('aborted');
  });

  it('flags the side whose time runs out, at that moment, with nobody polling: the other side wins', async () => {
    await start();
    const game = await timedGame({ type: 'realtime', initialSeconds: 60, incrementSeconds: 0 });
    await move(game, 'e4');
    await move(game, 'e5');
    await advance(60_000 + LAG_GRACE_MS - 1);
    expect((await api.status(game.id)).status).toBe('active');
    await advance(1);
    const state = await api.status(game.id);
    expect(state).toMatchObject({ status: 'finished', termination: 'timeout', result: '0-1', winner: 'black' });
    expect(state.clock).toEqual({ whiteMs: 0, blackMs: 60_000, running: null, deadline: null });
  });

  it('a move sent in time is not lost for a few milliseconds of transport (the lag grace)', async () => {
    await start();
    const game = await timedGame({ type: 'realtime', initialSeconds: 60, incrementSeconds: 2 });
    await move(game, 'e4');
    await move(game, 'e5');
    await advance(60_000 + LAG_GRACE_MS - 1);
    const late = await move(game, 'Nf3');
    expect(late.status, late.text).toBe(200);
    expect(late.body.clock).toEqual({ whiteMs: 2000, blackMs: 60_000, running: 'black', deadline: null });
  });

  it('a move that arrives after its time ran out is refused with 409 game_over, carrying the finished game', async () => {
    // A scheduler that never fires: the move itself finds the time up (as when a timer is late).
    const never: Scheduler = { at: () => () => {}, close: () => {} };
    await start({ scheduler: never });
    const game = await timedGame({ type: 'realtime', initialSeconds: 60, incrementSeconds: 0 });
    await move(game, 'e4');
    await move(game, 'e5');
    time.advance(60_000 + LAG_GRACE_MS);
    const refused = await move(game, 'Nf3');
    const error = expectError(refused, 409, 'game_over');
    expect(error['game']).toMatchObject({ status: 'finished', termination: 'timeout', winner: 'black' });
    // Exactly one flag: the game stays as that one change left it.
    const after = await api.status(game.id);
    expect(after.version).toBe((error['game'] as GameState).version);
    // The same once the timer has flagged: still 409 with the game.
    const again = expectError(await move(game, 'Nf3'), 409, 'game_over');
    expect(again['game']).toMatchObject({ termination: 'timeout' });
  });

  it('a move and the flag racing at the due moment end the game once', async () => {
    await start();
    const game = await timedGame({ type: 'realtime', initialSeconds: 10, incrementSeconds: 0 });
    await move(game, 'e4');
    const before = (await move(game, 'e5')).body;
    // The timer fires (its check is queued) and a move arrives in the same moment.
    time.advance(10_000 + LAG_GRACE_MS);
    const [moved, polled] = await Promise.all([
      api.post<GameState>(`/api/games/${game.id}/move`, { body: { move: 'Nf3', ply: 2 }, token: game.white }),
      api.get<GameState>(`/api/games/${game.id}/status?since=${before.version}&wait=5`),
    ]);
    await settle();
    expectError(moved, 409, 'game_over');
    const after = await api.status(game.id);
    expect(after).toMatchObject({ termination: 'timeout', winner: 'black' });
    expect(after.version).toBe(before.version + 1);
    expect(polled.body.version).toBe(before.version + 1);
    expect(after.moves).toEqual(['e4', 'e5']);
  });

  it('a flag against a lone king is a draw (FIDE 6.9)', async () => {
    await start();
    const game = await timedGame(
      { type: 'realtime', initialSeconds: 30, incrementSeconds: 0 },
      '4k3/8/8/8/8/8/8/3QK3 w - - 0 1',
    );
    await move(game, 'Qd2');
    await move(game, 'Kf7');
    await advance(30_000 + LAG_GRACE_MS);
    expect(await api.status(game.id)).toMatchObject({
      status: 'finished',
      termination: 'timeout',
      result: '1/2-1/2',
      winner: null,
    });
  });

  it('a long poll and the feed see the flag as it happens', async () => {
    const service = await start();
    const game = await timedGame({ type: 'realtime', initialSeconds: 10, incrementSeconds: 0 });
    await move(game, 'e4');
    await move(game, 'e5');
    const version = (await api.status(game.id)).version;
    const seen: GameState[] = [];
    const watching = await service.watch(game.id, (snapshot) => seen.push(snapshot.stateAt(time.now())));
    const poll = api.get<GameState>(`/api/games/${game.id}/status?since=${version}&wait=30`);
    await settle();
    await advance(10_000 + LAG_GRACE_MS);
    const answered = await poll;
    expect(answered.body).toMatchObject({ termination: 'timeout', winner: 'black' });
    expect(seen.at(-1)).toMatchObject({ termination: 'timeout' });
    if (watching.ok) watching.value();
  });

  it('resigning after the time ran out is refused too: the flag came first', async () => {
    const never: Scheduler = { at: () => () => {}, close: () => {} };
    await start({ scheduler: never });
    const game = await timedGame({ type: 'realtime', initialSeconds: 10, incrementSeconds: 0 });
    await move(game, 'e4');
    await move(game, 'e5');
    time.advance(20_000);
    const refused = expectError(
      await api.post(`/api/games/${game.id}/resign`, { token: game.black }),
      409,
      'game_over',
    );
    expect(refused['game']).toMatchObject({ termination: 'timeout', winner: 'black' });
  });
});

describe('rematch of a timed game', () => {
  it('keeps the time control, colours swapped', async () => {
    await start();
    const game = await timedGame('3+2');
    await api.post(`/api/games/${game.id}/resign`, { token: game.white });
    const asked = await api.post<JoinResult>(`/api/games/${game.id}/rematch`, { token: game.black });
    expect(asked.status, asked.text).toBe(201);
    expect(asked.body.color).toBe('white');
    expect(asked.body.game.timeControl).toEqual({ type: 'realtime', initialSeconds: 180, incrementSeconds: 2 });
    const accepted = await api.post<JoinResult>(`/api/games/${game.id}/rematch`, { token: game.white });
    expect(accepted.body.game.clock).toMatchObject({ whiteMs: 180_000, blackMs: 180_000, running: null });
    expect(accepted.body.game.clock?.deadline).not.toBeNull();
  });
});

describe('PGN of a timed game', () => {
  it('carries TimeControl and a [%clk] comment after each move', async () => {
    await start();
    const game = await timedGame();
    await move(game, 'e4');
    await advance(2000);
    await move(game, 'e5');
    await advance(3400);
    await move(game, 'Nf3');
    const pgn = (await api.get(`/api/games/${game.id}/pgn`)).text;
    expect(pgn).toContain('[TimeControl "300+3"]');
    expect(pgn).toContain('1. e4 { [%clk 0:05:00] } 1... e5 { [%clk 0:05:00] } 2. Nf3 { [%clk 0:04:59] }');
    const daily = await timedGame('3d');
    expect((await api.get(`/api/games/${daily.id}/pgn`)).text).toContain('[TimeControl "1/259200"]');
    const untimed = await api.seatedGame();
    expect((await api.get(`/api/games/${untimed.id}/pgn`)).text).toContain('[TimeControl "-"]');
  });
});

describe('abandoned waiting games', () => {
  it('a waiting game nobody asks about is not offered to quick pairing, then expires from the lobby', async () => {
    await start({ abandonMs: 60_000 });
    const first = (await api.post<JoinResult>('/api/join', { body: { name: 'alice', timeControl: '5+3' } })).body;
    // Asked about: offered.
    await advance(10_000);
    await api.status(first.gameId);
    await advance(10_000);
    // Someone still there 10 s ago: paired.
    const paired = (await api.post<JoinResult>('/api/join', { body: { name: 'bob', timeControl: '5+3' } })).body;
    expect(paired.gameId).toBe(first.gameId);

    const lonely = (await api.post<JoinResult>('/api/join', { body: { name: 'carol', timeControl: '5+3' } })).body;
    await advance(20_000);
    // Nobody asked for 20 s: a newcomer gets a game of their own.
    const newcomer = (await api.post<JoinResult>('/api/join', { body: { name: 'dave', timeControl: '5+3' } })).body;
    expect(newcomer.gameId).not.toBe(lonely.gameId);
    await advance(45_000);
    const expired = (await api.get<GameList>('/api/games?status=waiting')).body.games.map((game) => game.id);
    expect(expired).not.toContain(lonely.gameId);
    expect((await api.status(lonely.gameId)).termination).toBe('aborted');
  });

  it('a waiting page that keeps asking keeps its game', async () => {
    await start({ abandonMs: 60_000 });
    const waiting = (await api.post<JoinResult>('/api/join', { body: { name: 'alice' } })).body;
    for (let i = 0; i < 10; i++) {
      await advance(20_000);
      expect((await api.status(waiting.gameId)).status).toBe('waiting');
    }
  });
});

describe('after a restart', () => {
  it('timers are armed again and the time the server was down is not charged (from the last heartbeat on)', async () => {
    const store = new MemoryGameStore();
    const crashed = await start({ store });
    const game = await timedGame({ type: 'realtime', initialSeconds: 60, incrementSeconds: 0 });
    await move(game, 'e4');
    await move(game, 'e5');
    // White thinks 4.5 s; heartbeats run every second; then the process dies (its timers with it).
    await advance(4500);
    expect(await store.lastAlive()).toBe(T0 + 4000);
    time.close();
    const downAt = time.now();
    const crashedApi = api;

    // Back 60 s later: the clock shows 60 - 4 s (charged until the last heartbeat), and still runs.
    const later = new ManualTime(downAt + 60_000);
    time = later;
    const restarted = new GameService({ store, time: later, scheduler: later, firstMoveMs: 30_000 });
    api = await Api.start({ service: restarted });
    const resumed = await api.status(game.id);
    expect(resumed.status).toBe('active');
    expect(resumed.clock).toMatchObject({ whiteMs: 56_000, running: 'white' });
    // The flag falls when that time is spent, once.
    await advance(56_000 + LAG_GRACE_MS - 1);
    expect((await api.status(game.id)).status).toBe('active');
    await advance(1);
    const flagged = await api.status(game.id);
    expect(flagged).toMatchObject({ termination: 'timeout', winner: 'black' });
    await advance(120_000);
    expect((await api.status(game.id)).version).toBe(flagged.version);
    void crashed;
    await crashedApi.close();
  });

  it('a clean stop writes a last heartbeat, so the whole stop is credited', async () => {
    const store = new MemoryGameStore();
    await start({ store });
    const game = await timedGame({ type: 'realtime', initialSeconds: 60, incrementSeconds: 0 });
    await move(game, 'e4');
    await move(game, 'e5');
    await advance(4500);
    await api.close();
    const later = new ManualTime(time.now() + 30_000);
    time = later;
    api = await Api.start({ service: new GameService({ store, time: later, scheduler: later }) });
    expect((await api.status(game.id)).clock).toMatchObject({ whiteMs: 55_500, running: 'white' });
  });
});

describe('a rematch nobody comes for', () => {
  it('expires like any waiting game once nobody asks about it', async () => {
    await start({ abandonMs: 60_000 });
    const game = await timedGame('3+2');
    await api.post(`/api/games/${game.id}/resign`, { token: game.white });
    const asked = (await api.post<JoinResult>(`/api/games/${game.id}/rematch`, { token: game.black })).body;
    await advance(70_000);
    expect((await api.status(asked.gameId)).termination).toBe('aborted');
    const late = await api.post(`/api/games/${game.id}/rematch`, { token: game.white });
    expectError(late, 409, 'game_over');
  });
});
