/**
 * GameService: the per-game queue -> load -> apply -> commit (compare-and-set) -> publish pipeline, driven with the
 * real domain and a real MemoryGameStore. Faults are injected by FaultyStore, a GameStore that forwards to a
 * MemoryGameStore and can hold a commit open, fail a write, or let another writer change the game just before a
 * commit (a real version conflict, made by a second GameService on the same MemoryGameStore). Time is ManualTime:
 * nothing here sleeps, listens on a port or starts a process.
 */
import { describe, expect, it } from 'vitest';
import type { GameSummary } from '../../shared/api-schema.js';
import type { Color } from '../../shared/vocabulary.js';
import { InProcessBus } from '../bus/in-process-bus.js';
import type { GameChange, ReadonlyGameRecord } from '../domain/game-record.js';
import { ManualTime } from '../schedule/time.js';
import type {
  CommitResult,
  DueGame,
  GamePage,
  GameStore,
  ListGamesQuery,
  WaitingGame,
  WaitingQuery,
} from '../store/game-store.js';
import { MemoryGameStore } from '../store/memory-store.js';
import { gameEtag, makeSnapshot, type GameSnapshot } from './game-snapshot.js';
import { GameService, type Actor, type AuthorizedSeat, type SeatCredentials } from './game-service.js';
import type { GameState, JoinResult } from './types.js';

const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

// ---- helpers ----

/** What every service answer looks like, whatever its value. */
type Answer = { ok: true } | { ok: false; code: string; message: string };

/** The value of a success; fails the test with the failure's code otherwise. */
function must<T>(result: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.value;
}

/** "ok" or the failure's code. */
function codeOf(result: { ok: true } | { ok: false; code: string }): string {
  return result.ok ? 'ok' : result.code;
}

/** A promise resolved by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

/** Let every pending promise callback run (one macrotask turn; no timer, no sleep). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Track whether a promise has settled yet. */
function track<T>(promise: Promise<T>): { readonly done: boolean; promise: Promise<T> } {
  const state = { done: false, promise };
  void promise.then(() => {
    state.done = true;
  });
  return state;
}

/**
 * A real MemoryGameStore with faults injected on demand: hold the next commit open, fail the next write, or run
 * another writer just before the next commit(s) is forwarded. Counts what reaches it.
 */
class FaultyStore implements GameStore {
  readonly inner = new MemoryGameStore();
  inserts = 0;
  /** Commit calls received (attempts). */
  commits = 0;
  /** Commits the inner store applied. */
  applied = 0;
  /** Commits the inner store refused with version_conflict. */
  conflicts = 0;
  gets = 0;
  private failNextInsert: Error | null = null;
  private failNextCommit: Error | null = null;
  private failNextGet: Error | null = null;
  private gate: { entered: () => void; release: Promise<void> } | null = null;
  private beforeCommit: { run: () => Promise<void>; times: number } | null = null;

  /** Hold the next commit until `release()`; `entered` resolves once the service is waiting on it. */
  holdNextCommit(): { entered: Promise<void>; release: () => void } {
    const entered = deferred();
    const release = deferred();
    this.gate = { entered: entered.resolve, release: release.promise };
    return { entered: entered.promise, release: release.resolve };
  }

  failCommitOnce(error: Error): void {
    this.failNextCommit = error;
  }

  failGetOnce(error: Error): void {
    this.failNextGet = error;
  }

  failInsertOnce(error: Error): void {
    this.failNextInsert = error;
  }

  /** Run `writer` before each of the next `times` commits is forwarded (another process changing the game). */
  interleave(writer: () => Promise<void>, times = 1): void {
    this.beforeCommit = { run: writer, times };
  }

  async insert(record: ReadonlyGameRecord, summary: GameSummary): Promise<void> {
    this.inserts += 1;
    const failure = this.failNextInsert;
    this.failNextInsert = null;
    if (failure) throw failure;
    await this.inner.insert(record, summary);
  }

  async commit(change: GameChange): Promise<CommitResult> {
    this.commits += 1;
    const gate = this.gate;
    if (gate) {
      this.gate = null;
      gate.entered();
      await gate.release;
    }
    const failure = this.failNextCommit;
    this.failNextCommit = null;
    if (failure) throw failure;
    const writer = this.beforeCommit;
    if (writer) {
      writer.times -= 1;
      if (writer.times <= 0) this.beforeCommit = null;
      await writer.run();
    }
    const result = await this.inner.commit(change);
    if (result.ok) this.applied += 1;
    else this.conflicts += 1;
    return result;
  }

  async get(id: string) {
    this.gets += 1;
    const failure = this.failNextGet;
    this.failNextGet = null;
    if (failure) throw failure;
    return this.inner.get(id);
  }

  versionOf(id: string): Promise<number | undefined> {
    return this.inner.versionOf(id);
  }

  list(query: ListGamesQuery): Promise<GamePage> {
    return this.inner.list(query);
  }

  waitingGames(query: WaitingQuery): Promise<WaitingGame[]> {
    return this.inner.waitingGames(query);
  }

  dueGames(): Promise<DueGame[]> {
    return this.inner.dueGames();
  }

  markAlive(atMs: number): Promise<void> {
    return this.inner.markAlive(atMs);
  }

  lastAlive(): Promise<number | null> {
    return this.inner.lastAlive();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function setup(options: { cacheSize?: number } = {}) {
  const time = new ManualTime();
  const store = new FaultyStore();
  const bus = new InProcessBus();
  const service = new GameService({ store, bus, time, scheduler: time, ...options });
  const storeErrors: unknown[] = [];
  service.onStoreError = (error) => storeErrors.push(error);
  /** Every snapshot published on the bus for `gameId`, in order. */
  const published = (gameId: string): GameSnapshot[] => {
    const seen: GameSnapshot[] = [];
    bus.subscribe(gameId, (snapshot) => seen.push(snapshot));
    return seen;
  };
  /** Another process: its own GameService (own cache, own bus) on the same records. */
  const otherWriter = () => new GameService({ store: store.inner, time, scheduler: time });
  return { time, store, bus, service, storeErrors, published, otherWriter };
}

interface Seated {
  id: string;
  white: JoinResult;
  black: JoinResult;
  /** Credentials of a colour. */
  as: (color: Color) => SeatCredentials;
}

/** A game with alice (white) and bob (black) seated, after `moves` played in turn. */
async function seated(service: GameService, moves: string[] = [], fen?: string): Promise<Seated> {
  const created = must(await service.create(fen));
  const white = must(await service.join(created.id, 'alice', 'white'));
  const black = must(await service.join(created.id, 'bob', 'black'));
  const game: Seated = {
    id: created.id,
    white,
    black,
    as: (color) => ({ gameId: created.id, token: (color === 'white' ? white : black).token }),
  };
  for (const move of moves) {
    const state = must(await service.state(game.id));
    must(await service.move(game.as(state.turn), move, state.moves.length));
  }
  return game;
}

async function stateOf(service: GameService, gameId: string): Promise<GameState> {
  return must(await service.state(gameId));
}

// ---- create ----

describe('GameService.create', () => {
  it('creates a game from the standard start: version 0, waiting, nobody seated, stored', async () => {
    const { service, store } = setup();
    const state = must(await service.create());
    expect(state).toMatchObject({
      version: 0,
      status: 'waiting',
      fen: START,
      initialFen: START,
      moves: [],
      players: { white: null, black: null },
      result: '*',
    });
    expect(store.inserts).toBe(1);
    expect((await store.inner.get(state.id))?.version).toBe(0);
  });

  it.each([
    {
      name: 'a position with black to move',
      fen: 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1',
      stored: 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1',
      turn: 'black',
    },
    {
      name: 'a FEN with stray spaces (normalised as chess.js writes it)',
      fen: '  4k3/8/8/8/8/8/4P3/R3K3   w - - 0 40 ',
      stored: '4k3/8/8/8/8/8/4P3/R3K3 w - - 0 40',
      turn: 'white',
    },
  ])('creates a game from $name', async ({ fen, stored, turn }) => {
    const { service, store } = setup();
    const state = must(await service.create(fen));
    expect(state).toMatchObject({ initialFen: stored, fen: stored, turn, version: 0 });
    expect((await store.inner.get(state.id))?.initialFen).toBe(stored);
    expect(must(await service.state(state.id)).initialFen).toBe(stored);
  });

  it.each([
    { name: 'not a FEN', fen: 'not a fen' },
    { name: 'a FEN missing its fullmove field', fen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq -' },
    { name: 'the side not to move in check', fen: '4k3/4Q3/8/8/8/8/8/4K3 w - - 0 1' },
    {
      name: 'a position already mated (after 2... Qh4#)',
      fen: 'rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3',
    },
    { name: 'king against king', fen: '4k3/8/8/8/8/8/8/4K3 w - - 0 1' },
  ])('refuses $name with invalid_fen and stores nothing', async ({ fen }) => {
    const { service, store } = setup();
    expect(codeOf(await service.create(fen))).toBe('invalid_fen');
    expect(store.inserts).toBe(0);
    expect((await store.inner.list({ limit: 10 })).games).toEqual([]);
  });

  it('answers unavailable when the store cannot insert, and keeps nothing', async () => {
    const { service, store, storeErrors } = setup();
    const error = new Error('disk full at /var/lib/rookery/games.db');
    store.failInsertOnce(error);
    const created = await service.create();
    expect(codeOf(created)).toBe('unavailable');
    expect(created.ok ? '' : created.message).not.toContain('/var/lib');
    expect(storeErrors).toEqual([error]);
    expect(must(await service.list({ limit: 10 })).games).toEqual([]);
  });
});

// ---- join ----

describe('GameService.join', () => {
  type Prepare = (service: GameService, gameId: string) => Promise<void>;
  const seat =
    (color?: Color, name = 'carol'): Prepare =>
    async (service, gameId) => {
      must(await service.join(gameId, name, color));
    };
  const rows: { name: string; prepare: Prepare[]; color?: Color; expected: string }[] = [
    { name: 'the first player without a colour gets white', prepare: [], expected: 'white' },
    { name: 'the second player without a colour gets the free one', prepare: [seat('white')], expected: 'black' },
    {
      name: 'the free seat is black when white is taken and black is asked',
      prepare: [seat('white')],
      color: 'black',
      expected: 'black',
    },
    { name: 'an asked colour on an empty game', prepare: [], color: 'black', expected: 'black' },
    { name: 'white is free after black sat first', prepare: [seat('black')], expected: 'white' },
    { name: 'an asked colour already taken', prepare: [seat('white')], color: 'white', expected: 'color_taken' },
    { name: 'a full game, no colour asked', prepare: [seat('white'), seat('black')], expected: 'game_full' },
    {
      name: 'a full game, a colour asked',
      prepare: [seat('white'), seat('black')],
      color: 'black',
      expected: 'game_full',
    },
    {
      name: 'a finished game (aborted by its only player)',
      prepare: [
        async (service, gameId) => {
          const joined = must(await service.join(gameId, 'carol', 'white'));
          must(await service.abort({ gameId, token: joined.token }));
        },
      ],
      expected: 'game_over',
    },
  ];

  it.each(rows)('$name: $expected', async ({ prepare, color, expected }) => {
    const { service, store, published } = setup();
    const { id } = must(await service.create());
    for (const step of prepare) await step(service, id);
    const before = await stateOf(service, id);
    const commits = store.commits;
    const events = published(id);
    const joined = await service.join(id, '  dave  ', color);
    if (expected === 'white' || expected === 'black') {
      const value = must(joined);
      expect(value.color).toBe(expected);
      expect(value.gameId).toBe(id);
      expect(value.game.players[expected]).toEqual({ name: 'dave' }); // trimmed
      expect(value.game.version).toBe(before.version + 1);
      expect(store.commits).toBe(commits + 1);
      expect(events.map((event) => event.state)).toEqual([value.game]);
      // The token is the seat's credential.
      expect(must(await service.authorize({ gameId: id, token: value.token })).color).toBe(expected);
    } else {
      expect(codeOf(joined)).toBe(expected);
      expect(store.commits).toBe(commits);
      expect(events).toEqual([]);
      expect(await stateOf(service, id)).toBe(before);
    }
  });

  it('answers game_not_found for an unknown game', async () => {
    const { service } = setup();
    expect(codeOf(await service.join('NoSuchGame00', 'dave'))).toBe('game_not_found');
  });

  it('starts the game when the second seat is taken', async () => {
    const { service } = setup();
    const game = await seated(service);
    const state = await stateOf(service, game.id);
    expect(state.status).toBe('active');
    expect(state.legalMoves).toHaveLength(20);
    expect(game.white.token).not.toBe(game.black.token);
  });
});

// ---- quick pairing ----

describe('GameService.quickJoin', () => {
  it('seats two players one after the other in one game, white then black', async () => {
    const { service } = setup();
    const first = must(await service.quickJoin('alice'));
    expect(first.game.status).toBe('waiting');
    const second = must(await service.quickJoin('bob'));
    expect(second.gameId).toBe(first.gameId);
    expect([first.color, second.color]).toEqual(['white', 'black']);
    expect(second.game.status).toBe('active');
    const third = must(await service.quickJoin('carol'));
    expect(third.gameId).not.toBe(first.gameId);
  });

  it.each([
    { players: 2, full: 1, waiting: 0 },
    { players: 10, full: 5, waiting: 0 },
    { players: 11, full: 5, waiting: 1 },
  ])(
    'pairs $players players started in the same tick into $full full games and $waiting waiting, each seated once',
    async ({ players, full, waiting }) => {
      const { service, store } = setup();
      const names = Array.from({ length: players }, (_, index) => `player${index}`);
      const joins = (await Promise.all(names.map((name) => service.quickJoin(name)))).map(must);

      const byGame = new Map<string, JoinResult[]>();
      for (const joined of joins) byGame.set(joined.gameId, [...(byGame.get(joined.gameId) ?? []), joined]);
      const sizes = [...byGame.values()].map((seats) => seats.length).sort();
      expect(sizes).toEqual([...Array<number>(waiting).fill(1), ...Array<number>(full).fill(2)]);
      for (const seats of byGame.values()) {
        expect(seats.map((s) => s.color).sort()).toEqual(seats.length === 2 ? ['black', 'white'] : ['white']);
      }
      // Nobody twice, and each name sits where its answer says.
      expect(new Set(joins.map((j) => j.token)).size).toBe(players);
      for (const [index, joined] of joins.entries()) {
        const state = await stateOf(service, joined.gameId);
        expect(state.players[joined.color]?.name).toBe(names[index]);
      }
      const lobby = must(await service.list({ limit: 100 })).games;
      expect(lobby).toHaveLength(full + waiting);
      expect(lobby.filter((game) => game.status === 'active')).toHaveLength(full);
      expect((await store.waitingGames({ limit: 1 }))[0]?.id).toBe(waiting ? joins.at(-1)!.gameId : undefined);
    },
  );

  it('takes a free seat in the oldest waiting game, even one created without players', async () => {
    const { service } = setup();
    const older = must(await service.create());
    must(await service.create());
    const joined = must(await service.quickJoin('alice'));
    expect(joined.gameId).toBe(older.id);
  });
});

// ---- authorize ----

describe('GameService.authorize', () => {
  it('names the seat a token holds', async () => {
    const { service } = setup();
    const game = await seated(service);
    const white = must(await service.authorize(game.as('white')));
    const black = must(await service.authorize(game.as('black')));
    expect([white.gameId, white.color, black.color]).toEqual([game.id, 'white', 'black']);
  });

  it.each([
    { name: 'a made-up token', token: () => 'x'.repeat(32), gameId: (id: string) => id, code: 'unauthorized' },
    { name: 'an empty token', token: () => '', gameId: (id: string) => id, code: 'unauthorized' },
    { name: 'an unknown game', token: () => 'x'.repeat(32), gameId: () => 'NoSuchGame00', code: 'game_not_found' },
  ])('refuses $name with $code', async ({ token, gameId, code }) => {
    const { service } = setup();
    const game = await seated(service);
    expect(codeOf(await service.authorize({ gameId: gameId(game.id), token: token() }))).toBe(code);
  });

  it("refuses a seat's token in another game (401)", async () => {
    const { service } = setup();
    const one = await seated(service);
    const two = await seated(service);
    expect(codeOf(await service.authorize({ gameId: two.id, token: one.white.token }))).toBe('unauthorized');
  });
});

// ---- actions ----

describe('GameService actions: move, resign, draw, abort', () => {
  const actions: {
    name: string;
    run: (service: GameService, who: Actor) => ReturnType<GameService['move']>;
    expected: Partial<GameState>;
  }[] = [
    { name: 'move', run: (s, who) => s.move(who, 'e4', 0), expected: { moves: ['e4'], turn: 'black' } },
    {
      name: 'resign',
      run: (s, who) => s.resign(who),
      expected: { status: 'finished', result: '0-1', termination: 'resignation', winner: 'black' },
    },
    { name: 'draw offer', run: (s, who) => s.draw(who, 'offer'), expected: { drawOffer: 'white', status: 'active' } },
    {
      name: 'abort',
      run: (s, who) => s.abort(who),
      expected: { status: 'finished', result: '*', termination: 'aborted' },
    },
  ];
  const actors: { name: string; actor: (service: GameService, game: Seated) => Promise<Actor> }[] = [
    { name: 'credentials', actor: async (_service, game) => game.as('white') },
    { name: 'an AuthorizedSeat', actor: async (service, game) => must(await service.authorize(game.as('white'))) },
  ];

  for (const action of actions) {
    it.each(actors)(
      `${action.name} by white through $name: one commit, one publish, the new version`,
      async ({ actor }) => {
        const { service, store, published } = setup();
        const game = await seated(service);
        const before = await stateOf(service, game.id);
        const commits = store.commits;
        const events = published(game.id);
        const state = must(await action.run(service, await actor(service, game)));
        expect(state).toMatchObject({ ...action.expected, version: before.version + 1 });
        expect(store.commits).toBe(commits + 1);
        expect(events.map((event) => event.state)).toEqual([state]);
        expect(await stateOf(service, game.id)).toBe(state);
        expect((await store.inner.get(game.id))?.version).toBe(state.version);
      },
    );

    it.each([
      {
        name: 'a wrong token',
        who: (game: Seated) => ({ gameId: game.id, token: 'y'.repeat(32) }),
        code: 'unauthorized',
      },
      {
        name: "the other game's token",
        who: (_game: Seated, other: Seated) => ({ gameId: _game.id, token: other.white.token }),
        code: 'unauthorized',
      },
      {
        name: 'an unknown game',
        who: (game: Seated) => ({ gameId: 'NoSuchGame00', token: game.white.token }),
        code: 'game_not_found',
      },
    ])(`${action.name} with $name: $code, nothing written`, async ({ who, code }) => {
      const { service, store } = setup();
      const game = await seated(service);
      const other = await seated(service);
      const commits = store.commits;
      expect(codeOf(await action.run(service, who(game, other)))).toBe(code);
      expect(store.commits).toBe(commits);
    });
  }

  it('acts for black through an AuthorizedSeat too', async () => {
    const { service } = setup();
    const game = await seated(service, ['e4']);
    const black = must(await service.authorize(game.as('black')));
    expect(must(await service.move(black, 'e5', 1)).moves).toEqual(['e4', 'e5']);
  });

  it.each([
    { name: 'black moving first', prepare: [], color: 'black' as Color, move: 'e5', code: 'not_your_turn' },
    {
      name: 'a move after the game ended',
      prepare: ['f3', 'e5', 'g4', 'Qh4'],
      color: 'white' as Color,
      move: 'e4',
      code: 'game_over',
    },
  ])('refuses $name with $code', async ({ prepare, color, move, code }) => {
    const { service } = setup();
    const game = await seated(service, prepare);
    expect(codeOf(await service.move(game.as(color), move))).toBe(code);
  });

  it('refuses a move before the second player joins: game_not_started', async () => {
    const { service } = setup();
    const { id } = must(await service.create());
    const white = must(await service.join(id, 'alice'));
    expect(codeOf(await service.move({ gameId: id, token: white.token }, 'e4', 0))).toBe('game_not_started');
  });
});

describe('GameService.move: safe retries and failure details', () => {
  it.each([
    { first: 'e4', retry: 'e4' },
    { first: 'e4', retry: 'e2e4' },
    { first: 'e2e4', retry: 'e4' },
    { first: 'Nf3', retry: 'g1f3' },
  ])(
    'a retry of $first as $retry with the same ply answers the same version and writes nothing',
    async ({ first, retry }) => {
      const { service, store, published } = setup();
      const game = await seated(service);
      const played = must(await service.move(game.as('white'), first, 0));
      const commits = store.commits;
      const events = published(game.id);
      const again = must(await service.move(game.as('white'), retry, 0));
      expect(again).toBe(played);
      expect(store.commits).toBe(commits);
      expect(events).toEqual([]);
    },
  );

  it("a retry of white's first move after black answered answers the current version and writes nothing", async () => {
    const { service, store } = setup();
    const game = await seated(service, ['e4', 'e5']);
    const current = await stateOf(service, game.id);
    const commits = store.commits;
    expect(must(await service.move(game.as('white'), 'e4', 0))).toBe(current);
    expect(store.commits).toBe(commits);
  });

  it('a re-offered draw writes nothing', async () => {
    const { service, store } = setup();
    const game = await seated(service);
    const offered = must(await service.draw(game.as('white'), 'offer'));
    const commits = store.commits;
    expect(must(await service.draw(game.as('white'), 'offer'))).toBe(offered);
    expect(store.commits).toBe(commits);
  });

  it.each([
    { name: 'another move at a ply already played', color: 'white' as Color, move: 'd4', ply: 0 },
    { name: "white's move text sent by black at white's ply", color: 'black' as Color, move: 'e4', ply: 0 },
    { name: 'a ply from the future', color: 'black' as Color, move: 'e5', ply: 3 },
  ])('stale_ply for $name carries the current game', async ({ color, move, ply }) => {
    const { service, store } = setup();
    const game = await seated(service, ['e4']);
    const current = await stateOf(service, game.id);
    const commits = store.commits;
    const refused = await service.move(game.as(color), move, ply);
    expect(codeOf(refused)).toBe('stale_ply');
    expect(refused.ok ? null : refused.game).toBe(current);
    expect(store.commits).toBe(commits);
  });

  it.each([
    { typed: 'Nf4', suggestion: 'Nf3' },
    { typed: 'Qh5', suggestion: undefined },
  ])('illegal_move for $typed carries the legal moves and suggestion $suggestion', async ({ typed, suggestion }) => {
    const { service } = setup();
    const game = await seated(service);
    const refused = await service.move(game.as('white'), typed, 0);
    expect(codeOf(refused)).toBe('illegal_move');
    if (refused.ok) return;
    expect(refused.legalMoves).toEqual((await stateOf(service, game.id)).legalMoves);
    expect(refused.legalMoves).toHaveLength(20);
    expect(refused.suggestion).toBe(suggestion);
    expect(refused.game).toBeUndefined();
  });
});

// ---- the per-game queue ----

describe('GameService: one change at a time per game', () => {
  it('ten different moves sent at once for the same ply: exactly one applies, the others are stale_ply', async () => {
    const { service, store } = setup();
    const game = await seated(service);
    const commits = store.commits;
    const moves = ['e4', 'd4', 'c4', 'Nf3', 'Nc3', 'b3', 'g3', 'f4', 'a3', 'h3'];
    const results = await Promise.all(moves.map((move) => service.move(game.as('white'), move, 0)));
    expect(results.map(codeOf)).toEqual(['ok', ...Array<string>(9).fill('stale_ply')]);
    expect(store.commits).toBe(commits + 1);
    expect((await stateOf(service, game.id)).moves).toEqual(['e4']);
  });

  it('the same move sent ten times at once for the same ply: applied once, every answer the same version', async () => {
    const { service, store, published } = setup();
    const game = await seated(service);
    const commits = store.commits;
    const events = published(game.id);
    const results = (await Promise.all(Array.from({ length: 10 }, () => service.move(game.as('white'), 'e4', 0)))).map(
      must,
    );
    expect(new Set(results).size).toBe(1);
    expect(store.commits).toBe(commits + 1);
    expect(events).toHaveLength(1);
  });

  it('the same move sent ten times at once without a ply: applied once, then not_your_turn', async () => {
    const { service, store } = setup();
    const game = await seated(service);
    const commits = store.commits;
    const results = await Promise.all(Array.from({ length: 10 }, () => service.move(game.as('white'), 'e4')));
    expect(results.map(codeOf)).toEqual(['ok', ...Array<string>(9).fill('not_your_turn')]);
    expect(store.commits).toBe(commits + 1);
  });

  it('moves on ten different games sent at once all apply', async () => {
    const { service, store } = setup();
    const games = await Promise.all(Array.from({ length: 10 }, () => seated(service)));
    const commits = store.commits;
    const results = (await Promise.all(games.map((game) => service.move(game.as('white'), 'e4', 0)))).map(must);
    expect(results.map((state) => state.moves)).toEqual(Array.from({ length: 10 }, () => ['e4']));
    expect(new Set(results.map((state) => state.id)).size).toBe(10);
    expect(store.commits).toBe(commits + 10);
  });

  it('a commit held open on one game does not delay a move on another game, but does delay the next move of its own', async () => {
    const { service, store } = setup();
    const one = await seated(service);
    const two = await seated(service);
    const hold = store.holdNextCommit();
    const held = track(service.move(one.as('white'), 'e4', 0));
    await hold.entered;
    const queued = track(service.move(one.as('black'), 'e5', 1));
    expect(must(await service.move(two.as('white'), 'd4', 0)).moves).toEqual(['d4']);
    await settle();
    expect([held.done, queued.done]).toEqual([false, false]);
    hold.release();
    expect(must(await queued.promise).moves).toEqual(['e4', 'e5']);
    expect(must(await held.promise).moves).toEqual(['e4']);
  });
});

// ---- readers and commits ----

describe('GameService: readers never see an uncommitted version', () => {
  it('while a move is being committed, state/snapshot/waitForChange answer the previous version; afterwards the new one', async () => {
    const { service, store, published } = setup();
    const game = await seated(service);
    const before = must(await service.snapshot(game.id));
    const events = published(game.id);
    const hold = store.holdNextCommit();
    const moving = track(service.move(game.as('white'), 'e4', 0));
    await hold.entered;

    expect(await stateOf(service, game.id)).toBe(before.state);
    expect(must(await service.snapshot(game.id))).toBe(before);
    const waiting = track(service.waitForChange(game.id, before.state.version, 10_000));
    const pgn = track(service.pgn(game.id, 'test'));
    await settle();
    expect(moving.done).toBe(false);
    expect(waiting.done).toBe(false);
    expect(pgn.done).toBe(false); // the PGN reads inside the game's queue, after the commit
    expect(events).toEqual([]);
    expect((await store.inner.get(game.id))?.moves).toEqual([]);

    hold.release();
    const moved = must(await moving.promise);
    expect(moved.version).toBe(before.state.version + 1);
    expect(await stateOf(service, game.id)).toBe(moved);
    expect(must(await waiting.promise).state).toBe(moved);
    expect(must(await pgn.promise)).toContain('1. e4 *');
    expect(events.map((event) => event.state)).toEqual([moved]);
  });

  it('while a join is being committed, the seat still shows free', async () => {
    const { service, store } = setup();
    const { id } = must(await service.create());
    must(await service.join(id, 'alice', 'white'));
    const hold = store.holdNextCommit();
    const joining = service.join(id, 'bob', 'black');
    await hold.entered;
    const during = await stateOf(service, id);
    expect([during.status, during.players.black]).toEqual(['waiting', null]);
    hold.release();
    expect(must(await joining).game.players.black).toEqual({ name: 'bob' });
    expect((await stateOf(service, id)).status).toBe('active');
  });

  type Subject = { id: string; act: () => Promise<Answer> };
  it.each([
    {
      name: 'a move',
      prepare: async (service: GameService): Promise<Subject> => {
        const game = await seated(service);
        return { id: game.id, act: () => service.move(game.as('white'), 'e4', 0) };
      },
    },
    {
      name: 'a resignation',
      prepare: async (service: GameService): Promise<Subject> => {
        const game = await seated(service, ['e4']);
        return { id: game.id, act: () => service.resign(game.as('white')) };
      },
    },
    {
      name: 'a join',
      prepare: async (service: GameService): Promise<Subject> => {
        const { id } = must(await service.create());
        must(await service.join(id, 'alice', 'white'));
        return { id, act: () => service.join(id, 'carol') };
      },
    },
  ])(
    'a failed commit of $name answers unavailable, publishes nothing, and the next read shows the stored state',
    async ({ prepare }) => {
      const { service, store, storeErrors, published } = setup();
      const { id, act } = await prepare(service);
      const before = await stateOf(service, id);
      const events = published(id);
      const error = new Error('SQLITE_IOERR: disk I/O error at /var/lib/rookery/games.db');
      store.failCommitOnce(error);
      const gets = store.gets;

      const failed = await act();
      expect(codeOf(failed)).toBe('unavailable');
      expect(failed.ok ? '' : failed.message).not.toContain('/var/lib');
      expect(storeErrors).toEqual([error]);
      expect(events).toEqual([]);

      const after = await stateOf(service, id);
      expect(store.gets).toBe(gets + 1); // rebuilt from the store, not from the board the failed change was made on
      expect(after).toEqual(before);
      expect(after.version).toBe((await store.inner.get(id))?.version);

      // The same change goes through once the store works again.
      expect(codeOf(await act())).toBe('ok');
      expect(events.map((event) => event.state.version)).toEqual([before.version + 1]);
    },
  );
});

// ---- version conflicts ----

describe('GameService: a version conflict (another writer got there first) reloads and computes again', () => {
  type Other = { other: GameService; game: Seated };
  const rows: {
    name: string;
    before: string[];
    /** The other writer's change, made just before this service's commit. */
    theirs: (o: Other) => Promise<Answer>;
    /** This service's change. */
    ours: (service: GameService, game: Seated) => Promise<Answer>;
    expected: string;
    moves: string[];
    drawOffer?: Color | null;
    /** Versions the game moved on from where it was, in the end. */
    bumps: number;
  }[] = [
    {
      name: "black's move lands on top of black's draw offer made elsewhere",
      before: ['e4'],
      theirs: ({ other, game }) => other.draw(game.as('black'), 'offer'),
      ours: (service, game) => service.move(game.as('black'), 'e5', 1),
      expected: 'ok',
      moves: ['e4', 'e5'],
      drawOffer: 'black',
      bumps: 2,
    },
    {
      name: "black's move lands on top of white's draw offer made elsewhere (and declines it)",
      before: ['e4'],
      theirs: ({ other, game }) => other.draw(game.as('white'), 'offer'),
      ours: (service, game) => service.move(game.as('black'), 'e5', 1),
      expected: 'ok',
      moves: ['e4', 'e5'],
      drawOffer: null,
      bumps: 2,
    },
    {
      name: 'another move at the same ply elsewhere: stale_ply',
      before: [],
      theirs: ({ other, game }) => other.move(game.as('white'), 'd4', 0),
      ours: (service, game) => service.move(game.as('white'), 'e4', 0),
      expected: 'stale_ply',
      moves: ['d4'],
      bumps: 1,
    },
    {
      name: 'another move elsewhere, ours without a ply: not_your_turn',
      before: [],
      theirs: ({ other, game }) => other.move(game.as('white'), 'd4', 0),
      ours: (service, game) => service.move(game.as('white'), 'e4'),
      expected: 'not_your_turn',
      moves: ['d4'],
      bumps: 1,
    },
    {
      name: 'the same move at the same ply sent to both: a safe retry, written once',
      before: [],
      theirs: ({ other, game }) => other.move(game.as('white'), 'e4', 0),
      ours: (service, game) => service.move(game.as('white'), 'e4', 0),
      expected: 'ok',
      moves: ['e4'],
      bumps: 1,
    },
    {
      name: 'a resignation after the opponent resigned elsewhere: game_over',
      before: ['e4'],
      theirs: ({ other, game }) => other.resign(game.as('black')),
      ours: (service, game) => service.resign(game.as('white')),
      expected: 'game_over',
      moves: ['e4'],
      bumps: 1,
    },
  ];

  it.each(rows)('$name', async ({ before, theirs, ours, expected, moves, drawOffer, bumps }) => {
    const { service, store, published, otherWriter } = setup();
    const game = await seated(service, before);
    const base = (await stateOf(service, game.id)).version;
    const other = otherWriter();
    store.interleave(async () => {
      expect(codeOf(await theirs({ other, game }))).toBe('ok');
    });
    const events = published(game.id);
    const commits = store.commits;

    const result = await ours(service, game);
    expect(codeOf(result)).toBe(expected);
    expect(store.conflicts).toBe(1);
    const stored = (await store.inner.get(game.id))!;
    expect(stored.moves.map((move) => move.san)).toEqual(moves);
    expect(stored.version).toBe(base + bumps);
    if (drawOffer !== undefined) expect(stored.drawOffer).toBe(drawOffer);
    // This service now answers what the store holds, and published only what it committed itself.
    const state = await stateOf(service, game.id);
    expect(state.version).toBe(stored.version);
    expect(state.moves).toEqual(moves);
    const wrote = store.commits - commits - 1; // minus the conflicting attempt
    expect(events.map((event) => event.state.version)).toEqual(wrote ? [stored.version] : []);
  });

  it.each([
    {
      name: 'a join of the colour just taken elsewhere: color_taken',
      before: [] as Color[],
      theirs: 'white' as Color,
      ours: 'white' as Color | undefined,
      expected: 'color_taken',
    },
    {
      name: 'a join once the game filled elsewhere: game_full',
      before: ['white'] as Color[],
      theirs: 'black' as Color,
      ours: undefined,
      expected: 'game_full',
    },
  ])('$name', async ({ before, theirs, ours, expected }) => {
    const { service, store, otherWriter } = setup();
    const { id } = must(await service.create());
    for (const color of before) must(await service.join(id, 'alice', color));
    const other = otherWriter();
    store.interleave(async () => {
      must(await other.join(id, 'carol', theirs));
    });
    expect(codeOf(await service.join(id, 'dave', ours))).toBe(expected);
    expect(store.conflicts).toBe(1);
    expect((await stateOf(service, id)).players[theirs]).toEqual({ name: 'carol' });
  });

  it('a join without a colour takes the seat left after another writer took white', async () => {
    const { service, store, otherWriter } = setup();
    const { id } = must(await service.create());
    const other = otherWriter();
    store.interleave(async () => {
      must(await other.join(id, 'carol'));
    });
    const joined = must(await service.join(id, 'dave'));
    expect(joined.color).toBe('black');
    expect(joined.game.players).toEqual({ white: { name: 'carol' }, black: { name: 'dave' } });
    expect(store.conflicts).toBe(1);
  });

  it('gives up with unavailable after five recomputations that all lost the race, having written nothing', async () => {
    const { service, store, otherWriter } = setup();
    const game = await seated(service);
    const base = (await stateOf(service, game.id)).version;
    const other = otherWriter();
    const theirs = ['Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nc3', 'Nc6', 'Nb1'];
    let next = 0;
    store.interleave(async () => {
      const state = must(await other.state(game.id));
      must(await other.move(game.as(state.turn), theirs[next++]!, state.moves.length));
    }, 100);
    const refused = await service.draw(game.as('black'), 'offer');
    expect(codeOf(refused)).toBe('unavailable');
    expect(store.conflicts).toBe(6); // the first attempt and five recomputations
    const stored = (await store.inner.get(game.id))!;
    expect(stored.version).toBe(base + 6);
    expect(stored.drawOffer).toBeNull();
  });
});

// ---- publishing and watching ----

describe('GameService: publishing', () => {
  it('publishes each committed version once, in order, as the snapshot the reply carries', async () => {
    const { service, published } = setup();
    const game = await seated(service);
    const events = published(game.id);
    const base = (await stateOf(service, game.id)).version;
    const line = ['e4', 'e5', 'Nf3', 'Nc6', 'Bb5', 'a6', 'Ba4', 'Nf6'];
    // All sent at once: the queue keeps them in the order they were sent.
    const results = (
      await Promise.all(line.map((move, ply) => service.move(game.as(ply % 2 === 0 ? 'white' : 'black'), move, ply)))
    ).map(must);
    expect(events.map((event) => event.state.version)).toEqual(line.map((_, index) => base + index + 1));
    expect(events.map((event) => event.state)).toEqual(results);
    for (const [index, event] of events.entries()) expect(event.state).toBe(results[index]);
    expect(must(await service.snapshot(game.id))).toBe(events.at(-1));
  });

  it('a bus listener that reads the game when told of a version reads that version', async () => {
    const { service, bus } = setup();
    const game = await seated(service);
    const reads: Promise<GameState>[] = [];
    const told: number[] = [];
    bus.subscribe(game.id, (snapshot) => {
      told.push(snapshot.state.version);
      reads.push(stateOf(service, game.id));
    });
    must(await service.move(game.as('white'), 'e4', 0));
    must(await service.move(game.as('black'), 'e5', 1));
    expect((await Promise.all(reads)).map((state) => state.version)).toEqual(told);
  });

  it('publishes nothing for refusals and retries', async () => {
    const { service, published } = setup();
    const game = await seated(service, ['e4']);
    const events = published(game.id);
    await service.move(game.as('white'), 'e4', 0); // retry
    await service.move(game.as('white'), 'd4'); // not your turn
    await service.move(game.as('black'), 'e4', 1); // illegal
    await service.draw(game.as('black'), 'accept'); // no offer
    expect(events).toEqual([]);
  });
});

describe('GameService.watch', () => {
  it('delivers the current snapshot, then every newer one in order', async () => {
    const { service } = setup();
    const game = await seated(service);
    const seen: GameSnapshot[] = [];
    const current = must(await service.snapshot(game.id));
    must(await service.watch(game.id, (snapshot) => seen.push(snapshot)));
    expect(seen).toEqual([current]);
    must(await service.move(game.as('white'), 'e4', 0));
    must(await service.move(game.as('black'), 'e5', 1));
    const v = current.state.version;
    expect(seen.map((snapshot) => snapshot.state.version)).toEqual([v, v + 1, v + 2]);
  });

  it('never delivers a version it already delivered or an older one', async () => {
    const { service, bus } = setup();
    const game = await seated(service);
    const old = must(await service.snapshot(game.id));
    must(await service.move(game.as('white'), 'e4', 0));
    const current = must(await service.snapshot(game.id));
    const seen: number[] = [];
    must(await service.watch(game.id, (snapshot) => seen.push(snapshot.state.version)));
    bus.publish(old);
    bus.publish(current);
    await settle();
    expect(seen).toEqual([current.state.version]);
  });

  it('on a gap in the bus (version + 2 published), reads the store rather than skipping what came between', async () => {
    const { service, store, bus, otherWriter } = setup();
    const game = await seated(service);
    const v = (await stateOf(service, game.id)).version;
    const seen: GameSnapshot[] = [];
    must(await service.watch(game.id, (snapshot) => seen.push(snapshot)));
    // Another process makes two changes; only the second reaches this process's bus.
    const other = otherWriter();
    must(await other.move(game.as('white'), 'e4', 0));
    must(await other.move(game.as('black'), 'e5', 1));
    const theirs = must(await other.snapshot(game.id));
    expect(theirs.state.version).toBe(v + 2);
    const gets = store.gets;
    bus.publish(theirs);
    await settle();
    expect(store.gets).toBe(gets + 1);
    expect(seen.map((snapshot) => snapshot.state.version)).toEqual([v, v + 2]);
    expect(seen[1]).not.toBe(theirs); // the store's copy, read after the gap
    expect(seen[1]!.state.moves).toEqual(['e4', 'e5']);
    // The resync also refreshed what this process answers.
    expect((await stateOf(service, game.id)).version).toBe(v + 2);
  });

  it('stops delivering once unsubscribed, and leaves no listener behind', async () => {
    const { service, bus } = setup();
    const game = await seated(service);
    const seen: number[] = [];
    const stop = must(await service.watch(game.id, (snapshot) => seen.push(snapshot.state.version)));
    expect(bus.listenerCount(game.id)).toBe(1);
    stop();
    expect(bus.listenerCount(game.id)).toBe(0);
    must(await service.move(game.as('white'), 'e4', 0));
    expect(seen).toHaveLength(1);
  });

  it('answers game_not_found for an unknown game and leaves no listener behind', async () => {
    const { service, bus } = setup();
    expect(codeOf(await service.watch('NoSuchGame00', () => {}))).toBe('game_not_found');
    expect(bus.listenerCount('NoSuchGame00')).toBe(0);
  });
});

describe('GameService.waitForChange', () => {
  const WAIT_MS = 30_000;

  it('resolves at once when the version has already passed `since`', async () => {
    const { service } = setup();
    const game = await seated(service, ['e4']);
    const current = must(await service.snapshot(game.id));
    expect(must(await service.waitForChange(game.id, current.state.version - 1, WAIT_MS))).toBe(current);
  });

  it('resolves with the next version when the game changes, and unsubscribes', async () => {
    const { service, bus } = setup();
    const game = await seated(service);
    const v = (await stateOf(service, game.id)).version;
    const waiting = track(service.waitForChange(game.id, v, WAIT_MS));
    await settle();
    expect(waiting.done).toBe(false);
    const moved = must(await service.move(game.as('white'), 'e4', 0));
    expect(must(await waiting.promise).state).toBe(moved);
    expect(bus.listenerCount(game.id)).toBe(0);
  });

  it('resolves with the current snapshot when the wait runs out (ManualTime), not a moment before', async () => {
    const { service, time, bus } = setup();
    const game = await seated(service);
    const current = must(await service.snapshot(game.id));
    const waiting = track(service.waitForChange(game.id, current.state.version, WAIT_MS));
    await settle();
    time.advance(WAIT_MS - 1);
    await settle();
    expect(waiting.done).toBe(false);
    time.advance(1);
    await settle();
    expect(waiting.done).toBe(true);
    expect(must(await waiting.promise)).toBe(current);
    expect(bus.listenerCount(game.id)).toBe(0);
  });

  it('resolves with the current snapshot when the signal aborts', async () => {
    const { service, bus } = setup();
    const game = await seated(service);
    const current = must(await service.snapshot(game.id));
    const controller = new AbortController();
    const waiting = track(service.waitForChange(game.id, current.state.version, WAIT_MS, controller.signal));
    await settle();
    expect(waiting.done).toBe(false);
    controller.abort();
    await settle();
    expect(waiting.done).toBe(true);
    expect(must(await waiting.promise)).toBe(current);
    expect(bus.listenerCount(game.id)).toBe(0);
  });

  it('resolves at once for a signal already aborted', async () => {
    const { service } = setup();
    const game = await seated(service);
    const current = must(await service.snapshot(game.id));
    const waiting = track(service.waitForChange(game.id, current.state.version, WAIT_MS, AbortSignal.abort()));
    await settle();
    expect(waiting.done).toBe(true);
  });

  it('resolves when the service starts closing, and answers at once afterwards', async () => {
    const { service, bus } = setup();
    const game = await seated(service);
    const current = must(await service.snapshot(game.id));
    const waiting = track(service.waitForChange(game.id, current.state.version, WAIT_MS));
    await settle();
    service.wakeWaiters();
    await settle();
    expect(waiting.done).toBe(true);
    expect(must(await waiting.promise)).toBe(current);
    expect(bus.listenerCount(game.id)).toBe(0);
    const later = track(service.waitForChange(game.id, current.state.version, WAIT_MS));
    await settle();
    expect(later.done).toBe(true);
  });

  it('waits on a game not yet in the cache: wakes on change and on timeout', async () => {
    const { store, time } = setup();
    const first = new GameService({ store, time, scheduler: time });
    const game = await seated(first);
    const v = (await stateOf(first, game.id)).version;
    const cold = new GameService({ store, time, scheduler: time });
    const onChange = track(cold.waitForChange(game.id, v, WAIT_MS));
    await settle();
    expect(onChange.done).toBe(false);
    must(await cold.move(game.as('white'), 'e4', 0));
    expect(must(await onChange.promise).state.version).toBe(v + 1);

    const colder = new GameService({ store, time, scheduler: time });
    const onTimeout = track(colder.waitForChange(game.id, v + 1, WAIT_MS));
    await settle();
    time.advance(WAIT_MS);
    await settle();
    expect(onTimeout.done).toBe(true);
    expect(must(await onTimeout.promise).state.version).toBe(v + 1);
  });

  it('answers game_not_found for an unknown game', async () => {
    const { service, time } = setup();
    const waiting = service.waitForChange('NoSuchGame00', 0, WAIT_MS);
    time.advance(WAIT_MS);
    expect(codeOf(await waiting)).toBe('game_not_found');
  });
});

// ---- snapshots and the cache ----

describe('GameSnapshot', () => {
  it('one state object has one snapshot: body = JSON.stringify(state), etag "<id>-<version>"', async () => {
    const { service } = setup();
    const game = await seated(service, ['e4']);
    const state = await stateOf(service, game.id);
    const snapshot = makeSnapshot(state);
    expect(makeSnapshot(state)).toBe(snapshot);
    expect(snapshot.state).toBe(state);
    expect(snapshot.body.toString('utf8')).toBe(JSON.stringify(state));
    expect(snapshot.etag).toBe(`"${game.id}-${state.version}"`);
    expect(gameEtag(state)).toBe(snapshot.etag);
    // The service hands out that same snapshot.
    expect(must(await service.snapshot(game.id))).toBe(snapshot);
  });

  it('an equal copy of a state is another object: its own snapshot, the same body', () => {
    const { state } = makeSnapshot({ id: 'Abc', version: 3 } as unknown as GameState);
    const copy = structuredClone(state);
    expect(makeSnapshot(copy)).not.toBe(makeSnapshot(state));
    expect(makeSnapshot(copy).body.equals(makeSnapshot(state).body)).toBe(true);
  });

  it('reads between changes share one state object and one snapshot', async () => {
    const { service } = setup();
    const game = await seated(service);
    const moved = must(await service.move(game.as('white'), 'e4', 0));
    const first = must(await service.snapshot(game.id));
    expect(first.state).toBe(moved);
    expect(must(await service.snapshot(game.id))).toBe(first);
    expect(await stateOf(service, game.id)).toBe(moved);
  });
});

describe('GameService: the board cache', () => {
  it('with cacheSize 2, an evicted game comes back from the store intact and playable', async () => {
    const { service, store } = setup({ cacheSize: 2 });
    const games = [await seated(service, ['e4']), await seated(service, ['d4']), await seated(service, ['c4'])];
    const expected = await Promise.all(games.map((game) => store.inner.get(game.id)));
    const gets = store.gets;
    const first = await stateOf(service, games[0]!.id);
    expect(store.gets).toBe(gets + 1); // it was evicted
    expect(first).toMatchObject({ moves: ['e4'], players: { white: { name: 'alice' }, black: { name: 'bob' } } });
    expect(first.version).toBe(expected[0]!.version);
    // Its seats' tokens still hold, and play goes on from the stored position.
    expect(must(await service.move(games[0]!.as('black'), 'e5', 1)).moves).toEqual(['e4', 'e5']);
    expect((await store.inner.get(games[0]!.id))?.moves.map((move) => move.san)).toEqual(['e4', 'e5']);
  });

  it('evicts the least recently used game first (a read counts as use)', async () => {
    const { service, store } = setup({ cacheSize: 2 });
    const a = must(await service.create());
    const b = must(await service.create());
    await service.state(a.id); // a is now the most recently used
    must(await service.create()); // evicts b
    const gets = store.gets;
    await service.state(a.id);
    expect(store.gets).toBe(gets);
    await service.state(b.id);
    expect(store.gets).toBe(gets + 1);
  });
});

// ---- rematch ----

describe('GameService.rematch', () => {
  /** A finished game: white (alice) resigns before any move. */
  async function finished(service: GameService, fen?: string): Promise<Seated> {
    const game = await seated(service, [], fen);
    must(await service.resign(game.as('white')));
    return game;
  }

  it('the first asker creates it: colours swapped, same start position, the old game links to it', async () => {
    const { service } = setup();
    const fen = '4k3/8/8/8/8/8/4P3/R3K3 w - - 0 40';
    const game = await finished(service, fen);
    const created = must(await service.rematch(game.as('white')));
    expect(created.color).toBe('black');
    expect(created.game).toMatchObject({
      status: 'waiting',
      initialFen: fen,
      rematchOf: game.id,
      players: { white: null, black: { name: 'alice' } },
    });
    expect(created.gameId).not.toBe(game.id);
    expect((await stateOf(service, game.id)).rematch).toBe(created.gameId);
    expect(must(await service.authorize({ gameId: created.gameId, token: created.token })).color).toBe('black');
  });

  it('the second asker takes the seat kept for them, under the name they give', async () => {
    const { service } = setup();
    const game = await finished(service);
    const first = must(await service.rematch(game.as('white')));
    const second = must(await service.rematch(game.as('black'), 'Robert'));
    expect(second.gameId).toBe(first.gameId);
    expect(second.color).toBe('white');
    expect(second.game.status).toBe('active');
    expect(second.game.players).toEqual({ white: { name: 'Robert' }, black: { name: 'alice' } });
    expect(second.token).not.toBe(first.token);
    expect(must(await service.move({ gameId: second.gameId, token: second.token }, 'e4', 0)).moves).toEqual(['e4']);
  });

  it('both players asking at once end up in one rematch, colours swapped', async () => {
    const { service } = setup();
    const game = await finished(service);
    const [white, black] = (
      await Promise.all([service.rematch(game.as('white')), service.rematch(game.as('black'))])
    ).map(must);
    expect(white!.gameId).toBe(black!.gameId);
    expect([white!.color, black!.color]).toEqual(['black', 'white']);
    expect((await stateOf(service, white!.gameId)).status).toBe('active');
  });

  it('keeps the seat from strangers (seat_reserved) and from quick pairing', async () => {
    const { service } = setup();
    const game = await finished(service);
    const rematch = must(await service.rematch(game.as('white')));
    expect(codeOf(await service.join(rematch.gameId, 'carol'))).toBe('seat_reserved');
    expect(codeOf(await service.join(rematch.gameId, 'carol', 'white'))).toBe('seat_reserved');
    expect(codeOf(await service.join(rematch.gameId, 'carol', 'black'))).toBe('color_taken');
    const paired = must(await service.quickJoin('dave'));
    expect(paired.gameId).not.toBe(rematch.gameId);
    expect((await stateOf(service, rematch.gameId)).players.white).toBeNull();
  });

  it.each([
    {
      name: 'a game still in progress: game_in_progress, with the game',
      prepare: async (service: GameService) => seated(service, ['e4']),
      asker: 'white' as Color,
      code: 'game_in_progress',
    },
    {
      name: 'a game nobody played against you: no_opponent',
      prepare: async (service: GameService) => {
        const { id } = must(await service.create());
        const white = must(await service.join(id, 'alice', 'white'));
        must(await service.abort({ gameId: id, token: white.token }));
        return { id, white, black: white, as: () => ({ gameId: id, token: white.token }) } as Seated;
      },
      asker: 'white' as Color,
      code: 'no_opponent',
    },
  ])('refuses $name', async ({ prepare, asker, code }) => {
    const { service, store } = setup();
    const game = await prepare(service);
    const inserts = store.inserts;
    const refused = await service.rematch(game.as(asker));
    expect(codeOf(refused)).toBe(code);
    expect(refused.ok ? null : refused.game).toBe(await stateOf(service, game.id));
    expect(store.inserts).toBe(inserts);
  });

  it('refuses the creator asking again: color_taken, and no second rematch', async () => {
    const { service, store } = setup();
    const game = await finished(service);
    const first = must(await service.rematch(game.as('white')));
    const inserts = store.inserts;
    expect(codeOf(await service.rematch(game.as('white')))).toBe('color_taken');
    expect(store.inserts).toBe(inserts);
    expect((await stateOf(service, game.id)).rematch).toBe(first.gameId);
  });

  it('answers game_over to the second asker when the creator aborted the rematch first', async () => {
    const { service } = setup();
    const game = await finished(service);
    const first = must(await service.rematch(game.as('white')));
    must(await service.abort({ gameId: first.gameId, token: first.token }));
    expect(codeOf(await service.rematch(game.as('black')))).toBe('game_over');
  });

  it.each([
    {
      name: 'a wrong token',
      who: (game: Seated) => ({ gameId: game.id, token: 'z'.repeat(32) }),
      code: 'unauthorized',
    },
    {
      name: 'an unknown game',
      who: (game: Seated) => ({ gameId: 'NoSuchGame00', token: game.white.token }),
      code: 'game_not_found',
    },
  ])('refuses $name with $code', async ({ who, code }) => {
    const { service } = setup();
    const game = await finished(service);
    expect(codeOf(await service.rematch(who(game)))).toBe(code);
  });

  it('acts for an AuthorizedSeat as for credentials', async () => {
    const { service } = setup();
    const game = await finished(service);
    const seat: AuthorizedSeat = must(await service.authorize(game.as('black')));
    expect(must(await service.rematch(seat)).color).toBe('white');
  });
});

// ---- several processes on one store and one bus (regressions found by this suite's first author) ----

describe('GameService: two processes on one store and one bus', () => {
  function twoProcesses() {
    const time = new ManualTime();
    const store = new MemoryGameStore();
    const bus = new InProcessBus();
    const a = new GameService({ store, bus, time, scheduler: time });
    const b = new GameService({ store, bus, time, scheduler: time });
    return { time, store, bus, a, b };
  }

  it('a process drops its cached board when the bus shows another process moved the game on', async () => {
    const { a, b } = twoProcesses();
    const game = await seated(a);
    expect((await stateOf(b, game.id)).version).toBe(2);
    must(await a.move(game.as('white'), 'e4', 0));
    // B had the game cached at version 2: it now answers version 3, and black's move on it is played.
    expect((await stateOf(b, game.id)).moves).toEqual(['e4']);
    const moved = must(await b.move(game.as('black'), 'e5', 1));
    expect(moved.moves).toEqual(['e4', 'e5']);
    expect((await stateOf(a, game.id)).moves).toEqual(['e4', 'e5']);
  });

  it('a refusal computed on a board the bus has not refreshed yet is checked against the store first', async () => {
    const { store, time } = twoProcesses();
    // Two processes with buses of their own: B hears nothing of A's changes.
    const a = new GameService({ store, bus: new InProcessBus(), time, scheduler: time });
    const b = new GameService({ store, bus: new InProcessBus(), time, scheduler: time });
    const game = await seated(a);
    expect((await stateOf(b, game.id)).version).toBe(2);
    must(await a.move(game.as('white'), 'e4', 0));
    // On its stale board B would answer stale_ply (it thinks no move was played): it reads the store instead.
    const moved = must(await b.move(game.as('black'), 'e5', 1));
    expect(moved.moves).toEqual(['e4', 'e5']);
    // A refusal that is right stays a refusal, with the current game.
    const stale = await b.move(game.as('white'), 'Nf3', 1);
    expect(codeOf(stale)).toBe('stale_ply');
    expect(!stale.ok && stale.game?.version).toBe(4);
  });

  it('a token whose seat was taken through another process is recognised on a board cached before the join', async () => {
    const { store, time } = twoProcesses();
    const a = new GameService({ store, bus: new InProcessBus(), time, scheduler: time });
    const b = new GameService({ store, bus: new InProcessBus(), time, scheduler: time });
    const created = must(await a.create());
    expect((await stateOf(b, created.id)).players.white).toBeNull();
    const joined = must(await a.join(created.id, 'alice', 'white'));
    const seat = must(await b.authorize({ gameId: created.id, token: joined.token }));
    expect(seat.color).toBe('white');
    expect(codeOf(await b.authorize({ gameId: created.id, token: 'not-a-seat-token' }))).toBe('unauthorized');
  });

  it('a rematch asked for on both processes at once is one rematch: both players sit in it, no second game', async () => {
    const { a, b, store } = twoProcesses();
    const game = await seated(a);
    must(await a.resign(game.as('white')));
    expect((await stateOf(b, game.id)).status).toBe('finished');
    const [fromB, fromA] = await Promise.all([b.rematch(game.as('black')), a.rematch(game.as('white'))]);
    const first = must(fromB);
    const second = must(fromA);
    expect(second.gameId).toBe(first.gameId);
    expect(new Set([first.color, second.color])).toEqual(new Set(['white', 'black']));
    const rematch = await stateOf(a, first.gameId);
    expect(rematch.status).toBe('active');
    expect(rematch.players).toEqual({ white: { name: 'bob' }, black: { name: 'alice' } });
    // One finished game and one rematch: nothing left behind.
    expect((await store.list({ limit: 10 })).games.map((summary) => summary.id).sort()).toEqual(
      [game.id, first.gameId].sort(),
    );
  });
});

describe('GameService: a store that cannot be read', () => {
  it('answers unavailable (not a rejection) for reads and actions on a game it must load', async () => {
    const { service, store, storeErrors } = setup({ cacheSize: 1 });
    const game = await seated(service);
    await seated(service); // evicts the first game from the one-board cache
    for (const call of [
      () => service.state(game.id),
      () => service.snapshot(game.id),
      () => service.authorize(game.as('white')),
      () => service.move(game.as('white'), 'e4', 0),
      () => service.pgn(game.id, 'test'),
    ]) {
      store.failGetOnce(new Error('disk read error'));
      expect(codeOf(await call())).toBe('unavailable');
    }
    expect(storeErrors).toHaveLength(5);
    // The store recovers: the game is there, unchanged.
    expect((await stateOf(service, game.id)).version).toBe(2);
  });

  it('a long poll on a game whose read fails answers unavailable at once, and leaves nothing unhandled', async () => {
    const { service, store, time } = setup({ cacheSize: 1 });
    const game = await seated(service);
    await seated(service);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      store.failGetOnce(new Error('disk read error'));
      const waited = track(service.waitForChange(game.id, 2, 30_000));
      await settle();
      time.advance(30_000);
      await settle();
      expect(waited.done).toBe(true);
      expect(codeOf(await waited.promise)).toBe('unavailable');
      await settle();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
