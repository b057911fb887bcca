/**
 * The contract every GameStore keeps (see game-store.ts, whose doc comments it checks), as one vitest suite that
 * each store runs against itself: `describeGameStoreContract('MemoryGameStore', async () => new MemoryGameStore())`.
 *
 * Records are made as the service makes them: real ChessBoards, their changes taken with `takeChange()` and
 * committed in order, never written by hand, so that what a store must keep is exactly what the domain produces.
 * Every test opens a fresh, empty store (a per-test key prefix for a shared Redis) and closes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/result.js';
import { correspondence, pgnTimeControl, realtime, type TimeControl } from '../../shared/time-control.js';
import type { Color } from '../../shared/vocabulary.js';
import { ChessBoard } from '../domain/chess-board.js';
import type { GameChange, GameRecord } from '../domain/game-record.js';
import { type GameStore, isSharedStore, type SharedGameStore } from './game-store.js';

/** 2026-12-01T10:00:00.000Z: every test's clock starts here and steps forward by the second. */
const START_MS = Date.parse('2026-12-01T10:00:00.000Z');
const FIRST_MOVE_MS = 30_000;
const BLITZ = realtime(300, 3);
const DAILY = correspondence(1);

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A URL-safe 12-character id, as the service makes them. */
function newGameId(): string {
  return Array.from(randomBytes(12), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function check<T>(result: Result<T, { ok: false; code: string; message: string }>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

/** A clock for one test: each `next()` is one second after the previous one. */
class SteppingClock {
  private ms = START_MS;
  next(): string {
    this.ms += 1000;
    return new Date(this.ms).toISOString();
  }
  /** The same instant for several games (ties in creation order). */
  same(): string {
    return new Date(this.ms).toISOString();
  }
}

interface NewGameOptions {
  fen?: string;
  timeControl?: TimeControl;
  rematch?: { of: string; reservedSeat: { color: Color; tokenHash: string } };
  /** Creation time; the clock's next second when absent. */
  at?: string;
}

/** One game as the service drives it: a board, and every change committed to the store as it happens. */
class PlayedGame {
  readonly tokens: Partial<Record<Color, string>> = {};
  constructor(
    readonly store: GameStore,
    readonly board: ChessBoard,
    readonly clock: SteppingClock,
  ) {}

  get id(): string {
    return this.board.id;
  }

  /** Take the change the last operation made and commit it; fails the test unless it commits. */
  async commit(): Promise<GameChange> {
    const change = this.board.takeChange();
    if (!change) throw new Error('the operation changed nothing');
    const committed = await this.store.commit(change);
    if (!committed.ok) throw new Error(`${committed.code}: ${committed.message}`);
    return change;
  }

  async join(name: string, color?: Color, reservation?: { token: string }): Promise<GameChange> {
    const token = reservation?.token ?? randomBytes(16).toString('hex');
    const seat = check(this.board.join(name, hashOf(token), this.clock.next(), color, reservation !== undefined));
    this.tokens[seat] = token;
    return this.commit();
  }

  async play(...moves: string[]): Promise<GameChange> {
    let last: GameChange | undefined;
    for (const move of moves) {
      check(this.board.move(this.board.turn, move, this.clock.next(), this.board.plies));
      last = await this.commit();
    }
    if (!last) throw new Error('no moves');
    return last;
  }

  /** The record as the board has it now: what the store must give back. */
  expected(): GameRecord {
    return this.board.toRecord();
  }
}

async function newGame(store: GameStore, clock: SteppingClock, options: NewGameOptions = {}): Promise<PlayedGame> {
  const fen = options.fen === undefined ? null : check(ChessBoard.parseStartFen(options.fen));
  const links = options.rematch ? { rematchOf: options.rematch.of, reservedSeat: options.rematch.reservedSeat } : null;
  const timing = options.timeControl ? { timeControl: options.timeControl, firstMoveMs: FIRST_MOVE_MS } : null;
  const board = ChessBoard.create(newGameId(), options.at ?? clock.next(), fen, links, timing);
  // The service takes the (empty) pending change before inserting: the insert is the first write.
  board.takeChange();
  await store.insert(board.recordView(), board.summary());
  return new PlayedGame(store, board, clock);
}

/** A game with both seats taken (white first), ready for moves. */
async function activeGame(store: GameStore, clock: SteppingClock, options: NewGameOptions = {}): Promise<PlayedGame> {
  const game = await newGame(store, clock, options);
  await game.join('alice', 'white');
  await game.join('bob', 'black');
  return game;
}

/** A board rebuilt from what the store holds now, as a process whose cache is cold (or stale) would. */
async function reload(store: GameStore, id: string): Promise<ChessBoard> {
  const record = await store.get(id);
  if (!record) throw new Error(`game ${id} is not in the store`);
  return ChessBoard.fromRecord(record);
}

/** Every page of a listing, following the cursors to the end. */
async function allPages(store: GameStore, query: Parameters<GameStore['list']>[0]): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    pages.push(page.games.map((game) => game.id));
    cursor = page.nextCursor ?? undefined;
    if (pages.length > 100) throw new Error('the cursors never end');
  } while (cursor !== undefined);
  return pages;
}

/**
 * Run the GameStore contract against the store `open` makes. `open` is called once per test and must give a new,
 * empty store; the suite closes it after the test.
 */
export function describeGameStoreContract(name: string, open: () => Promise<GameStore>): void {
  describe(`${name} keeps the GameStore contract`, () => {
    let store: GameStore;
    let clock: SteppingClock;
    beforeEach(async () => {
      store = await open();
      clock = new SteppingClock();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('insert and get', () => {
      it('gives back a new game exactly as inserted, and nothing for an unknown id', async () => {
        const game = await newGame(store, clock);
        expect(await store.get(game.id)).toEqual(game.expected());
        expect(await store.versionOf(game.id)).toBe(0);
        expect(await store.get(newGameId())).toBeUndefined();
        expect(await store.versionOf(newGameId())).toBeUndefined();
      });

      it('keeps every field of a record through inserts and commits: seats, moves with clockMs, clock, draw offer', async () => {
        const game = await activeGame(store, clock, { timeControl: BLITZ });
        await game.play('e4', 'c5', 'Nf3');
        check(game.board.draw('white', 'offer', clock.next()));
        await game.commit();
        const stored = await store.get(game.id);
        expect(stored).toEqual(game.expected());
        expect(stored!.moves.map((move) => move.clockMs)).toEqual(game.expected().moves.map((move) => move.clockMs));
        expect(stored!.moves.every((move) => typeof move.clockMs === 'number')).toBe(true);
        expect(stored!.clock).not.toBeNull();
        expect(stored!.timeControl).toEqual(BLITZ);
        expect(stored!.drawOffer).toBe('white');
        expect(stored!.seats.white).toMatchObject({ name: 'alice', tokenHash: hashOf(game.tokens.white!) });
        // What it gives back rebuilds the same board: same state, same clock basis.
        const rebuilt = ChessBoard.fromRecord(stored!);
        expect(rebuilt.state()).toEqual(game.board.state());
        expect(rebuilt.dueAt()).toBe(game.board.dueAt());
      });

      it('keeps games from a start position, correspondence games, outcomes and both rematch links', async () => {
        const first = await activeGame(store, clock, { fen: '8/P7/8/8/8/8/6k1/4K3 w - - 0 1', timeControl: DAILY });
        await first.play('a8=Q', 'Kh2');
        check(first.board.resign('black', clock.next()));
        await first.commit();
        const rematch = await newGame(store, clock, {
          fen: '8/P7/8/8/8/8/6k1/4K3 w - - 0 1',
          timeControl: DAILY,
          rematch: { of: first.id, reservedSeat: { color: 'white', tokenHash: hashOf(first.tokens.black!) } },
        });
        check(first.board.linkRematch('white', rematch.id, clock.next()));
        await first.commit();
        await rematch.join('alice', 'black');

        const storedFirst = await store.get(first.id);
        expect(storedFirst).toEqual(first.expected());
        expect(storedFirst).toMatchObject({
          initialFen: '8/P7/8/8/8/8/6k1/4K3 w - - 0 1',
          outcome: { result: '1-0', termination: 'resignation', winner: 'white' },
          rematchId: rematch.id,
          timeControl: DAILY,
        });
        expect(storedFirst!.moves.map((move) => move.uci)).toEqual(['a7a8q', 'g2h2']);
        const storedRematch = await store.get(rematch.id);
        expect(storedRematch).toEqual(rematch.expected());
        expect(storedRematch).toMatchObject({
          rematchOf: first.id,
          reservedSeat: { color: 'white', tokenHash: hashOf(first.tokens.black!) },
          seats: { white: null, black: { name: 'alice' } },
        });

        // The reserved seat taken by its player: the reservation is gone, the seat holds the player.
        await rematch.join('bob', 'white', { token: first.tokens.black! });
        expect(await store.get(rematch.id)).toEqual(rematch.expected());
        expect((await store.get(rematch.id))!.reservedSeat).toBeNull();
      });

      it('copies what it keeps: later changes to the board, or to a record it gave back, change nothing stored', async () => {
        const game = await newGame(store, clock);
        const inserted = game.expected();
        // The board moves on without committing (as when a write fails): the store still has the insert.
        check(game.board.join('alice', hashOf('t'), clock.next(), 'white'));
        expect(await store.get(game.id)).toEqual(inserted);
        const given = (await store.get(game.id))!;
        given.seats.white = { name: 'mallory', tokenHash: 'x', joinedAt: inserted.createdAt };
        given.moves.push({ uci: 'e2e4', san: 'e4', at: inserted.createdAt });
        given.version = 99;
        expect(await store.get(game.id)).toEqual(inserted);
        expect(await store.versionOf(game.id)).toBe(0);
      });

      it('never changes the record the board hands it', async () => {
        const game = await activeGame(store, clock, { timeControl: BLITZ });
        check(game.board.move('white', 'e4', clock.next()));
        const before = game.expected();
        await game.commit();
        expect(game.expected()).toEqual(before);
      });

      it('refuses a second insert of the same id and keeps the first game', async () => {
        const game = await activeGame(store, clock);
        await game.play('d4');
        const kept = game.expected();
        const twin = ChessBoard.create(game.id, clock.next());
        await expect(store.insert(twin.recordView(), twin.summary())).rejects.toThrow();
        expect(await store.get(game.id)).toEqual(kept);
      });
    });

    describe('commit is a compare-and-set over the version', () => {
      it('moves the version on with every change, and versionOf follows it', async () => {
        const game = await newGame(store, clock);
        const versions = [await store.versionOf(game.id)];
        await game.join('alice');
        versions.push(await store.versionOf(game.id));
        await game.join('bob');
        versions.push(await store.versionOf(game.id));
        await game.play('e4', 'e5');
        versions.push(await store.versionOf(game.id));
        expect(versions).toEqual([0, 1, 2, 4]);
        expect((await store.get(game.id))!.version).toBe(game.board.version);
      });

      it('answers version_conflict to a change over a stale version, and changes nothing', async () => {
        const game = await activeGame(store, clock);
        await game.play('e4');
        // Another process loaded the game at this version and moved first.
        const stale = await reload(store, game.id);
        await game.play('e5');
        const current = await store.get(game.id);
        check(stale.move('black', 'c5', clock.next()));
        const refused = await store.commit(stale.takeChange()!);
        expect(refused).toMatchObject({ ok: false, code: 'version_conflict' });
        expect(await store.get(game.id)).toEqual(current);
        expect(await store.versionOf(game.id)).toBe(current!.version);
        // The stale process reloads and carries on from the stored state.
        const fresh = await reload(store, game.id);
        check(fresh.move('white', 'Nf3', clock.next()));
        expect(await store.commit(fresh.takeChange()!)).toEqual({ ok: true, value: undefined });
        expect((await store.get(game.id))!.moves.map((move) => move.uci)).toEqual(['e2e4', 'e7e5', 'g1f3']);
      });

      it('refuses a change whose base is ahead of the stored version', async () => {
        const game = await activeGame(store, clock);
        const ahead = await reload(store, game.id);
        check(ahead.move('white', 'e4', clock.next()));
        const change = ahead.takeChange()!;
        const before = await store.get(game.id);
        expect(await store.commit({ ...change, baseVersion: change.baseVersion + 1 })).toMatchObject({
          ok: false,
          code: 'version_conflict',
        });
        expect(await store.get(game.id)).toEqual(before);
      });

      it('lets exactly one of two changes racing over one base version win', async () => {
        const game = await activeGame(store, clock);
        await game.play('e4');
        const [one, two] = [await reload(store, game.id), await reload(store, game.id)];
        const at = clock.next();
        check(one.move('black', 'e5', at));
        check(two.move('black', 'c5', at));
        const results = await Promise.all([store.commit(one.takeChange()!), store.commit(two.takeChange()!)]);
        expect(results.filter((result) => result.ok)).toHaveLength(1);
        expect(results.filter((result) => !result.ok && result.code === 'version_conflict')).toHaveLength(1);
        const winner = results[0]!.ok ? one : two;
        expect(await store.get(game.id)).toEqual(winner.toRecord());
      });

      it('lets exactly one of many changes racing over one base version win, for every version in turn', async () => {
        const game = await activeGame(store, clock);
        const moves = ['e4', 'e5', 'Nf3', 'Nc6', 'Bb5', 'a6'];
        for (const move of moves) {
          const at = clock.next();
          const racers = await Promise.all(Array.from({ length: 8 }, () => reload(store, game.id)));
          for (const racer of racers) check(racer.move(racer.turn, move, at));
          const results = await Promise.all(racers.map((racer) => store.commit(racer.takeChange()!)));
          expect(results.filter((result) => result.ok)).toHaveLength(1);
        }
        const stored = (await store.get(game.id))!;
        expect(stored.moves.map((move) => move.san)).toEqual(moves);
        expect(stored.version).toBe(2 + moves.length);
      });

      it('rejects a change whose new moves do not follow the stored ones, and keeps nothing of it', async () => {
        const game = await activeGame(store, clock);
        await game.play('e4', 'e5');
        const before = await store.get(game.id);
        const next = await reload(store, game.id);
        check(next.move('white', 'Nf3', clock.next()));
        const change = next.takeChange()!;
        await expect(store.commit({ ...change, newMoves: [] })).rejects.toThrow();
        expect(await store.get(game.id)).toEqual(before);
      });

      it('rejects a change to a game it does not hold', async () => {
        const board = ChessBoard.create(newGameId(), clock.next());
        check(board.join('alice', hashOf('t'), clock.next()));
        await expect(store.commit(board.takeChange()!)).rejects.toThrow();
        expect(await store.get(board.id)).toBeUndefined();
      });
    });

    describe('list', () => {
      it('lists newest first with the latest summary of each game, a page at a time, until nextCursor is null', async () => {
        const games: PlayedGame[] = [];
        for (let index = 0; index < 5; index++) games.push(await newGame(store, clock));
        await games[1]!.join('alice');
        const newestFirst = games.map((game) => game.id).reverse();

        const whole = await store.list({ limit: 10 });
        expect(whole.games.map((game) => game.id)).toEqual(newestFirst);
        expect(whole.nextCursor).toBeNull();
        expect(whole.games[3]).toEqual(games[1]!.board.summary());
        expect(whole.games[3]!.players.white).toEqual({ name: 'alice' });

        expect(await allPages(store, { limit: 2 })).toEqual([
          newestFirst.slice(0, 2),
          newestFirst.slice(2, 4),
          [newestFirst[4]],
        ]);
        // A page that ends exactly at the last game has no next cursor.
        const exact = await store.list({ limit: 5 });
        expect(exact.games).toHaveLength(5);
        expect(exact.nextCursor).toBeNull();
        expect(await store.list({ limit: 1 })).toMatchObject({ games: [{ id: newestFirst[0] }] });
      });

      it('orders games created in the same millisecond by id, newest-first style, and pages through them', async () => {
        const at = clock.next();
        const games: PlayedGame[] = [];
        for (let index = 0; index < 4; index++) games.push(await newGame(store, clock, { at }));
        const expected = games
          .map((game) => game.id)
          .sort()
          .reverse();
        expect(await allPages(store, { limit: 3 })).toEqual([expected.slice(0, 3), expected.slice(3)]);
        expect((await allPages(store, { limit: 1 })).flat()).toEqual(expected);
      });

      it('filters by status as games move from waiting to active to finished', async () => {
        const waiting = await newGame(store, clock);
        const active = await activeGame(store, clock);
        const finished = await activeGame(store, clock);
        await finished.play('f3', 'e5', 'g4', 'Qh4#');
        const half = await newGame(store, clock);
        await half.join('carol', 'black');
        const ids = (status: 'waiting' | 'active' | 'finished') =>
          store.list({ status, limit: 10 }).then((page) => page.games.map((game) => game.id));
        expect(await ids('waiting')).toEqual([half.id, waiting.id]);
        expect(await ids('active')).toEqual([active.id]);
        expect(await ids('finished')).toEqual([finished.id]);
        expect((await store.list({ status: 'finished', limit: 10 })).games[0]).toMatchObject({
          result: '0-1',
          termination: 'checkmate',
          plies: 4,
        });

        await half.join('dave');
        check(active.board.resign('white', clock.next()));
        await active.commit();
        expect(await ids('waiting')).toEqual([waiting.id]);
        expect(await ids('active')).toEqual([half.id]);
        // Ordered by creation, not by when they finished.
        expect(await ids('finished')).toEqual([finished.id, active.id]);
        expect(await allPages(store, { status: 'finished', limit: 1 })).toEqual([[finished.id], [active.id]]);
      });

      it('filters by time control (its PGN tag value, - for untimed), alone and with a status', async () => {
        const untimed = await newGame(store, clock);
        const blitz = await newGame(store, clock, { timeControl: BLITZ });
        const daily = await activeGame(store, clock, { timeControl: DAILY });
        const blitzActive = await activeGame(store, clock, { timeControl: BLITZ });
        const ids = (query: { timeControl: string; status?: 'waiting' | 'active' }) =>
          store.list({ ...query, limit: 10 }).then((page) => page.games.map((game) => game.id));
        expect(await ids({ timeControl: '300+3' })).toEqual([blitzActive.id, blitz.id]);
        expect(await ids({ timeControl: pgnTimeControl(DAILY) })).toEqual([daily.id]);
        expect(await ids({ timeControl: '-' })).toEqual([untimed.id]);
        expect(await ids({ timeControl: '60+0' })).toEqual([]);
        expect(await ids({ timeControl: '300+3', status: 'waiting' })).toEqual([blitz.id]);
        expect(await ids({ timeControl: '300+3', status: 'active' })).toEqual([blitzActive.id]);
        expect(await allPages(store, { timeControl: '300+3', limit: 1 })).toEqual([[blitzActive.id], [blitz.id]]);
      });

      it('answers an empty page for an empty store', async () => {
        expect(await store.list({ limit: 10 })).toEqual({ games: [], nextCursor: null });
        expect(await store.list({ status: 'active', limit: 10 })).toEqual({ games: [], nextCursor: null });
      });
    });

    describe('waitingGames', () => {
      it('lists games with a free seat open to anyone, oldest first, with their time control and creation time', async () => {
        const first = await newGame(store, clock);
        const second = await newGame(store, clock, { timeControl: BLITZ });
        await second.join('alice', 'black');
        const third = await newGame(store, clock, { timeControl: DAILY });
        await activeGame(store, clock);
        expect(await store.waitingGames({ limit: 10 })).toEqual([
          { id: first.id, timeControl: '-', createdAt: first.board.createdAt },
          { id: second.id, timeControl: '300+3', createdAt: second.board.createdAt },
          { id: third.id, timeControl: pgnTimeControl(DAILY), createdAt: third.board.createdAt },
        ]);
        expect((await store.waitingGames({ limit: 2 })).map((game) => game.id)).toEqual([first.id, second.id]);
      });

      it('filters by time control', async () => {
        const blitz = await newGame(store, clock, { timeControl: BLITZ });
        const untimed = await newGame(store, clock);
        const blitzToo = await newGame(store, clock, { timeControl: BLITZ });
        const ids = (timeControl: string) =>
          store.waitingGames({ timeControl, limit: 10 }).then((games) => games.map((game) => game.id));
        expect(await ids('300+3')).toEqual([blitz.id, blitzToo.id]);
        expect(await ids('-')).toEqual([untimed.id]);
        expect(await ids('180+2')).toEqual([]);
      });

      it('drops games once both seats are taken or they finish', async () => {
        const joined = await newGame(store, clock);
        const abandoned = await newGame(store, clock);
        const stays = await newGame(store, clock);
        await joined.join('alice');
        await joined.join('bob');
        check(abandoned.board.abandon(clock.next()));
        await abandoned.commit();
        expect((await store.waitingGames({ limit: 10 })).map((game) => game.id)).toEqual([stays.id]);
        expect((await store.waitingGames({ limit: 10, includeReserved: true })).map((game) => game.id)).toEqual([
          stays.id,
        ]);
      });

      it('lists a rematch whose free seat is kept for its player only with includeReserved, until that player sits', async () => {
        const first = await activeGame(store, clock);
        check(first.board.resign('black', clock.next()));
        await first.commit();
        const open = await newGame(store, clock);
        const rematch = await newGame(store, clock, {
          rematch: { of: first.id, reservedSeat: { color: 'black', tokenHash: hashOf(first.tokens.white!) } },
        });
        await rematch.join('bob', 'white');
        const later = await newGame(store, clock);
        const ids = (includeReserved: boolean) =>
          store.waitingGames({ limit: 10, includeReserved }).then((games) => games.map((game) => game.id));
        expect(await ids(false)).toEqual([open.id, later.id]);
        expect(await ids(true)).toEqual([open.id, rematch.id, later.id]);
        await rematch.join('alice', 'black', { token: first.tokens.white! });
        expect(await ids(true)).toEqual([open.id, later.id]);
      });

      it('lists a rematch whose reservation was taken while a seat is still free', async () => {
        const first = await activeGame(store, clock);
        check(first.board.resign('white', clock.next()));
        await first.commit();
        const rematch = await newGame(store, clock, {
          rematch: { of: first.id, reservedSeat: { color: 'white', tokenHash: hashOf(first.tokens.black!) } },
        });
        expect(await store.waitingGames({ limit: 10 })).toEqual([]);
        // The kept seat taken first: the other seat is now open to anyone.
        await rematch.join('bob', 'white', { token: first.tokens.black! });
        expect((await store.waitingGames({ limit: 10 })).map((game) => game.id)).toEqual([rematch.id]);
      });
    });

    describe('dueGames', () => {
      it("lists unfinished timed games with the due time of their latest change, and drops them once they're over", async () => {
        await activeGame(store, clock);
        await newGame(store, clock, { timeControl: BLITZ });
        const blitz = await activeGame(store, clock, { timeControl: BLITZ });
        const daily = await activeGame(store, clock, { timeControl: DAILY });
        await daily.play('e4');
        const dueOf = async () =>
          Object.fromEntries((await store.dueGames()).map((due) => [due.id, due.dueAt] as const));
        expect(blitz.board.dueAt()).not.toBeNull();
        expect(await dueOf()).toEqual({ [blitz.id]: blitz.board.dueAt(), [daily.id]: daily.board.dueAt() });

        const before = blitz.board.dueAt();
        await blitz.play('d4');
        expect(blitz.board.dueAt()).not.toBe(before);
        expect((await dueOf())[blitz.id]).toBe(blitz.board.dueAt());

        check(daily.board.resign('black', clock.next()));
        await daily.commit();
        expect(await dueOf()).toEqual({ [blitz.id]: blitz.board.dueAt() });
      });

      it('lists nothing for an empty store', async () => {
        expect(await store.dueGames()).toEqual([]);
      });
    });

    describe('heartbeat', () => {
      it('answers null before any heartbeat, then the last one written', async () => {
        expect(await store.lastAlive()).toBeNull();
        await store.markAlive(START_MS + 1000);
        expect(await store.lastAlive()).toBe(START_MS + 1000);
        await store.markAlive(START_MS + 2500);
        await store.markAlive(START_MS + 3700);
        expect(await store.lastAlive()).toBe(START_MS + 3700);
      });
    });

    describe('close', () => {
      it('can be called twice', async () => {
        await newGame(store, clock);
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}

/** How the shared-store suite reaches one keyspace from several "processes" (store instances). */
export interface SharedStoreAccess {
  /** A new, empty keyspace (e.g. a Redis key prefix) for one test. */
  newKeyspace(): string;
  /** A store on `keyspace`; every call is a separate instance, as another process would hold. */
  open(keyspace: string): Promise<SharedGameStore>;
}

/**
 * What a store shared by several server processes adds (SharedGameStore in game-store.ts), checked with two store
 * instances on one keyspace standing for two processes: compare-and-set across them, clock deadlines claimed once,
 * presence and the heartbeat that never move back, and the cross-process lock.
 */
export function describeSharedGameStoreContract(name: string, access: SharedStoreAccess): void {
  describe(`${name} keeps the SharedGameStore contract across processes`, () => {
    let one: SharedGameStore;
    let two: SharedGameStore;
    let clock: SteppingClock;
    beforeEach(async () => {
      const keyspace = access.newKeyspace();
      [one, two] = await Promise.all([access.open(keyspace), access.open(keyspace)]);
      clock = new SteppingClock();
    });
    afterEach(async () => {
      await Promise.all([one.close(), two.close()]);
    });

    it('says it is shared', () => {
      expect(isSharedStore(one)).toBe(true);
    });

    it('shows each process what the other committed, and lets only one of them apply a change over one version', async () => {
      const game = await activeGame(one, clock, { timeControl: BLITZ });
      await game.play('e4');
      expect(await two.get(game.id)).toEqual(game.expected());
      const [here, there] = [await reload(one, game.id), await reload(two, game.id)];
      const at = clock.next();
      check(here.move('black', 'e5', at));
      check(there.move('black', 'd5', at));
      const results = await Promise.all([one.commit(here.takeChange()!), two.commit(there.takeChange()!)]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      const winner = results[0]!.ok ? here : there;
      expect(await one.get(game.id)).toEqual(winner.toRecord());
      expect(await two.get(game.id)).toEqual(winner.toRecord());
      expect((await two.list({ limit: 5 })).games).toEqual([winner.summary()]);
    });

    it('hands each due game to one claimant only, until its lease ends', async () => {
      const games = await Promise.all([0, 1, 2, 3].map(() => activeGame(one, clock, { timeControl: BLITZ })));
      await activeGame(one, clock, { timeControl: DAILY });
      const dueAts = games.map((game) => game.board.dueAt()!);
      const latest = Math.max(...dueAts);
      // Nothing is due before the earliest deadline.
      expect(await one.claimDue(Math.min(...dueAts) - 1, 10_000, 10)).toEqual([]);
      const [mine, theirs] = await Promise.all([one.claimDue(latest, 10_000, 10), two.claimDue(latest, 10_000, 10)]);
      expect([...mine, ...theirs].sort()).toEqual(games.map((game) => game.id).sort());
      expect(mine.filter((id) => theirs.includes(id))).toEqual([]);
      // Claimed: nobody gets them again while the lease runs, everybody after it ends (the claimant may have died).
      expect(await two.claimDue(latest + 9_999, 10_000, 10)).toEqual([]);
      const again = await two.claimDue(latest + 10_000, 10_000, 10);
      expect(again.sort()).toEqual(games.map((game) => game.id).sort());
      // The limit bounds one claim.
      const game = await activeGame(one, clock, { timeControl: BLITZ });
      const other = await activeGame(one, clock, { timeControl: BLITZ });
      const limited = await one.claimDue(Math.max(game.board.dueAt()!, other.board.dueAt()!), 10_000, 1);
      expect(limited).toHaveLength(1);
    });

    it('puts a claimed game back at its real due moment, or drops it, but never over a newer change', async () => {
      const kept = await activeGame(one, clock, { timeControl: BLITZ });
      const dropped = await activeGame(one, clock, { timeControl: BLITZ });
      const moved = await activeGame(one, clock, { timeControl: BLITZ });
      const now = Math.max(kept.board.dueAt()!, dropped.board.dueAt()!, moved.board.dueAt()!);
      expect((await one.claimDue(now, 60_000, 10)).sort()).toEqual([kept.id, dropped.id, moved.id].sort());
      // The game changed while claimed: its commit wrote its new deadline, which the claimant must not undo.
      await moved.play('e4');
      const movedDue = moved.board.dueAt()!;
      await one.rescheduleDue(kept.id, now + 5_000);
      await one.rescheduleDue(dropped.id, null);
      await one.rescheduleDue(moved.id, now + 5_000);
      const due = Object.fromEntries((await two.dueGames()).map((entry) => [entry.id, entry.dueAt] as const));
      expect(due).toEqual({ [kept.id]: now + 5_000, [moved.id]: movedDue });
      expect(await two.claimDue(now + 4_999, 60_000, 10)).not.toContain(kept.id);
      expect(await two.claimDue(now + 5_000, 60_000, 10)).toContain(kept.id);
    });

    it('keeps the latest moment anyone asked about a waiting game, whoever noted it', async () => {
      const first = await newGame(one, clock);
      const second = await newGame(one, clock);
      await one.notePresence(new Map([[first.id, START_MS + 5_000]]));
      await two.notePresence(
        new Map([
          [first.id, START_MS + 3_000],
          [second.id, START_MS + 4_000],
        ]),
      );
      expect(await one.presenceOf([first.id, second.id, newGameId()])).toEqual(
        new Map([
          [first.id, START_MS + 5_000],
          [second.id, START_MS + 4_000],
        ]),
      );
      await one.notePresence(new Map([[second.id, START_MS + 9_000]]));
      expect((await two.presenceOf([second.id])).get(second.id)).toBe(START_MS + 9_000);
      expect(await two.presenceOf([])).toEqual(new Map());
    });

    it('keeps the latest heartbeat of all processes', async () => {
      await one.markAlive(START_MS + 2_000);
      await two.markAlive(START_MS + 1_000);
      expect(await one.lastAlive()).toBe(START_MS + 2_000);
      expect(await two.lastAlive()).toBe(START_MS + 2_000);
      await two.markAlive(START_MS + 3_000);
      expect(await one.lastAlive()).toBe(START_MS + 3_000);
    });

    it('runs the tasks of one lock one at a time across processes, and frees it when a task fails', async () => {
      let inside = 0;
      let most = 0;
      const order: number[] = [];
      const task = (store: SharedGameStore, index: number) =>
        store.withLock('contract', 5_000, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((done) => setTimeout(done, 10));
          order.push(index);
          inside -= 1;
          return index;
        });
      const results = await Promise.all(Array.from({ length: 8 }, (_, index) => task(index % 2 ? one : two, index)));
      expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(most).toBe(1);
      expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      await expect(
        one.withLock('contract', 5_000, async () => Promise.reject(new Error('task failed'))),
      ).rejects.toThrow('task failed');
      expect(await two.withLock('contract', 5_000, async () => 'free again')).toBe('free again');
      // Another lock's name is another lock.
      const held = one.withLock('a', 5_000, () => two.withLock('b', 5_000, async () => 'nested'));
      expect(await held).toBe('nested');
    });
  });
}
