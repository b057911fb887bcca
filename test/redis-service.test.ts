/**
 * Several GameServices on one real redis-server, as several processes of a deployment would be (each with its own
 * RedisGameStore connections, RedisBus subscription and timers): moves through either one, the bus delivering
 * every version to watchers on both, one applied change out of many identical submissions, quick pairing across
 * them, a clock that flags when the service that armed it is gone, and a lost subscription caught up.
 */
import { Chess } from 'chess.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GameState } from '../shared/api-schema.js';
import type { Result } from '../shared/result.js';
import { parseTimeControl } from '../shared/time-control.js';
import { RedisBus } from '../server/bus/redis-bus.js';
import { ChessBoard } from '../server/domain/chess-board.js';
import { systemTime, TimerScheduler } from '../server/schedule/time.js';
import { GameService } from '../server/service/game-service.js';
import { openRedisStore, type RedisGameStore } from '../server/store/redis-store.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

let redis: RedisServer;
let prefixCount = 0;
const opened: Node[] = [];

interface Node {
  service: GameService;
  store: RedisGameStore;
  scheduler: TimerScheduler;
}

beforeAll(async () => {
  redis = await startRedisServer({ appendfsync: 'everysec' });
});

afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  for (const node of opened.splice(0)) await node.service.close().catch(() => {});
});

/** A "process": its own connections, bus and timers on the shared Redis, under this test's prefix. */
async function node(prefix: string): Promise<Node> {
  const store = await openRedisStore(redis.url, { prefix });
  const bus = await RedisBus.open(store.connections.subscriber, store.channel);
  const scheduler = new TimerScheduler(systemTime);
  const service = new GameService({ store, bus, time: systemTime, scheduler, heartbeatMs: 200 });
  await service.start();
  const made = { service, store, scheduler };
  opened.push(made);
  return made;
}

function freshPrefix(): string {
  prefixCount += 1;
  return `t${process.pid}x${prefixCount}:`;
}

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('GameServices sharing one Redis', () => {
  it('play one game through either service; watchers on both see every version, in order', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    const game = must(await a.service.create());
    const seen: Record<'a' | 'b', number[]> = { a: [], b: [] };
    must(await a.service.watch(game.id, (snapshot) => seen.a.push(snapshot.state.version)));
    must(await b.service.watch(game.id, (snapshot) => seen.b.push(snapshot.state.version)));
    const white = must(await b.service.join(game.id, 'white', 'white'));
    const black = must(await a.service.join(game.id, 'black', 'black'));
    const replay = new Chess();
    const moves = ['e4', 'e5', 'Nf3', 'Nc6', 'Bb5', 'a6', 'Ba4', 'Nf6', 'O-O', 'Be7'];
    let last: GameState | null = null;
    for (const [ply, san] of moves.entries()) {
      const through = Math.random() < 0.5 ? a : b;
      const seat = ply % 2 === 0 ? white : black;
      last = must(await through.service.move({ gameId: game.id, token: seat.token }, san, ply));
      replay.move(san);
    }
    expect(last!.fen).toBe(replay.fen());
    const finalVersion = last!.version;
    await until(() => seen.a.at(-1) === finalVersion && seen.b.at(-1) === finalVersion, 'both watchers at the end');
    const every = Array.from({ length: finalVersion + 1 }, (_unused, version) => version);
    expect(seen.a).toEqual(every);
    expect(seen.b).toEqual(every);
    // Each service's own reads agree with the store.
    expect(must(await a.service.state(game.id)).fen).toBe(replay.fen());
    expect(must(await b.service.state(game.id)).fen).toBe(replay.fen());
  });

  it("a service's own commits do not drop its cached board, though their bus message may beat the commit's answer", async () => {
    const prefix = freshPrefix();
    const a = await node(prefix);
    const game = must(await a.service.create());
    const white = must(await a.service.join(game.id, 'white', 'white'));
    const black = must(await a.service.join(game.id, 'black', 'black'));
    must(await a.service.watch(game.id, () => {}));
    let reads = 0;
    const get = a.store.get.bind(a.store);
    a.store.get = (id: string) => {
      reads += 1;
      return get(id);
    };
    // The answer of each commit comes 20 ms late, as on a busy machine: its bus message arrives first.
    const commit = a.store.commit.bind(a.store);
    a.store.commit = async (...args: Parameters<typeof commit>) => {
      const answer = await commit(...args);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return answer;
    };
    for (const [ply, move] of ['e4', 'e5', 'Nf3', 'Nc6', 'Bc4', 'Bc5', 'd3', 'd6'].entries()) {
      must(await a.service.move({ gameId: game.id, token: (ply % 2 ? black : white).token }, move, ply));
      await new Promise((resolve) => setTimeout(resolve, 5)); // let the message of the move arrive
    }
    // Rebuilding the board from the store (a replay of every move) on each move would make every move cost more.
    expect(reads).toBe(0);
  });

  it('a board another service moved on is brought up to date by the new moves only, not rebuilt by a replay', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    const game = must(await a.service.create());
    const white = must(await a.service.join(game.id, 'white', 'white'));
    const black = must(await b.service.join(game.id, 'black', 'black'));
    must(await a.service.state(game.id));
    must(await b.service.state(game.id));
    const rebuilt = vi.spyOn(ChessBoard, 'fromRecord');
    try {
      const replay = new Chess();
      let last: GameState | null = null;
      // Every move through the other service than the one before: each finds its board one version behind.
      for (const [ply, san] of ['e4', 'c5', 'Nf3', 'd6', 'd4', 'cxd4', 'Nxd4', 'Nf6', 'Nc3', 'a6'].entries()) {
        last = must(
          await (ply % 2 ? b : a).service.move({ gameId: game.id, token: (ply % 2 ? black : white).token }, san, ply),
        );
        replay.move(san);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(last!.fen).toBe(replay.fen());
      expect(must(await a.service.state(game.id)).fen).toBe(replay.fen());
      expect(must(await b.service.state(game.id)).fen).toBe(replay.fen());
      expect(rebuilt).not.toHaveBeenCalled();
    } finally {
      rebuilt.mockRestore();
    }
  });

  it('50 concurrent submissions of the same move through two services: exactly one is applied', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    const game = must(await a.service.create());
    const white = must(await a.service.join(game.id, 'white', 'white'));
    must(await b.service.join(game.id, 'black', 'black'));
    const before = must(await a.service.state(game.id)).version;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_unused, i) =>
        (i % 2 ? a : b).service.move({ gameId: game.id, token: white.token }, 'e4', 0),
      ),
    );
    // The first applies; every other one is the documented safe retry of the same move and ply (same state).
    for (const answer of answers) expect(answer.ok && answer.value.version).toBe(before + 1);
    const record = await a.store.get(game.id);
    expect(record?.moves.map((move) => move.uci)).toEqual(['e2e4']);
    expect(record?.version).toBe(before + 1);
  });

  it('two players quick-pairing at the same moment through different services meet in one game', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    for (let round = 0; round < 5; round++) {
      const [first, second] = await Promise.all([a.service.quickJoin(`x${round}`), b.service.quickJoin(`y${round}`)]);
      const [one, two] = [must(first), must(second)];
      expect(one.gameId).toBe(two.gameId);
      expect(one.color).not.toBe(two.color);
      expect(two.game.status === 'active' || one.game.status === 'active').toBe(true);
    }
  });

  it('a clock flags on time, once, when the service that armed its timer is gone', async () => {
    const prefix = freshPrefix();
    const a = await node(prefix);
    const control = must(parseTimeControl('1s+0'));
    const game = must(await a.service.create(undefined, control));
    const white = must(await a.service.join(game.id, 'white', 'white'));
    const black = must(await a.service.join(game.id, 'black', 'black'));
    must(await a.service.move({ gameId: game.id, token: white.token }, 'e4', 0));
    const afterBlack = must(await a.service.move({ gameId: game.id, token: black.token }, 'e5', 1));
    expect(afterBlack.clock?.running).toBe('white');
    // "Crash" a: its timers stop and its connections drop, without a clean close.
    a.scheduler.close();
    a.store.connections.client.disconnect();
    a.store.connections.subscriber.disconnect();
    opened.splice(opened.indexOf(a), 1);
    const b = await node(prefix);
    const finished: GameState[] = [];
    must(
      await b.service.watch(
        game.id,
        (snapshot) => snapshot.state.status === 'finished' && finished.push(snapshot.state),
      ),
    );
    const movedAt = Date.parse(afterBlack.updatedAt);
    await until(() => finished.length > 0, 'the flag', 6000);
    const flaggedAfter = Date.parse(finished[0]!.updatedAt) - movedAt;
    // 1 s on white's clock, the 250 ms lag grace, and at most one sweep (250 ms) of b's: generous bounds.
    expect(flaggedAfter).toBeGreaterThanOrEqual(1000);
    expect(flaggedAfter).toBeLessThan(3000);
    expect(finished[0]).toMatchObject({ termination: 'timeout', result: '0-1' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(finished).toHaveLength(1);
    const record = await b.store.get(game.id);
    expect(record?.version).toBe(finished[0]!.version);
    expect(await b.store.dueGames()).toEqual([]);
  });

  it('a subscriber that lost its connection catches up from the store and never goes back', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    const game = must(await a.service.create());
    const white = must(await a.service.join(game.id, 'white', 'white'));
    const black = must(await a.service.join(game.id, 'black', 'black'));
    const seen: number[] = [];
    must(await b.service.watch(game.id, (snapshot) => seen.push(snapshot.state.version)));
    // Cut b's subscription and make moves while it is down: their messages never reach b.
    b.store.connections.subscriber.disconnect(true);
    let last = must(await a.service.move({ gameId: game.id, token: white.token }, 'd4', 0));
    last = must(await a.service.move({ gameId: game.id, token: black.token }, 'd5', 1));
    await until(() => seen.at(-1) === last.version, 'b caught up', 8000);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    // And b serves the current game, not the one cached before the cut.
    expect(must(await b.service.state(game.id)).version).toBe(last.version);
  });

  it('a restart while another service keeps the deployment up gives no clock any time back', async () => {
    const prefix = freshPrefix();
    const a = await node(prefix);
    const control = must(parseTimeControl('5+0'));
    const game = must(await a.service.create(undefined, control));
    const white = must(await a.service.join(game.id, 'white', 'white'));
    const black = must(await a.service.join(game.id, 'black', 'black'));
    must(await a.service.move({ gameId: game.id, token: white.token }, 'e4', 0));
    must(await a.service.move({ gameId: game.id, token: black.token }, 'e5', 1));
    const before = await a.store.get(game.id);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await node(prefix); // starts, finds a's heartbeat fresh, credits nothing
    const after = await a.store.get(game.id);
    expect(after?.version).toBe(before?.version);
    expect(after?.clock).toEqual(before?.clock);
  });
});
