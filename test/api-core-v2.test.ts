/**
 * What core v2 adds to the API (issue "Core v2", points 7 and 8): GameState's `initialFen` and `canAbort`, moves
 * read as people type them, and rematches in the service (`POST /api/games/{id}/rematch`) that survive a restart
 * and whose kept seat neither quick pairing nor a stranger can take.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { openSqliteStore } from '../server/store/sqlite-store.js';
import { Api, expectError, type SeatedGame } from './fixtures/inject-api.js';

const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';
const folder = mkdtempSync(join(tmpdir(), 'rookery-core-v2-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let api: Api;
afterEach(async () => {
  expect(api.serverErrors()).toEqual([]);
  await api.close();
});

/** A finished game (white resigned) between alice (white) and bob (black). */
async function finishedGame(fen?: string): Promise<SeatedGame> {
  const game = await api.seatedGame(fen);
  await api.play(game, [fen ? 'Kd2' : 'e4']);
  const resigned = await api.post<GameState>(`/api/games/${game.id}/resign`, { token: game.white });
  expect(resigned.status).toBe(200);
  game.state = resigned.body;
  return game;
}

describe('GameState: initialFen and canAbort', () => {
  it('carries the start position and whether a seated player may abort, so clients derive neither', async () => {
    api = await Api.start();
    const fromFen = '4k3/8/8/8/8/8/4P3/4K3 b - - 3 40';
    const created = await api.create(fromFen);
    expect(created.initialFen).toBe(fromFen);
    expect(created.canAbort).toBe(true);
    const game = await api.seatedGame();
    expect(game.state.initialFen).toBe(START);
    expect((await api.play(game, ['e4'])).canAbort).toBe(true);
    const both = await api.play(game, ['e5']);
    expect(both.canAbort).toBe(false);
    expect(both.initialFen).toBe(START);
    const refused = await api.post(`/api/games/${game.id}/abort`, { token: game.white });
    expectError(refused, 409, 'cannot_abort');
    // Documented: the OpenAPI document's GameState lists them as required.
    const document = (await api.get('/api/openapi.json')).text;
    const required = /"required":\[[^\]]*"canAbort"[^\]]*\]/u.exec(document)?.[0] ?? '';
    for (const field of ['initialFen', 'canAbort', 'timeControl', 'clock', 'rematch', 'rematchOf']) {
      expect(required).toContain(`"${field}"`);
    }
  });
});

describe('moves as people type them', () => {
  it.each([
    ['E2E4', 'e4'],
    ['e2-e4', 'e4'],
    ['e2 e4', 'e4'],
    ['nf3', 'Nf3'],
    ['Ng1-f3', 'Nf3'],
  ])('reads %s as %s (the same normaliser the web, terminal and bots use)', async (typed, san) => {
    api = await Api.start();
    const game = await api.seatedGame();
    const moved = await api.post<GameState>(`/api/games/${game.id}/move`, {
      body: { move: typed, ply: 0 },
      token: game.white,
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.moves).toEqual([san]);
    // The same text again with the same ply is the player's own retry: 200, applied once.
    const retried = await api.post<GameState>(`/api/games/${game.id}/move`, {
      body: { move: typed, ply: 0 },
      token: game.white,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.version).toBe(moved.body.version);
  });

  it('castles from 0-0 and promotes from e8q', async () => {
    api = await Api.start();
    const castle = await api.seatedGame('r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1');
    expect((await api.play(castle, ['0-0'])).moves).toEqual(['O-O']);
    const promote = await api.seatedGame('7k/4P3/8/8/8/8/8/4K3 w - - 0 1');
    expect((await api.play(promote, ['e8q'])).moves).toEqual(['e8=Q+']);
  });
});

describe('rematch', () => {
  it('the first to ask creates it with colours swapped from the same position; the other takes the kept seat', async () => {
    api = await Api.start();
    const fen = '4k3/8/8/8/8/8/4P3/4K3 w - - 0 1';
    const game = await finishedGame(fen);
    const asked = await api.post<JoinResult>(`/api/games/${game.id}/rematch`, { token: game.black });
    expect(asked.status, asked.text).toBe(201);
    expect(asked.headers['location']).toBe(`/api/games/${asked.body.gameId}`);
    expect(asked.body.color).toBe('white');
    expect(asked.body.game).toMatchObject({ status: 'waiting', initialFen: fen, rematchOf: game.id, rematch: null });
    expect(asked.body.game.players).toEqual({ white: { name: 'bob' }, black: null });

    // The old game now points at it, so the opponent learns of the offer by polling or from the feed.
    const old = await api.status(game.id);
    expect(old.rematch).toBe(asked.body.gameId);
    expect(old.version).toBe(game.state.version + 1);

    const answered = await api.post<JoinResult>(`/api/games/${game.id}/rematch`, { token: game.white });
    expect(answered.status, answered.text).toBe(201);
    expect(answered.body.gameId).toBe(asked.body.gameId);
    expect(answered.body.color).toBe('black');
    expect(answered.body.game.status).toBe('active');
    expect(answered.body.game.players).toEqual({ white: { name: 'bob' }, black: { name: 'alice' } });
    // Both new tokens work in the rematch, and only there.
    const rematch: SeatedGame = {
      id: asked.body.gameId,
      white: asked.body.token,
      black: answered.body.token,
      state: answered.body.game,
    };
    expect((await api.play(rematch, ['Kd2', 'Kd7'])).turn).toBe('white');
    expectError(await api.post(`/api/games/${game.id}/resign`, { token: asked.body.token }), 401, 'unauthorized');

    // Asking again is refused: the seat is already this player's.
    expectError(await api.post(`/api/games/${game.id}/rematch`, { token: game.black }), 409, 'color_taken');
  });

  it('keeps the seat: quick pairing passes the rematch by and a stranger cannot join it', async () => {
    api = await Api.start();
    const game = await finishedGame();
    const asked = await api.post<JoinResult>(`/api/games/${game.id}/rematch`, { token: game.white });
    expect(asked.status).toBe(201);
    const stranger = await api.post(`/api/games/${asked.body.gameId}/join`, { body: { name: 'mallory' } });
    expectError(stranger, 409, 'seat_reserved');
    const paired = await api.post<JoinResult>('/api/join', { body: { name: 'carol' } });
    expect(paired.status).toBe(201);
    expect(paired.body.gameId).not.toBe(asked.body.gameId);
    expect((await api.status(asked.body.gameId)).players).toEqual({ white: null, black: { name: 'alice' } });
  });

  it('is refused before the end, without a token, and when nobody played against you', async () => {
    api = await Api.start();
    const game = await api.seatedGame();
    expectError(await api.post(`/api/games/${game.id}/rematch`, { token: game.white }), 409, 'game_in_progress');
    expectError(await api.post(`/api/games/${game.id}/rematch`), 401, 'unauthorized');
    expectError(await api.post('/api/games/nosuchgame1/rematch', { token: game.white }), 404, 'game_not_found');
    const alone = await api.create();
    const seat = await api.join(alone.id, 'solo');
    expect((await api.post(`/api/games/${alone.id}/abort`, { token: seat.token })).status).toBe(200);
    expectError(await api.post(`/api/games/${alone.id}/rematch`, { token: seat.token }), 409, 'no_opponent');
  });

  it('survives a restart on SQLite: the link, the kept seat and the second player joining after it', async () => {
    const path = join(folder, 'rematch.db');
    const open = () => {
      const opened = openSqliteStore(path);
      if (!opened.ok) throw new Error(opened.message);
      return opened.value;
    };
    api = await Api.start({ store: open() });
    const game = await finishedGame();
    const asked = await api.post<JoinResult>(`/api/games/${game.id}/rematch`, { token: game.black });
    expect(asked.status).toBe(201);
    await api.close();

    api = await Api.start({ store: open() });
    expect((await api.status(game.id)).rematch).toBe(asked.body.gameId);
    expect((await api.status(asked.body.gameId)).rematchOf).toBe(game.id);
    expectError(
      await api.post(`/api/games/${asked.body.gameId}/join`, { body: { name: 'mallory' } }),
      409,
      'seat_reserved',
    );
    const paired = await api.post<JoinResult>('/api/join', { body: { name: 'carol' } });
    expect(paired.body.gameId).not.toBe(asked.body.gameId);
    const answered = await api.post<JoinResult>(`/api/games/${game.id}/rematch`, { token: game.white });
    expect(answered.status, answered.text).toBe(201);
    expect(answered.body.gameId).toBe(asked.body.gameId);
    expect(answered.body.game.status).toBe('active');
  });
});
