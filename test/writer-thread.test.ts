/**
 * The SQLite writer thread of the compiled build (server/store/sqlite-writer-thread.ts, what `npm start` runs):
 * batches of changes are written on their own thread, each answered only once its COMMIT returned there, and
 * changes that arrive while a batch is being written go together in the next one. The source-tree suites write on
 * the store's own thread (Node 20 cannot load TypeScript in a worker thread); this suite loads dist/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type * as ServiceModule from '../server/service/game-service.js';
import type * as StoreModule from '../server/store/sqlite-store.js';
import { compiled } from './support/compiled.js';

const folder = mkdtempSync(join(tmpdir(), 'rookery-writer-thread-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function load() {
  const store = (await import(pathToFileURL(compiled('server/store/sqlite-store.ts')).href)) as typeof StoreModule;
  const service = (await import(
    pathToFileURL(compiled('server/service/game-service.ts')).href
  )) as typeof ServiceModule;
  return { ...store, ...service };
}

describe('the writer thread (compiled build)', () => {
  it('commits on its own thread: every answer is on disk when it resolves, and moves arriving together share one commit', async () => {
    const { openSqliteStore, GameService } = await load();
    const path = join(folder, 'threaded.db');
    const opened = openSqliteStore(path);
    if (!opened.ok) throw new Error(opened.message);
    const store = opened.value;
    const service = new GameService({ store });
    const witness = new Database(path, { readonly: true });
    const storedVersion = witness.prepare<[string], number>('SELECT version FROM games WHERE id = ?').pluck();
    try {
      const games = [];
      for (let index = 0; index < 24; index++) {
        const created = await service.create();
        if (!created.ok) throw new Error(created.message);
        const white = await service.join(created.value.id, `w${index}`, 'white');
        const black = await service.join(created.value.id, `b${index}`, 'black');
        if (!white.ok || !black.ok) throw new Error('join');
        games.push({ id: created.value.id, token: white.value.token });
      }
      const before = store.groupCommitStats();
      const seen: (number | undefined)[] = [];
      const answered: boolean[] = [];
      const moves = games.map((game, index) =>
        service.move({ gameId: game.id, token: game.token }, 'e4', 0).then((moved) => {
          answered[index] = true;
          if (!moved.ok) throw new Error(moved.message);
          seen[index] = storedVersion.get(game.id);
          return moved.value;
        }),
      );
      // The batch is on the other thread: nothing is answered before that thread's COMMIT.
      await new Promise((resolve) => setImmediate(resolve));
      expect(answered.some(Boolean)).toBe(false);
      const states = await Promise.all(moves);
      const after = store.groupCommitStats();
      expect(after.writes - before.writes).toBe(24);
      expect(after.transactions - before.transactions).toBe(1);
      states.forEach((state, index) => {
        expect(seen[index]).toBe(state.version);
      });
    } finally {
      witness.close();
      await service.close();
    }
    // Closed cleanly: the log folded back into the file, and everything is there on reopening.
    const reopened = openSqliteStore(path);
    if (!reopened.ok) throw new Error(reopened.message);
    expect((await reopened.value.list({ status: 'active', limit: 50 })).games.every((game) => game.plies === 1)).toBe(
      true,
    );
    await reopened.value.close();
  });

  it('fills the next batch while one is being written, and refuses a stale change alone', async () => {
    const { openSqliteStore, GameService } = await load();
    const path = join(folder, 'pipelined.db');
    const opened = openSqliteStore(path);
    if (!opened.ok) throw new Error(opened.message);
    const store = opened.value;
    const service = new GameService({ store });
    try {
      const created = await service.create();
      if (!created.ok) throw new Error(created.message);
      // Changes arriving turn after turn while batches are in flight: far fewer transactions than changes.
      const before = store.groupCommitStats();
      const joins = [];
      for (let index = 0; index < 40; index++) {
        joins.push(service.create());
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const joined of await Promise.all(joins)) expect(joined.ok).toBe(true);
      const after = store.groupCommitStats();
      expect(after.writes - before.writes).toBe(40);
      expect(after.transactions - before.transactions).toBeLessThan(40);
    } finally {
      await service.close();
    }
  });
});
