/**
 * Whole games and the API's guarantees over HTTP (the real app via `inject`, and a real port where concurrency
 * matters): endings, special moves, draws, pairing, the ply guard, polling, PGN, OpenAPI and token secrecy.
 */
import { Chess } from 'chess.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameList, GameState, JoinResult } from '../shared/api-schema.js';
import { Api, expectError, type SeatedGame } from './fixtures/inject-api.js';

const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';
const KNIGHT_DANCE = ['Nf3', 'Nf6', 'Ng1', 'Ng8'];

let api: Api;
/** Every token handed out in this file, to prove none ever shows up where it must not. */
const tokens: string[] = [];

beforeAll(async () => {
  api = await Api.start({}, { keepBodies: true });
});
afterAll(async () => {
  expect(api.serverErrors()).toEqual([]);
  await api.close();
});

async function seated(fen?: string): Promise<SeatedGame> {
  const game = await api.seatedGame(fen);
  tokens.push(game.white, game.black);
  return game;
}

function outcome(state: GameState) {
  return { status: state.status, result: state.result, termination: state.termination, winner: state.winner };
}

describe('games to their end', () => {
  it("Scholar's mate: 1-0 by checkmate, no legal moves left", async () => {
    const game = await seated();
    const state = await api.play(game, ['e4', 'e5', 'Qh5', 'Nc6', 'Bc4', 'Nf6', 'Qxf7#']);
    expect(outcome(state)).toEqual({ status: 'finished', result: '1-0', termination: 'checkmate', winner: 'white' });
    expect(state.legalMoves).toEqual([]);
    expect(state.check).toBe(true);
    expect(state.moves).toEqual(['e4', 'e5', 'Qh5', 'Nc6', 'Bc4', 'Nf6', 'Qxf7#']);
    expect(state.uci).toEqual(['e2e4', 'e7e5', 'd1h5', 'b8c6', 'f1c4', 'g8f6', 'h5f7']);
    expect(state.lastMove).toEqual({ from: 'h5', to: 'f7', san: 'Qxf7#', uci: 'h5f7' });
    expect(state.fen).toBe('r1bqkb1r/pppp1Qpp/2n2n2/4p3/2B1P3/8/PPPP1PPP/RNB1K1NR b KQkq - 0 4');
    expect(await api.status(game.id)).toEqual(state);
  });

  it('stalemate from a FEN (constructed K+Q v K)', async () => {
    const game = await seated('7k/5K2/8/6Q1/8/8/8/8 w - - 0 1');
    const state = await api.play(game, ['Qg6']);
    expect(outcome(state)).toEqual({ status: 'finished', result: '1/2-1/2', termination: 'stalemate', winner: null });
    expect(state.check).toBe(false);
    expect(state.legalMoves).toEqual([]);
  });

  it('insufficient material ends the game (K+B v K after the last pawn falls)', async () => {
    const game = await seated('4k3/8/8/8/8/8/3p4/4KB2 w - - 0 1');
    const state = await api.play(game, ['Kxd2']);
    expect(outcome(state)).toEqual({
      status: 'finished',
      result: '1/2-1/2',
      termination: 'insufficient_material',
      winner: null,
    });
  });

  it('resign: the opponent wins', async () => {
    const game = await seated();
    await api.play(game, ['e4']);
    const answer = await api.post<GameState>(`/api/games/${game.id}/resign`, { token: game.black });
    expect(answer.status).toBe(200);
    expect(outcome(answer.body)).toEqual({
      status: 'finished',
      result: '1-0',
      termination: 'resignation',
      winner: 'white',
    });
    expect(answer.body.version).toBe(game.state.version + 1);
  });

  it('abort before both sides moved: finished, result *, termination aborted', async () => {
    const game = await seated();
    await api.play(game, ['d4']);
    const answer = await api.post<GameState>(`/api/games/${game.id}/abort`, { token: game.black });
    expect(answer.status).toBe(200);
    expect(outcome(answer.body)).toEqual({ status: 'finished', result: '*', termination: 'aborted', winner: null });
    expect(answer.body.legalMoves).toEqual([]);
  });
});

describe('special moves', () => {
  it('castling both sides for both colours', async () => {
    const fen = 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQkq - 0 1';
    const first = await seated(fen);
    const kingSide = await api.play(first, ['O-O', 'e8c8']);
    expect(kingSide.fen).toBe('2kr3r/pppppppp/8/8/8/8/PPPPPPPP/R4RK1 w - - 2 2');
    expect(kingSide.moves).toEqual(['O-O', 'O-O-O']);
    expect(kingSide.uci).toEqual(['e1g1', 'e8c8']);

    const second = await seated(fen);
    const queenSide = await api.play(second, ['e1c1', '0-0']);
    expect(queenSide.fen).toBe('r4rk1/pppppppp/8/8/8/8/PPPPPPPP/2KR3R w - - 2 2');
    expect(queenSide.moves).toEqual(['O-O-O', 'O-O']);
  });

  it('castling is refused through check with the legal moves listed', async () => {
    const game = await seated('5rk1/8/8/8/8/8/8/4K2R w K - 0 1');
    const answer = await api.post(`/api/games/${game.id}/move`, { body: { move: 'O-O' }, token: game.white });
    const error = expectError(answer, 422, 'illegal_move');
    expect(error['legalMoves']).not.toContain('e1g1');
  });

  it('en passant', async () => {
    const game = await seated();
    const before = await api.play(game, ['e4', 'a6', 'e5', 'd5']);
    expect(before.fen).toBe('rnbqkbnr/1pp1pppp/p7/3pP3/8/8/PPPP1PPP/RNBQKBNR w KQkq d6 0 3');
    expect(before.legalMoves).toContain('e5d6');
    const after = await api.play(game, ['e5d6']);
    expect(after.lastMove).toEqual({ from: 'e5', to: 'd6', san: 'exd6', uci: 'e5d6' });
    expect(after.fen).toBe('rnbqkbnr/1pp1pppp/p2P4/8/8/8/PPPP1PPP/RNBQKBNR b KQkq - 0 3');
  });

  const promotions = [
    { move: 'e7e8q', uci: 'e7e8q', san: 'e8=Q+' },
    { move: 'e7e8r', uci: 'e7e8r', san: 'e8=R+' },
    { move: 'e8=B', uci: 'e7e8b', san: 'e8=B' },
    { move: 'e8N', uci: 'e7e8n', san: 'e8=N' },
  ];
  it.each(promotions)('promotion $move -> $san ($uci)', async ({ move, uci, san }) => {
    // Constructed: the black king on a8 is checked along the 8th rank by a new queen or rook only.
    const game = await seated('k7/4P2p/8/8/8/8/8/4K3 w - - 0 1');
    const state = await api.play(game, [move]);
    expect(state.uci).toEqual([uci]);
    expect(state.moves).toEqual([san]);
    expect(state.check).toBe(san.endsWith('+'));
    expect(state.fen.split('/')[0]).toBe(`k3${uci[4]!.toUpperCase()}3`);
  });
});

describe('draws', () => {
  it('threefold repetition: claimable, the game goes on without a claim, the side to move claims', async () => {
    const game = await seated();
    const twice = await api.play(game, KNIGHT_DANCE);
    expect(twice.canClaimDraw).toBe(false);
    const thrice = await api.play(game, KNIGHT_DANCE);
    expect(thrice.canClaimDraw).toBe(true);
    expect(thrice.status).toBe('active');

    // Going on without a claim is allowed; the next repetition is claimable again.
    const goesOn = await api.play(game, ['Nf3']);
    expect(goesOn.status).toBe('active');
    const again = await api.play(game, ['Nf6', 'Ng1', 'Ng8']);
    expect(again.canClaimDraw).toBe(true);

    expectError(
      await api.post(`/api/games/${game.id}/draw`, { body: { action: 'claim' }, token: game.black }),
      409,
      'not_your_turn',
    );
    const claimed = await api.post<GameState>(`/api/games/${game.id}/draw`, {
      body: { action: 'claim' },
      token: game.white,
    });
    expect(claimed.status).toBe(200);
    expect(outcome(claimed.body)).toEqual({
      status: 'finished',
      result: '1/2-1/2',
      termination: 'threefold_repetition',
      winner: null,
    });
  });

  it('fifty-move rule: claimable at halfmove 100, the game goes on without a claim, then claimed', async () => {
    const game = await seated('4k3/8/8/8/8/8/8/R3K3 w - - 98 80');
    expect((await api.play(game, ['Ra2'])).canClaimDraw).toBe(false);
    const claimable = await api.play(game, ['Kd8']);
    expect(claimable.canClaimDraw).toBe(true);
    const goesOn = await api.play(game, ['Ra3']);
    expect(goesOn).toMatchObject({ status: 'active', canClaimDraw: true });
    const claimed = await api.post<GameState>(`/api/games/${game.id}/draw`, {
      body: { action: 'claim' },
      token: game.black,
    });
    expect(outcome(claimed.body)).toEqual({
      status: 'finished',
      result: '1/2-1/2',
      termination: 'fifty_move_rule',
      winner: null,
    });
  });

  it('fivefold repetition ends the game by itself', async () => {
    const game = await seated();
    const four = await api.play(game, [...KNIGHT_DANCE, ...KNIGHT_DANCE, ...KNIGHT_DANCE]);
    expect(four.status).toBe('active');
    const five = await api.play(game, KNIGHT_DANCE);
    expect(outcome(five)).toEqual({
      status: 'finished',
      result: '1/2-1/2',
      termination: 'fivefold_repetition',
      winner: null,
    });
  });

  it('the 75-move rule ends the game by itself (halfmove 149, then a quiet move)', async () => {
    const game = await seated('4k3/8/8/8/8/8/8/R3K3 w - - 149 80');
    const state = await api.play(game, ['Ra2']);
    expect(outcome(state)).toEqual({
      status: 'finished',
      result: '1/2-1/2',
      termination: 'seventy_five_move_rule',
      winner: null,
    });
  });

  it('draw offer, decline, offer cleared by a move, accept', async () => {
    const game = await seated();
    const base = `/api/games/${game.id}/draw`;
    const offered = await api.post<GameState>(base, { body: { action: 'offer' }, token: game.white });
    expect(offered.body.drawOffer).toBe('white');
    const declined = await api.post<GameState>(base, { body: { action: 'decline' }, token: game.black });
    expect(declined.body).toMatchObject({ drawOffer: null, status: 'active', version: offered.body.version + 1 });

    game.state = (await api.post<GameState>(base, { body: { action: 'offer' }, token: game.white })).body;
    await api.play(game, ['e4']);
    expect(game.state.drawOffer).toBe('white');
    await api.play(game, ['e5']); // black moves instead of answering
    expect(game.state.drawOffer).toBe(null);

    await api.post(base, { body: { action: 'offer' }, token: game.black });
    const accepted = await api.post<GameState>(base, { body: { action: 'accept' }, token: game.white });
    expect(outcome(accepted.body)).toEqual({
      status: 'finished',
      result: '1/2-1/2',
      termination: 'agreement',
      winner: null,
    });
  });
});

describe('on a fresh server: quick pairing and the lobby', () => {
  // A server of their own, so that no waiting game of another test is the oldest one.
  let own: Api;
  let pairedGame = '';
  let waitingGame = '';
  beforeAll(async () => {
    own = await Api.start();
  });
  afterAll(async () => {
    expect(own.serverErrors()).toEqual([]);
    await own.close();
  });

  it('quick pairing: the first two players share a game with opposite colours; the third waits in a new one', async () => {
    const joins: JoinResult[] = [];
    for (const name of ['ann', 'ben', 'cal']) {
      const answer = await own.post<JoinResult>('/api/join', { body: { name } });
      expect(answer.status).toBe(201);
      expect(answer.headers['location']).toBe(`/api/games/${answer.body.gameId}`);
      joins.push(answer.body);
      tokens.push(answer.body.token);
    }
    const [ann, ben, cal] = joins as [JoinResult, JoinResult, JoinResult];
    expect(ben.gameId).toBe(ann.gameId);
    expect(new Set([ann.color, ben.color])).toEqual(new Set(['white', 'black']));
    expect(ben.game.status).toBe('active');
    expect(ben.game.players).toEqual({ [ann.color]: { name: 'ann' }, [ben.color]: { name: 'ben' } });
    expect(cal.gameId).not.toBe(ann.gameId);
    expect(cal.game.status).toBe('waiting');
    expect((await own.status(ann.gameId)).status).toBe('active');
    const waiting = await own.get<GameList>('/api/games?status=waiting');
    expect(waiting.body.games.map((game) => game.id)).toEqual([cal.gameId]);
    pairedGame = ann.gameId;
    waitingGame = cal.gameId;
  });

  it('the lobby lists games newest first, filters by status, and pages', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) ids.push((await own.create()).id);
    const game = await own.seatedGame();
    tokens.push(game.white, game.black);
    const all = (await own.get<GameList>('/api/games')).body.games;
    expect(new Set(all.map((row) => row.id))).toEqual(new Set([pairedGame, waitingGame, ...ids, game.id]));
    // Newest first by creation time (games made within one millisecond may come in either order).
    for (let index = 1; index < all.length; index++) {
      expect(all[index - 1]!.createdAt >= all[index]!.createdAt).toBe(true);
    }
    const active = (await own.get<GameList>('/api/games?status=active')).body.games;
    expect(new Set(active.map((row) => row.id))).toEqual(new Set([pairedGame, game.id]));
    expect(active.find((row) => row.id === game.id)).toMatchObject({ status: 'active', plies: 0, turn: 'white' });
    // Pages of two, following nextCursor, give the same list.
    const paged: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = (await own.get<GameList>(`/api/games?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.games.length).toBeLessThanOrEqual(2);
      paged.push(...page.games.map((row) => row.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((row) => row.id));
  });
});

describe('the ply guard', () => {
  it('a stale ply is 409 stale_ply with the game; the own retry is 200 and the move is applied once', async () => {
    const game = await seated();
    const afterE4 = await api.play(game, ['e4']);
    const retry = await api.post<GameState>(`/api/games/${game.id}/move`, {
      body: { move: 'e4', ply: 0 },
      token: game.white,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(afterE4);

    const stale = await api.post(`/api/games/${game.id}/move`, { body: { move: 'd5', ply: 0 }, token: game.black });
    expect(expectError(stale, 409, 'stale_ply')['game']).toEqual(afterE4);

    const afterE5 = await api.play(game, ['e5']);
    // The retry still works once the opponent answered, and changes nothing.
    const lateRetry = await api.post<GameState>(`/api/games/${game.id}/move`, {
      body: { move: 'e4', ply: 0 },
      token: game.white,
    });
    expect(lateRetry.status).toBe(200);
    expect(lateRetry.body).toEqual(afterE5);
    expect(lateRetry.body.moves).toEqual(['e4', 'e5']);
  });

  it('concurrent submissions of one move with the same ply (inject) apply exactly one', async () => {
    const game = await seated();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        api.post<GameState>(`/api/games/${game.id}/move`, { body: { move: 'e2e4', ply: 0 }, token: game.white }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    const state = await api.status(game.id);
    expect(state.uci).toEqual(['e2e4']);
    expect(state.version).toBe(game.state.version + 1);
  });

  it('concurrent submissions over a real port apply exactly one; different moves get stale_ply', async () => {
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    const game = await seated();
    const send = (move: string) =>
      fetch(`${url}/api/games/${game.id}/move`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${game.white}` },
        body: JSON.stringify({ move, ply: 0 }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as GameState }));
    const answers = await Promise.all([...Array(8).fill('e2e4'), ...Array(8).fill('d2d4')].map(send));
    const state = await api.status(game.id);
    expect(state.uci).toHaveLength(1);
    expect(state.version).toBe(game.state.version + 1);
    const winner = state.uci[0]!;
    for (const [index, answer] of answers.entries()) {
      const sent = index < 8 ? 'e2e4' : 'd2d4';
      expect(answer.status).toBe(sent === winner ? 200 : 409);
    }
  });
});

describe('polling', () => {
  it('ETag and If-None-Match: 304 with no body while nothing changed, 200 after a change', async () => {
    const game = await seated();
    const first = await api.get(`/api/games/${game.id}/status`);
    const etag = String(first.headers['etag']);
    expect(etag).toBe(`"${game.id}-${game.state.version}"`);
    expect(first.headers['cache-control']).toBe('no-cache');
    const same = await api.get(`/api/games/${game.id}/status`, { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    await api.play(game, ['e4']);
    const changed = await api.get<GameState>(`/api/games/${game.id}/status`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers['etag']).toBe(`"${game.id}-${game.state.version}"`);
    expect(changed.body.moves).toEqual(['e4']);
  });

  it('a long poll wakes within 100 ms of a change', async () => {
    const game = await seated();
    const since = game.state.version;
    let answeredAt = 0;
    const poll = api.get<GameState>(`/api/games/${game.id}/status?since=${since}&wait=5`).then((answer) => {
      answeredAt = performance.now();
      return answer;
    });
    // Wait (by polling, not sleeping blindly) until the poll is registered with the service.
    const deadline = Date.now() + 5000;
    while (api.app.games.bus.listenerCount(game.id) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(answeredAt).toBe(0);
    // The moment of the change: the service publishes it once it is saved.
    let changedAt = 0;
    const unsubscribe = api.app.games.bus.subscribe(game.id, () => {
      changedAt ||= performance.now();
    });
    await api.play(game, ['e4']);
    const answer = await poll;
    unsubscribe();
    expect(answer.status).toBe(200);
    expect(answer.body.version).toBe(since + 1);
    expect(answer.body.moves).toEqual(['e4']);
    expect(changedAt).toBeGreaterThan(0);
    expect(answeredAt - changedAt).toBeLessThan(100);
  });

  it('a long poll with nothing happening answers the unchanged state when wait runs out', async () => {
    const game = await seated();
    const started = performance.now();
    const answer = await api.get<GameState>(`/api/games/${game.id}/status?since=${game.state.version}&wait=1`);
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(200);
    expect(answer.body.version).toBe(game.state.version);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000); // well short of the 30 s default: `wait` was honoured
  });

  it('a long poll whose version has already passed answers at once', async () => {
    const game = await seated();
    const started = performance.now();
    const answer = await api.get<GameState>(`/api/games/${game.id}/status?since=0&wait=5`);
    expect(answer.body.version).toBe(game.state.version);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('PGN', () => {
  const sevenTags = ['Event', 'Site', 'Date', 'Round', 'White', 'Black', 'Result'];

  function tagsOf(pgn: string): Record<string, string> {
    return Object.fromEntries(
      [...pgn.matchAll(/^\[(\w+) "((?:[^"\\]|\\.)*)"\]$/gmu)].map((match) => [match[1]!, match[2]!]),
    );
  }

  it('a standard game: Seven Tag Roster, Termination, and chess.js loads it to the same position', async () => {
    const game = await seated();
    const state = await api.play(game, ['e4', 'e5', 'Qh5', 'Nc6', 'Bc4', 'Nf6', 'Qxf7#']);
    const answer = await api.get(`/api/games/${game.id}/pgn`);
    expect(answer.status).toBe(200);
    expect(String(answer.headers['content-type'])).toMatch(/^application\/x-chess-pgn/u);
    const tags = tagsOf(answer.text);
    for (const tag of sevenTags) expect(tags[tag], tag).toBeTruthy();
    expect(Object.keys(tags).slice(0, 7)).toEqual(sevenTags);
    expect(tags).toMatchObject({ White: 'alice', Black: 'bob', Result: '1-0', Termination: 'normal' });
    expect(tags['Date']).toMatch(/^\d{4}\.\d\d\.\d\d$/u);
    expect(tags['SetUp']).toBeUndefined();

    const chess = new Chess();
    chess.loadPgn(answer.text);
    expect(chess.fen()).toBe(state.fen);
    expect(chess.history()).toEqual(state.moves);
  });

  it('a game from a FEN with black to move: SetUp and FEN tags, and chess.js reaches the same position', async () => {
    const fen = 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R b KQkq - 5 20';
    const game = await seated(fen);
    const state = await api.play(game, ['O-O', 'O-O-O', 'a5', 'Kb1']);
    await api.post(`/api/games/${game.id}/resign`, { token: game.black });
    const answer = await api.get(`/api/games/${game.id}/pgn`);
    const tags = tagsOf(answer.text);
    for (const tag of sevenTags) expect(tags[tag], tag).toBeTruthy();
    expect(tags).toMatchObject({ SetUp: '1', FEN: fen, Result: '1-0', Termination: 'normal' });
    expect(answer.text).toContain('20... O-O');

    const chess = new Chess();
    chess.loadPgn(answer.text);
    expect(chess.fen()).toBe(state.fen);
    expect(chess.history()).toEqual(state.moves);
  });

  it('an unfinished game with unusual names: tags escaped as PGN says, chess.js loads it', async () => {
    const game = await api.create();
    const white = await api.join(game.id, 'Zoë [the] {first}; a]b', 'white');
    const black = await api.join(game.id, 'bob', 'black');
    tokens.push(white.token, black.token);
    const seatedGame = { id: game.id, white: white.token, black: black.token, state: black.game };
    const state = await api.play(seatedGame, ['d4', 'd5', 'c4']);
    const answer = await api.get(`/api/games/${game.id}/pgn`);
    expect(tagsOf(answer.text)).toMatchObject({ Result: '*', Termination: 'unterminated' });
    const chess = new Chess();
    chess.loadPgn(answer.text);
    expect(chess.getHeaders()['White']).toBe('Zoë [the] {first}; a]b');
    expect(chess.fen()).toBe(state.fen);
  });

  it('quotes and backslashes in names are escaped (PGN standard 8.1.1.2)', async () => {
    // chess.js 1.4 cannot read an escaped quote in a tag value, so this is checked on the text itself.
    const game = await api.create();
    tokens.push((await api.join(game.id, 'O"Brien \\ x', 'white')).token);
    const answer = await api.get(`/api/games/${game.id}/pgn`);
    expect(answer.text).toContain('[White "O\\"Brien \\\\ x"]');
    expect(answer.text).toContain('[Black "?"]');
  });
});

describe('meta', () => {
  it('/healthz', async () => {
    const answer = await api.get('/healthz');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true });
  });

  it('/api/openapi.json is OpenAPI 3.1 and lists every /api route of API.md', async () => {
    const answer = await api.get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      '/api/openapi.json',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toMatch(/^3\.1\./u);
    const expected: [string, string][] = [
      ['post', '/api/games'],
      ['get', '/api/games'],
      ['post', '/api/join'],
      ['post', '/api/games/{id}/join'],
      ['post', '/api/games/{id}/move'],
      ['get', '/api/games/{id}/status'],
      ['post', '/api/games/{id}/resign'],
      ['post', '/api/games/{id}/draw'],
      ['post', '/api/games/{id}/abort'],
      ['get', '/api/games/{id}/pgn'],
      ['get', '/api/openapi.json'],
      ['get', '/healthz'],
    ];
    // The live feed is a WebSocket route, documented when it is registered.
    if (api.app.hasRoute({ method: 'GET', url: '/api/games/:id/events' }))
      expected.push(['get', '/api/games/{id}/events']);
    for (const [method, path] of expected) {
      expect(answer.body.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    for (const path of Object.keys(answer.body.paths)) expect(path).toMatch(/^\/(api\/|healthz$|readyz$)/u);
  });

  it('create answers 201 with a Location that serves the game', async () => {
    const created = await api.post<GameState>('/api/games');
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[A-Za-z0-9_-]{8,}$/u);
    const location = String(created.headers['location']);
    expect(location).toBe(`/api/games/${created.body.id}`);
    const served = await api.get<GameState>(location);
    expect(served.status).toBe(200);
    expect(served.body).toEqual(created.body);
    expect(created.body).toMatchObject({
      version: 0,
      status: 'waiting',
      result: '*',
      fen: START,
      moves: [],
      legalMoves: [],
      players: { white: null, black: null },
      clock: null,
    });
  });
});

describe('secrecy', () => {
  it('no token ever appears in a GameState, a listing, a PGN or an error', async () => {
    expect(tokens.length).toBeGreaterThan(20);
    // Touch every kind of public answer once more, then scan all answers of this file except the joins.
    await api.get('/api/games?limit=200');
    for (const answer of api.answers) {
      if (/\/join$/u.test(answer.url)) continue;
      for (const token of tokens) expect(answer.text.includes(token), `${answer.method} ${answer.url}`).toBe(false);
    }
    // A join answer shows its own token once, and only in the `token` field.
    const game = await api.create();
    const joined = await api.post<JoinResult>(`/api/games/${game.id}/join`, { body: { name: 'zed' } });
    const withoutToken = JSON.stringify({ ...joined.body, token: undefined });
    expect(withoutToken.includes(joined.body.token)).toBe(false);
    expect(joined.body.token).toMatch(/^[A-Za-z0-9_-]{22,}$/u);
  });
});
