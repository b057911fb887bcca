/**
 * The UCI bridge with a real engine (Debian's Stockfish) and with a fake engine script that crashes or goes
 * silent (test/fixtures/fake-uci.mjs); then the bot's reactions in a real game: resigning cleanly after a second
 * engine failure, and the draw policy.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Chess } from 'chess.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playGame } from '../bots/play-game.js';
import { PlayerFailure, type Position } from '../bots/player.js';
import { RandomPlayer } from '../bots/random-player.js';
import { EngineError, UciEngine } from '../bots/uci-engine.js';
import { UciPlayer } from '../bots/uci-player.js';
import { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { activeGame, call, startLiveServer, type LiveServer } from './fixtures/live-server.js';

const STOCKFISH = '/usr/games/stockfish';
const FAKE = fileURLToPath(new URL('./fixtures/fake-uci.mjs', import.meta.url));
const hasStockfish = existsSync(STOCKFISH);

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'rookery-uci-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Environment for the fake engine: a mode, and a log file that counts its starts. */
function fakeEnv(mode: string, extra: Record<string, string> = {}) {
  const log = join(scratch, `${mode}-${Math.random().toString(36).slice(2)}.log`);
  return { env: { ...process.env, FAKE_UCI_MODE: mode, FAKE_UCI_LOG: log, ...extra }, starts: () => readStarts(log) };
}

function readStarts(log: string): number {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').length : 0;
}

/** A Position (what a Player decides on) for a FEN, without a server: chess.js supplies the legal moves. */
function positionOf(
  fen: string,
  moves: string[] = [],
  timing: Pick<GameState, 'timeControl' | 'clock'> | null = null,
): Position {
  const chess = new Chess(fen);
  for (const move of moves) chess.move(move);
  const state = {
    fen: chess.fen(),
    uci: moves,
    legalMoves: chess.moves({ verbose: true }).map((move) => move.lan),
    turn: chess.turn() === 'w' ? 'white' : 'black',
    status: 'active',
    timeControl: timing?.timeControl ?? null,
    clock: timing?.clock ?? null,
  } as unknown as GameState;
  return { state, initialFen: fen, color: state.turn, receivedAt: performance.now() };
}

describe.skipIf(!hasStockfish)('UCI bridge with Stockfish', () => {
  it('handshakes, then searches from the start and from a FEN with moves', async () => {
    const engine = await UciEngine.start({ path: STOCKFISH });
    try {
      expect(engine.name).toMatch(/Stockfish/);
      await engine.newGame();
      const opening = await engine.search({ initialFen: null, moves: ['e2e4'] }, { movetime: 30 });
      const chess = new Chess();
      chess.move('e2e4');
      expect(chess.moves({ verbose: true }).map((move) => move.lan)).toContain(opening.bestMove);
      expect(opening.score?.kind).toBe('cp');

      // From a set-up position with black to move: after the knight's move, Re1-e8 is mate on the back rank.
      const fen = '6k1/5ppp/8/8/8/8/n7/4R1K1 b - - 0 1';
      const mate = await engine.search({ initialFen: fen, moves: ['a2c3'] }, { depth: 6 });
      expect(mate).toEqual({ bestMove: 'e1e8', score: { kind: 'mate', value: 1 } });
    } finally {
      await engine.quit();
    }
    expect(engine.isRunning).toBe(false);
  });

  it('accepts a draw only in a level position', async () => {
    const player = await UciPlayer.start({ path: STOCKFISH, movetime: 50 });
    try {
      await player.newGame();
      // Bare kings and symmetric pawns: level. Two queens against a bare king: a mate in sight.
      expect(await player.acceptsDraw(positionOf('4k3/pp6/8/8/8/8/PP6/4K3 w - - 0 1'))).toBe(true);
      expect(await player.acceptsDraw(positionOf('4k3/8/8/8/8/8/8/QQ2K3 b - - 0 1'))).toBe(false);
      expect(await player.acceptsDraw(positionOf('4k3/8/8/8/8/8/8/Q3K3 w - - 0 1'))).toBe(false);
    } finally {
      await player.close();
    }
  });
});

describe.skipIf(!hasStockfish)('Stockfish on the clock', () => {
  const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

  it('stops a search that overspends its clock and plays the best move so far', async () => {
    const engine = await UciEngine.start({ path: STOCKFISH });
    try {
      await engine.newGame();
      // Ten minutes each: Stockfish would think for many seconds; the hard stop cuts it after 200 ms.
      const started = Date.now();
      const result = await engine.search(
        { initialFen: null, moves: ['e2e4'] },
        { clock: { wtime: 600_000, btime: 600_000, winc: 0, binc: 0 }, stopAfterMs: 200 },
      );
      expect(result.bestMove).toMatch(/^[a-h][1-8][a-h][1-8]$/u);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await engine.quit();
    }
  });

  it('gives the engine its clock less the time since the state arrived and the reserve', async () => {
    const sent: string[] = [];
    const player = await UciPlayer.start({ path: STOCKFISH, log: (line) => sent.push(line) });
    try {
      await player.newGame();
      const clock = { whiteMs: 20_000, blackMs: 31_000, running: 'white' as const, deadline: null };
      const position = positionOf(START, ['e2e4', 'e7e5'], {
        timeControl: { type: 'realtime', initialSeconds: 60, incrementSeconds: 2 },
        clock,
      });
      const arrived = position.receivedAt;
      const move = await player.chooseMove({ ...position, receivedAt: arrived - 1500 });
      expect(position.state.legalMoves).toContain(move);
      const go = sent.find((line) => line.startsWith('> go '));
      const figures = /^> go wtime (\d+) btime 31000 winc 2000 binc 2000$/u.exec(go ?? '');
      expect(figures, go).not.toBeNull();
      // 20 s, less the 1.5 s since the state "arrived", less 300 ms; a little more for the time taken here.
      expect(Number(figures![1])).toBeLessThanOrEqual(20_000 - 1500 - 300);
      expect(Number(figures![1])).toBeGreaterThan(20_000 - 1500 - 300 - 2000);

      // With less than the reserve left, it moves at once.
      sent.length = 0;
      const late = positionOf(START, ['e2e4', 'e7e5'], {
        timeControl: { type: 'realtime', initialSeconds: 60, incrementSeconds: 0 },
        clock: { ...clock, whiteMs: 250 },
      });
      expect(late.state.legalMoves).toContain(await player.chooseMove(late));
      expect(sent.filter((line) => line.startsWith('> go '))).toEqual(['> go movetime 10']);
    } finally {
      await player.close();
    }
  });
});

describe('UCI bridge with a misbehaving engine', () => {
  it('restarts an engine that crashes once and goes on playing', async () => {
    const fake = fakeEnv('crash-first-go', { FAKE_UCI_MARKER: join(scratch, 'crashed-once') });
    const player = await UciPlayer.start({ path: FAKE, env: fake.env, movetime: 10 });
    try {
      await player.newGame();
      const position = positionOf('rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1');
      const move = await player.chooseMove(position);
      expect(position.state.legalMoves).toContain(move);
      expect(fake.starts()).toBe(2);
    } finally {
      await player.close();
    }
  });

  it('gives up (PlayerFailure) when the engine crashes again after its restart', async () => {
    const fake = fakeEnv('crash-on-go');
    const player = await UciPlayer.start({ path: FAKE, env: fake.env, movetime: 10 });
    try {
      const failure = await player
        .chooseMove(positionOf('4k3/8/8/8/8/8/4P3/4K3 w - - 0 1'))
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PlayerFailure);
      expect((failure as Error).message).toMatch(/again after a restart.*exited \(code 3\)/);
      expect(fake.starts()).toBe(2);
    } finally {
      await player.close();
    }
  });

  it('times out a silent engine, restarts it once, then gives up', async () => {
    const fake = fakeEnv('silent-on-go');
    const player = await UciPlayer.start({ path: FAKE, env: fake.env, movetime: 20, searchMarginMs: 200 });
    const started = Date.now();
    try {
      const failure = await player
        .chooseMove(positionOf('4k3/8/8/8/8/8/4P3/4K3 w - - 0 1'))
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PlayerFailure);
      expect((failure as Error).message).toMatch(/did not answer "go" within 220 ms/);
      expect(fake.starts()).toBe(2);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await player.close();
    }
  });

  it('times out a silent handshake and reports an engine that cannot run', async () => {
    const fake = fakeEnv('silent-handshake');
    const silent = await UciEngine.start({ path: FAKE, env: fake.env, handshakeTimeoutMs: 300 }).catch(
      (error: unknown) => error,
    );
    expect(silent).toBeInstanceOf(EngineError);
    expect(silent).toMatchObject({ kind: 'timeout' });
    const missing = await UciEngine.start({ path: join(scratch, 'no-such-engine') }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ kind: 'crashed', message: expect.stringMatching(/could not run .*ENOENT/) });
  });
});

describe('the bot in a real game', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer();
  });
  afterAll(() => server.close());

  it('resigns cleanly when its engine fails for good', async () => {
    const { gameId, white, black } = await activeGame(server.url);
    const client = new RookeryClient({ baseUrl: server.url });
    const fake = fakeEnv('crash-on-go');
    const broken = await UciPlayer.start({ path: FAKE, env: fake.env, movetime: 10 });
    const random = new RandomPlayer({ seed: 3 });
    try {
      const [whiteOutcome, blackOutcome] = await Promise.all([
        playGame({ client, seat: white, player: broken }),
        playGame({ client, seat: black, player: random }),
      ]);
      expect(whiteOutcome.failure).toMatch(/again after a restart/);
      expect(whiteOutcome.state).toMatchObject({ status: 'finished', termination: 'resignation', winner: 'black' });
      expect(blackOutcome.state.version).toBe(whiteOutcome.state.version);
      expect(fake.starts()).toBe(2);
      const final = await call<GameState>(server.url, 'GET', `/api/games/${gameId}/status`);
      expect(final.body).toMatchObject({ result: '0-1', termination: 'resignation' });
    } finally {
      await broken.close();
    }
  });

  it.each([
    { score: '0', accepts: true },
    { score: '300', accepts: false },
  ])('answers a draw offer by its engine score ($score cp)', async ({ score, accepts }) => {
    const { gameId, white, black } = await activeGame(server.url);
    const client = new RookeryClient({ baseUrl: server.url });
    const fake = fakeEnv('normal', { FAKE_UCI_SCORE: score });
    const bot = await UciPlayer.start({ path: FAKE, env: fake.env, movetime: 10 });
    const stop = new AbortController();
    try {
      // The bot plays black; white (the test) offers a draw, then moves.
      const playing = playGame({ client, seat: black, player: bot, signal: stop.signal });
      const offered = await call<GameState>(
        server.url,
        'POST',
        `/api/games/${gameId}/draw`,
        { action: 'offer' },
        white.token,
      );
      expect(offered.body.drawOffer).toBe('white');
      if (accepts) {
        const outcome = await playing;
        expect(outcome.state).toMatchObject({ status: 'finished', termination: 'agreement', result: '1/2-1/2' });
      } else {
        const declined = client.watch(gameId, { after: offered.body.version });
        const next = (await declined.next()).value as GameState;
        await declined.return();
        expect(next).toMatchObject({ status: 'active', drawOffer: null });
        stop.abort();
        await playing;
      }
    } finally {
      stop.abort();
      await bot.close();
    }
  });
});
