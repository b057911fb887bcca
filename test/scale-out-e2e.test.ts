/**
 * Issue 11's acceptance, end to end: three compiled Rookery processes on one real redis-server (AOF,
 * `appendfsync always`, as docs/scale-out.md asks), and clients that send every request to a random process, as a
 * load balancer with no sticky sessions would. Every state any client receives is checked against an independent
 * chess.js replay.
 *
 * - 20 concurrent games: moves, long polls and WebSocket feeds each on a random process, while one process at a time
 *   is killed with SIGKILL at a random moment (three times) and restarted: no acknowledged move is lost, the other
 *   processes keep serving, the restarted one serves the same states, every feed sees every version in order.
 * - A timed game whose process died still flags on time, once.
 * - 50 concurrent submissions of one move through different processes: exactly one applied.
 * - Redis killed and restarted mid-game: no acknowledged move lost.
 * - Two players quick-pairing at the same moment through different processes meet in one game.
 *
 * `ROOKERY_TEST_SEED=N` replays one run's random choices (the seed is printed with the figures).
 */
import { Chess } from 'chess.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { makeRandom } from '../shared/seeded-random.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { type RookeryProcess, startRookery } from './support/rookery-process.js';

const SEED = Number(process.env['ROOKERY_TEST_SEED'] ?? Date.now() % 1_000_000);
const random = makeRandom(SEED);
const GAMES = 20;
/**
 * Each game goes on while the kills go on and has at least MIN_PLIES half-moves; then the side to move resigns
 * (random play seldom mates). MAX_PLIES bounds a run whose kills take long.
 */
const MIN_PLIES = 16;
const MAX_PLIES = 60;
const KILLS = 3;

let redis: RedisServer;
let processes: RookeryProcess[] = [];
/** Every game played here: its last state and the moves acknowledged at each ply (the Redis restart re-reads them). */
const played = new Map<string, { final: GameState; acknowledged: string[] }>();
const figures: string[] = [`seed ${SEED}`];

beforeAll(async () => {
  redis = await startRedisServer({ appendfsync: 'always' });
  // Every client here is 127.0.0.1: the per-address caps and the creation limit are off, as behind a proxy.
  processes = await Promise.all(
    [0, 1, 2].map(() => startRookery({ redisUrl: redis.url, args: ['--client-limits', 'off', '--log-level', 'warn'] })),
  );
}, 60_000);

// Each test starts with all three processes up, whatever the previous one left.
beforeEach(async () => {
  await Promise.all(processes.filter((process) => !process.running()).map((process) => process.restart()));
});

afterAll(async () => {
  await Promise.all(processes.map((process) => process.kill()));
  await redis?.stop();
  console.log(`scale-out e2e figures:\n  ${figures.join('\n  ')}`);
});

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

interface Answer<T> {
  status: number;
  body: T;
  /** The process that answered. */
  via: RookeryProcess;
}

/** Errors that mean "this process is not there right now" (killed, restarting): try another one. */
function isUnreachable(error: unknown): boolean {
  const text = `${(error as Error)?.message} ${(error as { cause?: Error })?.cause?.message ?? ''}`;
  return /fetch failed|ECONNREFUSED|ECONNRESET|socket|other side closed|terminated/iu.test(text);
}

let retriedRequests = 0;

/**
 * One request to a random process (or always `to`); when that process cannot be reached, or answers 503 (stopping,
 * or Redis away), the same request goes to another one after a moment, as nginx's proxy_next_upstream or a client's
 * retry does. Moves carry their ply, so a retry of a move that did land is answered as a safe retry, not applied
 * twice.
 */
async function request<T = GameState>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; to?: RookeryProcess; attempts?: number } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const attempts = options.attempts ?? (options.to ? 5 : 40);
  let last: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    // `to`: that process only (a retry there covers a pooled connection left from before it was restarted).
    const via = options.to ?? pick(processes);
    try {
      const response = await fetch(`${via.base}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      if (response.status === 503) {
        last = new Error(`503 from ${via.port}: ${text}`);
      } else {
        return { status: response.status, body: (text ? JSON.parse(text) : null) as T, via };
      }
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      last = error;
    }
    retriedRequests += 1;
    await new Promise((done) => setTimeout(done, 50 + attempt * 25));
  }
  throw new Error(`${method} ${path}: no process answered after ${attempts} attempts: ${String(last)}`);
}

/** Check a state against chess.js replaying its UCI moves from the standard start. */
function expectMatchesReplay(state: GameState): void {
  const chess = new Chess();
  const sans = state.uci.map(
    (uci) => chess.move({ from: uci.slice(0, 2), to: uci.slice(2, 4), promotion: uci[4] }).san,
  );
  expect(state.moves).toEqual(sans);
  expect(state.fen).toBe(chess.fen());
  expect(state.turn).toBe(chess.turn() === 'w' ? 'white' : 'black');
  expect(state.check).toBe(chess.inCheck());
  if (state.status === 'active') {
    expect([...state.legalMoves].sort()).toEqual(
      chess
        .moves({ verbose: true })
        .map((move) => move.lan)
        .sort(),
    );
  } else if (state.status === 'finished' && state.termination === 'checkmate') {
    expect(chess.isCheckmate()).toBe(true);
  }
}

/**
 * A WebSocket feed of one game that keeps itself connected: when its process dies it reconnects to another one.
 * Each connection's states form a segment; within one segment versions must follow one another with no gap.
 */
class Feed {
  readonly segments: GameState[][] = [];
  private socket: WebSocket | null = null;
  private closed = false;

  constructor(
    private readonly gameId: string,
    private first: RookeryProcess,
  ) {}

  get reconnects(): number {
    return this.segments.length - 1;
  }

  last(): GameState | undefined {
    return this.segments.at(-1)?.at(-1);
  }

  async open(): Promise<void> {
    const via = this.first;
    const segment: GameState[] = [];
    const socket = new WebSocket(`ws://127.0.0.1:${via.port}/api/games/${this.gameId}/events`);
    socket.on('message', (data) => segment.push(JSON.parse(String(data)) as GameState));
    socket.on('error', () => {});
    const opened = await new Promise<boolean>((done) => {
      socket.once('open', () => done(true));
      socket.once('error', () => done(false));
      // Answered without the upgrade (e.g. 503 while that process starts or stops).
      socket.once('unexpected-response', () => {
        socket.terminate();
        done(false);
      });
    });
    if (this.closed) {
      socket.terminate();
      return;
    }
    if (!opened) {
      // That process is down: another one, shortly.
      this.first = pick(processes);
      await new Promise((done) => setTimeout(done, 100));
      return this.open();
    }
    this.segments.push(segment);
    this.socket = socket;
    socket.once('close', () => {
      if (this.closed) return;
      this.first = pick(processes.filter((process) => process !== via));
      void this.open();
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}

describe('three processes on one Redis, clients on a random process for every request', () => {
  it('plays 20 concurrent games through kill -9 of a process three times: nothing acknowledged is lost', async () => {
    const started = Date.now();
    const acknowledged = new Map<string, string[]>();
    let seated = 0;
    let allSeated: () => void = () => {};
    const everyoneSeated = new Promise<void>((done) => (allSeated = done));
    const feeds: Feed[] = [];
    /** The witness's feed of each game, with the version the game had when it opened (both seated, no move). */
    const witnessed: { feed: Feed; from: number }[] = [];
    const finals = new Map<string, GameState>();
    let moves = 0;
    let polls = 0;
    let running = true;
    let killsOver = false;

    /** One side of one game: wait for its turn with long polls on random processes, then move there. */
    async function playSide(gameId: string, color: 'white' | 'black', token: string, start: GameState) {
      let state = start;
      const acks = acknowledged.get(gameId)!;
      while (state.status !== 'finished') {
        if (state.turn !== color || state.status !== 'active') {
          const pollStarted = Date.now();
          const polled = await request(`GET`, `/api/games/${gameId}/status?since=${state.version}&wait=10`);
          polls += 1;
          expect(polled.status).toBe(200);
          expectMatchesReplay(polled.body);
          // A long poll never answers an older state than the one the client had.
          expect(
            polled.body.version,
            `long poll since=${state.version} on ${polled.via.port} answered version ${polled.body.version} after ` +
              `${Date.now() - pollStarted} ms`,
          ).toBeGreaterThanOrEqual(state.version);
          state = polled.body;
          continue;
        }
        if ((killsOver && state.uci.length >= MIN_PLIES) || state.uci.length >= MAX_PLIES) {
          const resigned = await request('POST', `/api/games/${gameId}/resign`, { token });
          // A resignation retried after its process died finds the game over already: 409 game_over.
          const after =
            resigned.status === 409 ? (await request('GET', `/api/games/${gameId}/status`)).body : resigned.body;
          expect(resigned.status === 200 || resigned.status === 409).toBe(true);
          expect(after).toMatchObject({ status: 'finished', termination: 'resignation' });
          state = after;
          break;
        }
        const move = pick(state.legalMoves);
        const ply = state.uci.length;
        const answer = await request(`POST`, `/api/games/${gameId}/move`, { body: { move, ply }, token });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expectMatchesReplay(answer.body);
        // Acknowledged: the move is at its ply (a retry of a move that had landed is answered the same way).
        expect(answer.body.uci[ply]).toBe(move);
        acks[ply] = move;
        moves += 1;
        state = answer.body;
      }
      return state;
    }

    async function playGame(): Promise<void> {
      const created = await request('POST', '/api/games', { body: {} });
      expect(created.status).toBe(201);
      const gameId = created.body.id;
      acknowledged.set(gameId, []);
      const white = await request<JoinResult>('POST', `/api/games/${gameId}/join`, {
        body: { name: 'w', color: 'white' },
      });
      const black = await request<JoinResult>('POST', `/api/games/${gameId}/join`, {
        body: { name: 'b', color: 'black' },
      });
      expect([white.status, black.status]).toEqual([201, 201]);
      // The kills start once every game is seated: a join retried after its process died could not get its token.
      if (++seated === GAMES) allSeated();
      // Two feeds (neither on a mover's process in particular: moves go anywhere): one on the witness, which is never
      // killed, so it must see every version; one on another process, which reconnects when its process dies.
      const gameFeeds = [new Feed(gameId, processes[0]!), new Feed(gameId, pick(processes.slice(1)))];
      await Promise.all(gameFeeds.map((feed) => feed.open()));
      feeds.push(...gameFeeds);
      witnessed.push({ feed: gameFeeds[0]!, from: black.body.game.version });
      const ends = await Promise.all([
        playSide(gameId, 'white', white.body.token, black.body.game),
        playSide(gameId, 'black', black.body.token, black.body.game),
      ]);
      finals.set(gameId, ends[0].version >= ends[1].version ? ends[0] : ends[1]);
    }

    /**
     * Kill a random running process at a random moment, three times, while the games go on; each is restarted in
     * the background (a start takes seconds on this machine). The first process is the witness, never killed: the
     * feeds on it must see every version.
     */
    async function chaos(): Promise<number[]> {
      const downFor: number[] = [];
      const restarts: Promise<void>[] = [];
      await everyoneSeated;
      for (let kill = 0; kill < KILLS && running; kill++) {
        await new Promise((done) => setTimeout(done, 1000 + random() * 2000));
        while (running && !processes.slice(1).some((process) => process.running())) {
          await new Promise((done) => setTimeout(done, 100));
        }
        if (!running) break;
        const victim = pick(processes.slice(1).filter((process) => process.running()));
        await victim.kill();
        const killedAt = Date.now();
        restarts.push(
          (async () => {
            await new Promise((done) => setTimeout(done, 200 + random() * 600));
            await victim.restart();
            downFor.push(Date.now() - killedAt);
          })(),
        );
      }
      await Promise.all(restarts);
      killsOver = true;
      return downFor;
    }

    const chaosDone = chaos();
    let downFor: number[];
    try {
      await Promise.all(Array.from({ length: GAMES }, () => playGame()));
    } catch (error) {
      for (const feed of feeds) feed.close();
      throw error;
    } finally {
      // Also when a game failed: no kill may outlive this test.
      running = false;
      downFor = await chaosDone;
    }
    const playedMs = Date.now() - started;

    // Every process, the restarted ones too, answers each game's final state, and it holds every acknowledged move.
    let checked = 0;
    for (const [gameId, final] of finals) {
      for (const process of processes) {
        const state = await request('GET', `/api/games/${gameId}/status`, { to: process });
        expect(state.via).toBe(process);
        expect(state.body).toMatchObject({ version: final.version, uci: final.uci });
        expectMatchesReplay(state.body);
        checked += 1;
      }
      const acks = acknowledged.get(gameId)!;
      for (const [ply, move] of acks.entries()) if (move !== undefined) expect(final.uci[ply]).toBe(move);
      played.set(gameId, { final, acknowledged: acks });
    }

    // Every feed caught up with its game's final version; within each connection, every version in order, no gap;
    // after a reconnect, never an older state.
    const deadline = Date.now() + 15_000;
    const behind = () =>
      feeds.filter((feed) => !feed.last() || feed.last()!.version !== finals.get(feed.last()!.id)?.version);
    while (behind().length > 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    expect(behind()).toEqual([]);
    let whole = 0;
    let versionsSeen = 0;
    for (const feed of feeds) {
      let previous = -1;
      for (const segment of feed.segments) {
        expect(
          segment[0]!.version,
          `a feed reconnected at version ${segment[0]!.version} after ${previous}`,
        ).toBeGreaterThanOrEqual(previous);
        segment.forEach((state, index) => {
          if (index > 0) expect(state.version).toBe(segment[index - 1]!.version + 1);
          expectMatchesReplay(state);
        });
        previous = segment.at(-1)!.version;
        versionsSeen += segment.length;
      }
      if (feed.reconnects === 0) whole += 1;
      feed.close();
    }
    // The witness's feeds never reconnected: each saw every version of its game from the seating to the end.
    for (const { feed, from } of witnessed) {
      expect(feed.segments).toHaveLength(1);
      const versions = feed.segments[0]!.map((state) => state.version);
      const last = finals.get(feed.last()!.id)!.version;
      expect(versions).toEqual(Array.from({ length: last - from + 1 }, (_, index) => from + index));
    }
    expect(whole).toBeGreaterThanOrEqual(GAMES);
    expect(downFor).toHaveLength(KILLS);

    const ackCount = [...acknowledged.values()].reduce((sum, acks) => sum + acks.filter(Boolean).length, 0);
    const finished = [...finals.values()].filter((state) => state.status === 'finished').length;
    figures.push(
      `20 games: ${moves} moves acknowledged (${ackCount} kept, 0 lost), ${polls} long polls, ${finished} games finished, ` +
        `${playedMs} ms; ${KILLS} kills, down ${downFor.join('/')} ms; ${retriedRequests} requests retried on another ` +
        `process; ${feeds.length} feeds, ${whole} never dropped, ${versionsSeen} versions received; ${checked} final ` +
        'states read back from every process',
    );
  }, 120_000);

  it('flags a timed game on time, exactly once, after the process that ran its clock was killed', async () => {
    const [home, ...others] = processes as [RookeryProcess, RookeryProcess, RookeryProcess];
    const timeControl = { type: 'realtime', initialSeconds: 3, incrementSeconds: 0 };
    const created = await request('POST', '/api/games', { body: { timeControl }, to: home });
    const gameId = created.body.id;
    const white = await request<JoinResult>('POST', `/api/games/${gameId}/join`, {
      body: { name: 'w', color: 'white' },
      to: home,
    });
    const black = await request<JoinResult>('POST', `/api/games/${gameId}/join`, {
      body: { name: 'b', color: 'black' },
      to: home,
    });
    // Feeds on the two other processes, which never touched this game.
    const feeds = others.map((process) => new Feed(gameId, process));
    await Promise.all(feeds.map((feed) => feed.open()));
    const move = (token: string, text: string, ply: number) =>
      request('POST', `/api/games/${gameId}/move`, { body: { move: text, ply }, token, to: home });
    expect((await move(white.body.token, 'e4', 0)).status).toBe(200);
    // Black's first move starts white's clock (3 s), on the process about to die.
    const last = await move(black.body.token, 'e5', 1);
    expect(last.status).toBe(200);
    const clockStarted = Date.now();
    await home.kill();

    const deadline = Date.now() + 15_000;
    while (feeds.some((feed) => feed.last()?.status !== 'finished') && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 20));
    }
    const flaggedAfter = Date.now() - clockStarted;
    // Time for a second flag, if anything were to raise one.
    await new Promise((done) => setTimeout(done, 1500));
    for (const feed of feeds) {
      const states = feed.segments.flat();
      const finished = states.filter((state) => state.status === 'finished');
      expect(finished, 'one finished version').toHaveLength(1);
      expect(finished[0]).toMatchObject({
        version: last.body.version + 1,
        termination: 'timeout',
        result: '0-1',
        winner: 'black',
        uci: ['e2e4', 'e7e5'],
      });
      expect(states.at(-1)!.version).toBe(last.body.version + 1);
      feed.close();
    }
    // By the server's own times: white's 3 s ran out (the flag waits for the lag grace too), not earlier.
    const flaggedAtMs = Date.parse(feeds[0]!.last()!.updatedAt) - Date.parse(last.body.updatedAt);
    expect(flaggedAtMs).toBeGreaterThanOrEqual(3000);
    await home.restart();
    const seen = await request('GET', `/api/games/${gameId}/status`, { to: home });
    expect(seen.body).toMatchObject({ version: last.body.version + 1, status: 'finished', termination: 'timeout' });
    played.set(gameId, { final: seen.body, acknowledged: ['e2e4', 'e7e5'] });
    figures.push(
      `timed 3+0 game, its process killed: flagged once, ${flaggedAtMs} ms after black's move by the server's ` +
        `times, seen by the feeds ${flaggedAfter} ms after the move's answer`,
    );
  }, 60_000);

  it('applies exactly one of 50 concurrent submissions of one move through different processes', async () => {
    const created = await request('POST', '/api/games', { body: {} });
    const gameId = created.body.id;
    const white = await request<JoinResult>('POST', `/api/games/${gameId}/join`, { body: { name: 'w' } });
    const black = await request<JoinResult>('POST', `/api/games/${gameId}/join`, { body: { name: 'b' } });
    const base = black.body.game.version;
    const feed = new Feed(gameId, processes[0]!);
    await feed.open();
    const submit = (token: string, body: object, index: number) =>
      request('POST', `/api/games/${gameId}/move`, { body, token, to: processes[index % 3] });
    // Without a ply: the first to land is applied, every other one finds it is not white's turn any more.
    const bare = await Promise.all(
      Array.from({ length: 50 }, (_, index) => submit(white.body.token, { move: 'e4' }, index)),
    );
    const statuses = bare.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const answer of bare.filter((one) => one.status === 409)) {
      expect((answer.body as unknown as { error: { code: string } }).error.code).toBe('not_your_turn');
    }
    // With the ply: one is applied, the 49 others are safe retries answered with the same state.
    const withPly = await Promise.all(
      Array.from({ length: 50 }, (_, index) => submit(black.body.token, { move: 'e5', ply: 1 }, index)),
    );
    expect(withPly.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(new Set(withPly.map((answer) => answer.body.version))).toEqual(new Set([base + 2]));
    const state = await request('GET', `/api/games/${gameId}/status`);
    expect(state.body).toMatchObject({ version: base + 2, uci: ['e2e4', 'e7e5'] });
    const until = Date.now() + 10_000;
    while (feed.last()?.version !== base + 2 && Date.now() < until) await new Promise((done) => setTimeout(done, 20));
    expect(feed.segments.flat().map((one) => one.version)).toEqual([base, base + 1, base + 2]);
    feed.close();
    played.set(gameId, { final: state.body, acknowledged: ['e2e4', 'e7e5'] });
    const byProcess = processes.map((process) => bare.filter((answer) => answer.via === process).length);
    figures.push(
      `50 concurrent e4 (${byProcess.join('/')} per process): 1 applied, 49 not_your_turn; 50 e5 with ply: 1 applied`,
    );
  }, 60_000);

  it('meets two players quick-pairing at the same moment through different processes in one game', async () => {
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      // A time control of their own, so that no other waiting game pairs with either of them.
      const timeControl = { type: 'realtime', initialSeconds: 600 + round, incrementSeconds: 7 };
      const [first, second] = await Promise.all([
        request<JoinResult>('POST', '/api/join', {
          body: { name: `a${round}`, timeControl },
          to: processes[round % 3],
        }),
        request<JoinResult>('POST', '/api/join', {
          body: { name: `b${round}`, timeControl },
          to: processes[(round + 1) % 3],
        }),
      ]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(first.body.gameId).toBe(second.body.gameId);
      expect(new Set([first.body.color, second.body.color])).toEqual(new Set(['white', 'black']));
      const state = await request('GET', `/api/games/${first.body.gameId}/status`);
      expect(state.body.status).toBe('active');
    }
    figures.push(`quick pairing: ${rounds} simultaneous pairs through two processes, each met in one game`);
  }, 60_000);

  it('loses no acknowledged move when Redis is killed and restarted mid-game (AOF, appendfsync always)', async () => {
    const created = await request('POST', '/api/games', { body: {} });
    const gameId = created.body.id;
    const white = await request<JoinResult>('POST', `/api/games/${gameId}/join`, { body: { name: 'w' } });
    const black = await request<JoinResult>('POST', `/api/games/${gameId}/join`, { body: { name: 'b' } });
    const tokens = { white: white.body.token, black: black.body.token };
    const acknowledged: string[] = [];
    let state = black.body.game;
    let redisDownMs = 0;
    let moveWhileDown = '';
    const plies = 30;
    while (state.status === 'active' && state.uci.length < plies) {
      const ply = state.uci.length;
      if (ply === 10) {
        // Mid-game: Redis dies (SIGKILL: only what its AOF has survives) and comes back on the same port and dir,
        // while a move is under way: the move waits for Redis (or is answered 503, and retried) and is kept.
        await redis.kill();
        const killedAt = Date.now();
        const move = pick(state.legalMoves);
        const sent = Date.now();
        const during = fetch(`${pick(processes).base}/api/games/${gameId}/move`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[state.turn]}` },
          body: JSON.stringify({ move, ply }),
        }).then(async (response) => ({ status: response.status, ms: Date.now() - sent, body: await response.json() }));
        await new Promise((done) => setTimeout(done, 500));
        await redis.restart();
        redisDownMs = Date.now() - killedAt;
        const first = await during;
        moveWhileDown = `${first.status} after ${first.ms} ms`;
        expect([200, 503]).toContain(first.status);
        if (first.status === 200) {
          expect(first.body.uci[ply]).toBe(move);
          acknowledged[ply] = move;
          state = first.body as GameState;
          continue;
        }
        // Refused while Redis was away: nothing was kept, and the same move now goes through.
        const retried = await request('POST', `/api/games/${gameId}/move`, {
          body: { move, ply },
          token: tokens[state.turn],
        });
        expect(retried.status).toBe(200);
        expect(retried.body.uci[ply]).toBe(move);
        acknowledged[ply] = move;
        state = retried.body;
        continue;
      }
      const move = pick(state.legalMoves);
      const answer = await request('POST', `/api/games/${gameId}/move`, {
        body: { move, ply },
        token: tokens[state.turn],
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.uci[ply]).toBe(move);
      acknowledged[ply] = move;
      state = answer.body;
    }
    played.set(gameId, { final: state, acknowledged });

    // Nothing is read from a process's memory: every process starts afresh and reads every game from Redis.
    await Promise.all(processes.map((process) => process.restart()));
    let games = 0;
    for (const [id, game] of played) {
      const stored = await request('GET', `/api/games/${id}/status`);
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({ version: game.final.version, uci: game.final.uci });
      for (const [ply, move] of game.acknowledged.entries())
        if (move !== undefined) expect(stored.body.uci[ply]).toBe(move);
      expectMatchesReplay(stored.body);
      games += 1;
    }
    figures.push(
      `Redis SIGKILLed at ply 10 and restarted (down ${redisDownMs} ms; the move sent meanwhile answered ` +
        `${moveWhileDown}): ${acknowledged.length} moves acknowledged, ` +
        `all kept; ${games} games read back from Redis by restarted processes`,
    );
  }, 90_000);
});
