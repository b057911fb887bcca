import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ChessBoard } from '../domain/chess-board.js';
import { GameService } from '../service/game-service.js';
import { MemoryGameStore } from './memory-store.js';
import type { GameStore } from './game-store.js';
import type { TimeSource } from '../schedule/time.js';
import { ROOKERY_APPLICATION_ID, SCHEMA_VERSION } from './sqlite-schema.js';
import { restoreActiveGames } from './sqlite-restore.js';
import { openSqliteStore, type SqliteGameStore } from './sqlite-store.js';
import { buildApp } from '../http/app.js';

const folder = mkdtempSync(join(tmpdir(), 'rookery-sqlite-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let fileCount = 0;
const opened: SqliteGameStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

const AT = '2026-11-21T17:10:00.000Z';

function freshPath(): string {
  return join(folder, `games-${fileCount++}.db`);
}

function open(path: string): SqliteGameStore {
  const result = openSqliteStore(path);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  opened.push(result.value);
  return result.value;
}

function hashOf(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A fixed clock, one second per call, so both stores see identical times. */
function steppingClock(): TimeSource {
  let tick = Date.parse('2026-11-21T17:00:00.000Z');
  return { now: () => (tick += 1000) };
}

/**
 * The same sequence of real service operations against any store: games waiting, active, finished by mate,
 * resignation, agreement and abort, with a draw offer left open. Returns the ids created, oldest first.
 */
async function playScript(store: GameStore): Promise<string[]> {
  const service = new GameService({ store, time: steppingClock() });
  const ids: string[] = [];
  const seat = async (name: string, color?: 'white' | 'black', gameId?: string) => {
    const id = gameId ?? ids.at(-1)!;
    const joined = await service.join(id, name, color);
    if (!joined.ok) throw new Error(joined.message);
    return { gameId: id, token: joined.value.token };
  };
  const create = async (fen?: string) => {
    const created = await service.create(fen);
    if (!created.ok) throw new Error(created.message);
    ids.push(created.value.id);
    return created.value.id;
  };
  const play = async (who: { gameId: string; token: string }, move: string) => {
    const moved = await service.move(who, move);
    if (!moved.ok) throw new Error(`${move}: ${moved.message}`);
  };
  // Fool's mate.
  await create();
  let white = await seat('alice');
  let black = await seat('bob');
  for (const [mover, move] of [
    [white, 'f3'],
    [black, 'e5'],
    [white, 'g4'],
    [black, 'Qh4#'],
  ] as const)
    await play(mover, move);
  // Resignation after a few moves.
  await create();
  black = await seat('carol', 'black');
  white = await seat('dave', 'white');
  await play(white, 'e2e4');
  await play(black, 'c7c5');
  await service.resign(white);
  // Agreement.
  await create();
  white = await seat('erin');
  black = await seat('frank');
  await play(white, 'd4');
  await service.draw(black, 'offer');
  await service.draw(white, 'accept');
  // Aborted.
  await create();
  white = await seat('gina');
  black = await seat('hal');
  await service.abort(black);
  // Active with an open draw offer, from a position, with a promotion.
  await create('8/P7/8/8/8/8/6k1/4K3 w - - 0 1');
  white = await seat('ivy');
  black = await seat('jon');
  await play(white, 'a8=Q');
  await service.draw(black, 'offer');
  // Waiting: one seat, and none.
  await create();
  await seat('kim', 'black');
  await create();
  return ids;
}

describe('SqliteGameStore keeps what the memory store keeps', () => {
  it('gives back the same records, pages and oldest waiting game after a real sequence of changes', async () => {
    const memory = new MemoryGameStore();
    const path = freshPath();
    const sqlite = open(path);
    const memoryIds = await playScript(memory);
    const sqliteIds = await playScript(sqlite);
    expect(sqliteIds).toHaveLength(memoryIds.length);

    // Ids are random, so compare game by game in creation order with ids and token hashes aligned.
    const normalise = async (store: GameStore, ids: string[]) =>
      Promise.all(
        ids.map(async (id, index) => {
          const record = (await store.get(id))!;
          return { ...record, id: index, seats: { white: record.seats.white?.name, black: record.seats.black?.name } };
        }),
      );
    expect(await normalise(sqlite, sqliteIds)).toEqual(await normalise(memory, memoryIds));

    // And it survives closing and reopening, token hashes included.
    const before = await Promise.all(sqliteIds.map((id) => sqlite.get(id)));
    await sqlite.close();
    const reopened = open(path);
    expect(await Promise.all(sqliteIds.map((id) => reopened.get(id)))).toEqual(before);

    for (const status of [undefined, 'waiting', 'active', 'finished'] as const) {
      const pagesOf = async (store: GameStore) => {
        const rows = [];
        let cursor: string | undefined;
        do {
          const page = await store.list({ ...(status ? { status } : {}), limit: 2, ...(cursor ? { cursor } : {}) });
          rows.push(...page.games.map((game) => ({ ...game, id: undefined })));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return rows;
      };
      const rows = await pagesOf(reopened);
      expect(rows).toEqual(await pagesOf(memory));
      expect(rows.length).toBeGreaterThan(0);
    }
    const waitingIndex = sqliteIds.indexOf((await reopened.waitingGames({ limit: 1 }))[0]!.id);
    expect(waitingIndex).toBe(memoryIds.indexOf((await memory.waitingGames({ limit: 1 }))[0]!.id));
    expect(waitingIndex).toBe(5);
    expect(reopened.finishedGameIds()).toEqual(sqliteIds.slice(0, 4));
  });

  it('writes only the new moves of a change, and refuses a write that would go back in time', async () => {
    const path = freshPath();
    const store = open(path);
    const service = new GameService({ store });
    const gameId = await service.create();
    if (!gameId.ok) throw new Error('create');
    const id = gameId.value.id;
    const white = await service.join(id, 'w');
    const black = await service.join(id, 'b');
    if (!white.ok || !black.ok) throw new Error('join');
    await service.move({ gameId: id, token: white.value.token }, 'e4');
    const afterE4 = (await store.get(id))!;
    await service.move({ gameId: id, token: black.value.token }, 'e5');

    const peek = new Database(path, { readonly: true });
    const rows = () => peek.prepare('SELECT ply, uci, san FROM moves WHERE game_id = ? ORDER BY ply').all(id);
    expect(rows()).toEqual([
      { ply: 0, uci: 'e2e4', san: 'e4' },
      { ply: 1, uci: 'e7e5', san: 'e5' },
    ]);
    // A change computed over a stale record (the state after e4) must not overwrite the newer one.
    const stale = ChessBoard.fromRecord(afterE4);
    expect(stale.move('black', 'd5', AT).ok).toBe(true);
    expect(await store.commit(stale.takeChange()!)).toMatchObject({ ok: false, code: 'version_conflict' });
    // A change that would skip or lose moves must not either, even over the current version.
    const current = ChessBoard.fromRecord((await store.get(id))!);
    expect(current.move('white', 'Nf3', AT).ok).toBe(true);
    const change = current.takeChange()!;
    await expect(store.commit({ ...change, newMoves: [] })).rejects.toThrow(/moves start at ply 3, the file has 2/);
    expect(rows()).toHaveLength(2);
    expect((await store.get(id))!.version).toBe(4);
    peek.close();
  });

  it('lets the service evict idle games and bring them back from the file on the next request', async () => {
    const file = open(freshPath());
    // The real store, with its reads counted.
    const reads: string[] = [];
    const store: GameStore = Object.assign(Object.create(file) as SqliteGameStore, {
      get: (id: string) => {
        reads.push(id);
        return file.get(id);
      },
    });
    const service = new GameService({ store, cacheSize: 2 });
    const games = [];
    for (let index = 0; index < 5; index++) {
      const created = await service.create();
      if (!created.ok) throw new Error('create');
      const id = created.value.id;
      const white = await service.join(id, 'w');
      const black = await service.join(id, 'b');
      if (!white.ok || !black.ok) throw new Error('join');
      const moved = await service.move({ gameId: id, token: white.value.token }, 'Nf3');
      if (!moved.ok) throw new Error(moved.message);
      games.push({ id, state: moved.value, black: { gameId: id, token: black.value.token } });
    }
    // The first games fell out of the two-board cache long ago; they come back whole and playable.
    expect(reads).toEqual([]);
    for (const game of games) {
      const state = await service.state(game.id);
      expect(reads.at(-1)).toBe(game.id);
      expect(state.ok && state.value).toEqual(game.state);
      const reply = await service.move(game.black, 'Nf6');
      expect(reply.ok && reply.value.uci).toEqual(['g1f3', 'g8f6']);
    }
  });

  it('restores exactly the active games at start, newest first, and goes on past one that fails', async () => {
    const path = freshPath();
    const ids = await playScript(open(path));
    // playScript leaves one active game (index 4); add more so that paging and the limit are exercised.
    const service = new GameService({ store: opened.at(-1)! });
    const extra: string[] = [];
    for (let index = 0; index < 3; index++) {
      const created = await service.create();
      if (!created.ok) throw new Error('create');
      await service.join(created.value.id, 'x');
      await service.join(created.value.id, 'y');
      extra.push(created.value.id);
    }
    const store = opened.at(-1)!;
    const rebuilt: string[] = [];
    const errors: string[] = [];
    const report = await restoreActiveGames(
      store,
      (id) => {
        if (id === extra[1]) throw new Error('broken record');
        rebuilt.push(id);
      },
      { limit: 100, onError: (id) => errors.push(id) },
    );
    expect(report).toEqual({ restored: 3, failed: 1 });
    expect(errors).toEqual([extra[1]]);
    expect(rebuilt.sort()).toEqual([ids[4]!, extra[0]!, extra[2]!].sort());
    expect(await restoreActiveGames(store, () => {}, { limit: 2 })).toEqual({ restored: 2, failed: 0 });
    expect(await restoreActiveGames(store, () => {}, { limit: 9, isStopping: () => true })).toEqual({
      restored: 0,
      failed: 0,
    });
  });

  it('opens :memory: for throwaway runs and keeps nothing on disk', async () => {
    const result = openSqliteStore(':memory:');
    if (!result.ok) throw new Error(result.message);
    opened.push(result.value);
    const service = new GameService({ store: result.value });
    const created = await service.create();
    expect(created.ok && (await result.value.get(created.value.id))?.id).toBe(created.ok && created.value.id);
    expect(existsSync(':memory:')).toBe(false);
  });
});

describe('a failed write is not acknowledged and not kept in memory', () => {
  it('answers 503 unavailable, rolls the whole change back on disk, and the game goes on from the stored state', async () => {
    const path = freshPath();
    const store = open(path);
    const app = await buildApp({ store });
    const post = (url: string, body: unknown, token?: string) =>
      app.inject({
        method: 'POST',
        url,
        payload: body as object,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const white = (await post('/api/join', { name: 'w' })).json();
    const gameId: string = white.gameId;
    const black = (await post(`/api/games/${gameId}/join`, { name: 'b' })).json();
    expect((await post(`/api/games/${gameId}/move`, { move: 'e4' }, white.token)).statusCode).toBe(200);

    // Another connection adds a trigger that fails the insert of the next move's row: the game row is updated
    // first in the same transaction, so this proves the transaction, not just the statement, rolls back.
    const saboteur = new Database(path);
    saboteur.exec(`CREATE TRIGGER fail_second_move BEFORE INSERT ON moves WHEN NEW.ply = 1
                   BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const failed = await post(`/api/games/${gameId}/move`, { move: 'e5', ply: 1 }, black.token);
    expect(failed.statusCode).toBe(503);
    expect(failed.json().error.code).toBe('unavailable');
    expect(saboteur.prepare('SELECT count(*) FROM moves WHERE game_id = ?').pluck().get(gameId)).toBe(1);
    expect(saboteur.prepare('SELECT version, plies FROM games WHERE id = ?').get(gameId)).toEqual({
      version: 3,
      plies: 1,
    });

    // Not in memory either: the next answer comes from the store and shows the position before e5.
    const status = (await app.inject({ method: 'GET', url: `/api/games/${gameId}/status` })).json();
    expect(status.uci).toEqual(['e2e4']);
    expect(status.version).toBe(3);
    expect(status.turn).toBe('black');

    // The disk recovers: the same move with the same ply now goes through, once.
    saboteur.exec('DROP TRIGGER fail_second_move');
    saboteur.close();
    const retried = await post(`/api/games/${gameId}/move`, { move: 'e5', ply: 1 }, black.token);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().uci).toEqual(['e2e4', 'e7e5']);
    expect((await store.get(gameId))!.moves.map((move) => move.uci)).toEqual(['e2e4', 'e7e5']);
    await app.close();
  });

  it('answers 503 when the disk refuses every write (a read-only file), and creates nothing', async () => {
    const path = freshPath();
    await open(path).close();
    // A read-only connection is what a full or read-only disk looks like to the service: every write throws.
    const readOnly = openSqliteStore(path, { readOnly: true });
    if (!readOnly.ok) throw new Error(readOnly.message);
    const app = await buildApp({ store: readOnly.value });
    const created = await app.inject({ method: 'POST', url: '/api/games' });
    expect(created.statusCode).toBe(503);
    expect(created.json().error.code).toBe('unavailable');
    expect((await app.inject({ method: 'GET', url: '/api/games' })).json().games).toEqual([]);
    await app.close();
  });
});

describe('opening refuses files it must not touch, and leaves them as they were', () => {
  it('refuses a file that is not a SQLite database', () => {
    const path = freshPath();
    writeFileSync(path, 'name,score\nalice,3\n'.repeat(200));
    const before = hashOf(path);
    const result = openSqliteStore(path);
    expect(result).toMatchObject({ ok: false, code: 'not_a_database' });
    expect(!result.ok && result.message).toMatch(/is not a Rookery data file/);
    expect(hashOf(path)).toBe(before);
    expect(existsSync(`${path}-lock`)).toBe(false);
  });

  it("refuses another application's SQLite database", () => {
    const path = freshPath();
    const other = new Database(path);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    other.close();
    const before = hashOf(path);
    const result = openSqliteStore(path);
    expect(result).toMatchObject({ ok: false, code: 'foreign_file' });
    expect(!result.ok && result.message).toMatch(/another application/);
    expect(hashOf(path)).toBe(before);
    expect(existsSync(`${path}-lock`)).toBe(false);
  });

  it('refuses a file written by a newer Rookery', async () => {
    const path = freshPath();
    await open(path).close();
    const future = new Database(path);
    future.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    future.pragma('journal_mode = DELETE');
    future.close();
    const before = hashOf(path);
    const result = openSqliteStore(path);
    expect(result).toMatchObject({ ok: false, code: 'newer_schema' });
    expect(!result.ok && result.message).toMatch(new RegExp(`version ${SCHEMA_VERSION + 1}`));
    expect(hashOf(path)).toBe(before);
  });

  it('refuses a damaged file', async () => {
    const path = freshPath();
    const store = open(path);
    await playScript(store);
    await store.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    expect(bytes.length).toBeGreaterThan(pageSize * 3);
    // Overwrite the third page (a table's b-tree page) with noise.
    bytes.fill(0xa5, pageSize * 2, pageSize * 3);
    writeFileSync(path, bytes);
    const before = hashOf(path);
    const result = openSqliteStore(path);
    expect(result).toMatchObject({ ok: false, code: 'corrupted' });
    expect(!result.ok && result.message).toMatch(/is damaged/);
    expect(hashOf(path)).toBe(before);
  });

  it('lets one store at a time use a file, and the next one in as soon as it closes', async () => {
    const path = freshPath();
    const first = open(path);
    const second = openSqliteStore(path);
    expect(second).toMatchObject({ ok: false, code: 'locked' });
    expect(!second.ok && second.message).toMatch(/Another Rookery server is already using/);
    await first.close();
    expect(open(path).path).toBe(path);
  });

  it('takes an empty file as a new data file and marks it as Rookery', async () => {
    const path = freshPath();
    writeFileSync(path, '');
    await open(path).close();
    const peek = new Database(path, { readonly: true });
    expect(peek.pragma('application_id', { simple: true })).toBe(ROOKERY_APPLICATION_ID);
    expect(peek.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(peek.pragma('journal_mode', { simple: true })).toBe('wal');
    peek.close();
  });

  it('creates missing folders on the way to the file', () => {
    const path = join(folder, 'nested', 'deeper', 'rookery.db');
    open(path);
    expect(existsSync(path)).toBe(true);
  });
});
