/**
 * Group commit on SQLite (issue "Core v2", point 2): changes that finish in the same turn of the event loop share
 * one transaction and one fsync, and still no answer leaves before its own change is committed. "Committed" is
 * checked from outside the server's own connection: a second, independent connection to the same file must already
 * see the change at the moment the answer is sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { buildApp } from '../server/http/app.js';
import { GameService } from '../server/service/game-service.js';
import { openSqliteStore, type SqliteGameStore } from '../server/store/sqlite-store.js';

const folder = mkdtempSync(join(tmpdir(), 'rookery-group-commit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

function openStore(): { store: SqliteGameStore; path: string } {
  const path = join(folder, `games-${files++}.db`);
  const opened = openSqliteStore(path);
  if (!opened.ok) throw new Error(opened.message);
  return { store: opened.value, path };
}

/** N games with both seats taken, through the service; the seat credentials of each. */
async function seatedGames(service: GameService, count: number) {
  const games = [];
  for (let index = 0; index < count; index++) {
    const created = await service.create();
    if (!created.ok) throw new Error(created.message);
    const white = await service.join(created.value.id, `w${index}`, 'white');
    const black = await service.join(created.value.id, `b${index}`, 'black');
    if (!white.ok || !black.ok) throw new Error('join');
    games.push({ id: created.value.id, white: white.value, black: black.value });
  }
  return games;
}

describe('group commit', () => {
  it('writes the moves of 24 games that arrive together in one transaction, and answers none before it', async () => {
    const { store, path } = openStore();
    const service = new GameService({ store });
    const games = await seatedGames(service, 24);
    const witness = new Database(path, { readonly: true });
    const storedVersion = witness.prepare<[string], number>('SELECT version FROM games WHERE id = ?').pluck();
    try {
      const before = store.groupCommitStats();
      const answered: boolean[] = games.map(() => false);
      const seenByWitness: (number | undefined)[] = [];
      // All 24 moves start in this turn of the event loop.
      const moves = games.map((game, index) =>
        service.move({ gameId: game.id, token: game.white.token }, 'e4', 0).then((moved) => {
          answered[index] = true;
          if (!moved.ok) throw new Error(moved.message);
          // The moment the answer is ready: an independent connection must already see this version.
          seenByWitness[index] = storedVersion.get(game.id);
          return moved.value;
        }),
      );
      // Nothing is answered while the batch has not been written (it is written at the end of this turn).
      await Promise.resolve();
      await Promise.resolve();
      expect(answered.some(Boolean)).toBe(false);
      expect(store.groupCommitStats()).toEqual(before);

      const states = await Promise.all(moves);
      const after = store.groupCommitStats();
      expect(after.transactions - before.transactions).toBe(1);
      expect(after.writes - before.writes).toBe(24);
      states.forEach((state, index) => {
        expect(state.version).toBe(3);
        expect(seenByWitness[index]).toBe(state.version);
      });
    } finally {
      witness.close();
      await service.close();
    }
  });

  it('over HTTP: every answer of many concurrent moves is on disk when it is sent, in fewer transactions than moves', async () => {
    const { store, path } = openStore();
    const app = await buildApp({ store });
    const witness = new Database(path, { readonly: true });
    const storedVersion = witness.prepare<[string], number>('SELECT version FROM games WHERE id = ?').pluck();
    const checked: { id: string; answered: number; stored: number | undefined }[] = [];
    // Just before each move's answer leaves: what does the file say?
    app.addHook('onSend', async (request, _reply, payload) => {
      if (
        request.method === 'POST' &&
        request.url.endsWith('/move') &&
        (Buffer.isBuffer(payload) || typeof payload === 'string')
      ) {
        const state = JSON.parse(payload.toString()) as GameState;
        checked.push({ id: state.id, answered: state.version, stored: storedVersion.get(state.id) });
      }
      return payload;
    });
    try {
      const games: { id: string; white: string; black: string }[] = [];
      for (let index = 0; index < 20; index++) {
        const created = (await app.inject({ method: 'POST', url: '/api/games' })).json<GameState>();
        const seat = (name: string) =>
          app
            .inject({ method: 'POST', url: `/api/games/${created.id}/join`, payload: { name } })
            .then((answer) => answer.json<JoinResult>().token);
        games.push({ id: created.id, white: await seat(`w${index}`), black: await seat(`b${index}`) });
      }
      const before = store.groupCommitStats();
      const move = (game: (typeof games)[number], token: string, text: string, ply: number) =>
        app.inject({
          method: 'POST',
          url: `/api/games/${game.id}/move`,
          headers: { authorization: `Bearer ${token}` },
          payload: { move: text, ply },
        });
      for (const [text, ply] of [
        ['e4', 0],
        ['e5', 1],
        ['Nf3', 2],
      ] as const) {
        const answers = await Promise.all(
          games.map((game) => move(game, ply % 2 ? game.black : game.white, text, ply)),
        );
        for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
      }
      const after = store.groupCommitStats();
      expect(after.writes - before.writes).toBe(60);
      expect(after.transactions - before.transactions).toBeLessThan(60);
      expect(checked).toHaveLength(60);
      for (const entry of checked) expect(entry.stored, entry.id).toBe(entry.answered);
    } finally {
      witness.close();
      await app.close();
    }
  });

  it('undoes only the change whose base version is stale; the rest of its batch commits', async () => {
    const { store, path } = openStore();
    const service = new GameService({ store });
    const [first, second] = await seatedGames(service, 2);
    const witness = new Database(path, { readonly: true });
    try {
      const record = (await store.get(first!.id))!;
      const { ChessBoard } = await import('../server/domain/chess-board.js');
      const stale = ChessBoard.fromRecord(record);
      const current = ChessBoard.fromRecord(record);
      const other = ChessBoard.fromRecord((await store.get(second!.id))!);
      const now = '2026-11-21T17:30:00.000Z';
      expect(
        current.move('white', 'd4', now).ok && stale.move('white', 'c4', now).ok && other.move('white', 'e4', now).ok,
      ).toBe(true);
      // Three changes in one turn: the second is computed over the version the first replaces.
      const results = await Promise.all([
        store.commit(current.takeChange()!),
        store.commit(stale.takeChange()!),
        store.commit(other.takeChange()!),
      ]);
      expect(results.map((result) => (result.ok ? 'ok' : result.code))).toEqual(['ok', 'version_conflict', 'ok']);
      const moves = witness.prepare('SELECT game_id, uci FROM moves ORDER BY game_id, ply').all();
      expect(moves).toEqual(
        [
          { game_id: first!.id, uci: 'd2d4' },
          { game_id: second!.id, uci: 'e2e4' },
        ].sort((a, b) => (a.game_id < b.game_id ? -1 : 1)),
      );
    } finally {
      witness.close();
      await service.close();
    }
  });
});
