/**
 * End-to-end durability: the real server (server/main.ts) as a child process on a real SQLite file, killed with
 * SIGKILL while ten games are played concurrently, stopped with SIGTERM, and refused on files it must not touch.
 * Every state is checked against an independent chess.js replay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Chess } from 'chess.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { compiled } from './support/compiled.js';

const MAIN = compiled('server/main.ts');
const folder = mkdtempSync(join(tmpdir(), 'rookery-durability-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

interface RunningServer {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  exited: Promise<Exit>;
}

/**
 * Start the compiled server/main.ts on `dataPath` (given as --data, or as ROOKERY_DATA) in one process: no
 * wrapper, so that signals reach the server itself.
 */
function launch(
  dataPath: string,
  via: 'flag' | 'env' = 'flag',
): { child: ChildProcess; exited: Promise<Exit>; listening: Promise<string> } {
  const args = [MAIN, '--port', '0', '--log-level', 'warn'];
  const env = { ...process.env };
  if (via === 'flag') {
    args.push('--data', dataPath);
    delete env['ROOKERY_DATA'];
  } else {
    env['ROOKERY_DATA'] = dataPath;
  }
  const child = spawn(process.execPath, args, { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((done) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      done({ code, signal, stderr });
    }),
  );
  const started = Date.now();
  let announced = false;
  const listening = new Promise<string>((done, failed) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /API under (http:\/\/\S+)\/api/u.exec(stdout);
      if (match && stdout.length > 0 && !announced) {
        announced = true;
        if (process.env['DEBUG_DURABILITY']) console.log(`started in ${Date.now() - started} ms`);
        done(match[1]!);
      }
    });
    void exited.then((exit) => failed(new Error(`server exited (${exit.code ?? exit.signal}): ${exit.stderr}`)));
  });
  // A launch that is meant to be refused never listens; that is not an unhandled failure.
  listening.catch(() => {});
  return { child, exited, listening };
}

async function startServer(dataPath: string, via: 'flag' | 'env' = 'flag'): Promise<RunningServer> {
  const { child, exited, listening } = launch(dataPath, via);
  return { child, base: await listening, exited };
}

async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Half the games start here: lighter, so random play ends sooner, and the start FEN must survive too. */
const LIGHT_START = 'r3k2r/pp3ppp/2n5/8/8/5N2/PP3PPP/R3K2R w KQkq - 0 1';

/** Check a state against chess.js replaying its UCI moves from its start position. */
function expectMatchesReplay(state: GameState, startFen?: string): void {
  const chess = new Chess(startFen);
  const sans: string[] = [];
  for (const uci of state.uci) {
    sans.push(chess.move({ from: uci.slice(0, 2), to: uci.slice(2, 4), promotion: uci[4] }).san);
  }
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
  }
  if (chess.isCheckmate()) expect([state.status, state.termination]).toEqual(['finished', 'checkmate']);
  if (chess.isStalemate()) expect([state.status, state.termination]).toEqual(['finished', 'stalemate']);
  if (chess.isInsufficientMaterial()) {
    expect([state.status, state.termination]).toEqual(['finished', 'insufficient_material']);
  }
}

/** fetch's own failures (connection refused or reset, body cut off): the server died or closed under us. */
function isConnectionError(error: unknown): boolean {
  return error instanceof TypeError;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

/** The squares that hold a piece, read from a FEN's placement field. */
function occupiedSquares(fen: string): Set<string> {
  const occupied = new Set<string>();
  fen
    .split(' ')[0]!
    .split('/')
    .forEach((rank, row) => {
      let file = 0;
      for (const char of rank) {
        if (/\d/u.test(char)) file += Number(char);
        else occupied.add(`${'abcdefgh'[file++]}${8 - row}`);
      }
    });
  return occupied;
}

/** A random legal move from the server's list, preferring captures so that games end in a couple hundred plies. */
function randomMove(state: GameState): string {
  const occupied = occupiedSquares(state.fen);
  const captures = state.legalMoves.filter((uci) => occupied.has(uci.slice(2, 4)));
  return captures.length > 0 && Math.random() < 0.9 ? pick(captures) : pick(state.legalMoves);
}

/** One game as its two players see it: what the server last acknowledged, and what is in flight. */
interface PlayedGame {
  id: string;
  startFen: string | undefined;
  tokens: { white: string; black: string };
  acked: GameState;
  pending: { kind: 'move'; uci: string } | { kind: 'offer' } | null;
  recovered: number;
  /** Changes that were committed although their answer was lost to a kill. */
  committedUnanswered: number;
}

async function seatGame(base: string, index: number): Promise<PlayedGame> {
  const startFen = index % 2 === 1 ? LIGHT_START : undefined;
  const white = (await call(base, 'POST', '/games', startFen ? { fen: startFen } : {})).body as unknown as GameState;
  const joinedWhite = (await call(base, 'POST', `/games/${white.id}/join`, { name: `w${index}`, color: 'white' }))
    .body as unknown as JoinResult;
  const joinedBlack = (await call(base, 'POST', `/games/${white.id}/join`, { name: `b${index}` }))
    .body as unknown as JoinResult;
  expect(joinedBlack.game.status).toBe('active');
  return {
    id: white.id,
    startFen,
    tokens: { white: joinedWhite.token, black: joinedBlack.token },
    acked: joinedBlack.game,
    pending: null,
    recovered: 0,
    committedUnanswered: 0,
  };
}

/**
 * After an unanswered request: the server holds either exactly the last acknowledged state, or that state plus
 * the one change in flight — never less, never anything else.
 */
function reconcile(game: PlayedGame, state: GameState): void {
  const acked = game.acked;
  expect(state.uci.slice(0, acked.uci.length)).toEqual(acked.uci);
  if (state.version === acked.version) {
    expect(state).toEqual(acked);
  } else {
    expect(state.version).toBe(acked.version + 1);
    game.committedUnanswered += 1;
    if (game.pending?.kind === 'move') {
      expect(state.uci).toEqual([...acked.uci, game.pending.uci]);
    } else {
      expect(game.pending?.kind).toBe('offer');
      expect(state.uci).toEqual(acked.uci);
      expect(state.drawOffer).toBe(acked.turn);
    }
  }
  expectMatchesReplay(state, game.startFen);
  game.acked = state;
  game.pending = null;
  game.recovered += 1;
}

describe('durability across SIGKILL', () => {
  it('keeps every acknowledged move of 10 concurrent games through repeated SIGKILLs, and play goes on to the end', async () => {
    const dataPath = join(folder, 'killed.db');
    let server = await startServer(dataPath);
    let up: Promise<string> = Promise.resolve(server.base);
    let acknowledged = 0;
    let kills = 0;
    const KILLS = 3;

    const games = await Promise.all(Array.from({ length: 10 }, (_, index) => seatGame(server.base, index)));

    async function play(game: PlayedGame): Promise<void> {
      while (game.acked.status !== 'finished') {
        const base = await up;
        try {
          if (game.pending) {
            const status = await call(base, 'GET', `/games/${game.id}/status`);
            reconcile(game, status.body as unknown as GameState);
            continue;
          }
          const mover = game.acked.turn;
          const token = game.tokens[mover];
          if (game.acked.drawOffer === null && Math.random() < 0.03) {
            game.pending = { kind: 'offer' };
            const offered = await call(base, 'POST', `/games/${game.id}/draw`, { action: 'offer' }, token);
            if (offered.status !== 200) {
              expect(offered.status).toBe(503); // reconciled on the next round
              continue;
            }
            expect((offered.body as unknown as GameState).drawOffer).toBe(mover);
            game.acked = offered.body as unknown as GameState;
            game.pending = null;
            continue;
          }
          const uci = randomMove(game.acked);
          game.pending = { kind: 'move', uci };
          const moved = await call(
            base,
            'POST',
            `/games/${game.id}/move`,
            { move: uci, ply: game.acked.uci.length },
            token,
          );
          if (moved.status !== 200) {
            expect(moved.status).toBe(503);
            continue;
          }
          const state = moved.body as unknown as GameState;
          expect(state.uci).toEqual([...game.acked.uci, uci]);
          game.acked = state;
          game.pending = null;
          acknowledged += 1;
        } catch (error) {
          // The server died under this request: wait until it is back (the killer replaces `up`).
          if (!isConnectionError(error)) throw error;
        }
      }
    }

    async function killer(): Promise<void> {
      while (kills < KILLS) {
        // Kill at a random moment: after a random number of further acknowledged moves.
        const target = acknowledged + 20 + Math.floor(Math.random() * 80);
        while (acknowledged < target && games.some((game) => game.acked.status !== 'finished')) {
          await new Promise((wake) => setTimeout(wake, 5));
        }
        if (games.every((game) => game.acked.status === 'finished')) return;
        let restarted!: (base: string) => void;
        up = new Promise((done) => (restarted = done));
        server.child.kill('SIGKILL');
        const exit = await server.exited;
        expect(exit.signal).toBe('SIGKILL');
        kills += 1;
        // Restartable at once: no stale lock, no clean-up by hand.
        server = await startServer(dataPath);
        restarted(server.base);
      }
    }

    const playStart = Date.now();
    await Promise.all([...games.map(play), killer()]);
    if (process.env['DEBUG_DURABILITY']) {
      console.log(
        `played ${acknowledged} moves in ${Date.now() - playStart} ms`,
        JSON.stringify(
          games.map((game) => [
            game.acked.uci.length,
            game.acked.termination,
            game.recovered,
            game.committedUnanswered,
          ]),
        ),
      );
    }
    expect(kills).toBe(KILLS);
    expect(acknowledged).toBeGreaterThan(KILLS * 20);
    // Every game was in flight through at least one kill and came back through its own tokens.
    expect(games.reduce((sum, game) => sum + game.recovered, 0)).toBeGreaterThan(0);

    // A last restart: every finished game is exactly as its players last saw it.
    server.child.kill('SIGKILL');
    await server.exited;
    server = await startServer(dataPath);
    for (const game of games) {
      const state = (await call(server.base, 'GET', `/games/${game.id}/status`)).body as unknown as GameState;
      expect(state).toEqual(game.acked);
      expect(state.status).toBe('finished');
      expectMatchesReplay(state, game.startFen);
      // The archive's PGN replays to the same position.
      const pgn = await fetch(`${server.base}/api/games/${game.id}/pgn`);
      const replay = new Chess(game.startFen);
      replay.loadPgn(await pgn.text());
      expect(replay.fen()).toBe(state.fen);
      // The tokens still act: on a finished game a move is refused as game_over, not as unauthorized.
      const late = await call(server.base, 'POST', `/games/${game.id}/move`, { move: 'e2e4' }, game.tokens.white);
      expect(late.status).toBe(409);
    }
    const finished = await call(server.base, 'GET', '/games?status=finished&limit=100');
    expect((finished.body['games'] as unknown[]).length).toBe(10);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 300_000);
});

describe('SIGTERM during play', () => {
  it('finishes in-flight requests, closes the database, exits 0, and a restart shows the same state', async () => {
    const dataPath = join(folder, 'stopped.db');
    let server = await startServer(dataPath);
    const games = await Promise.all(Array.from({ length: 10 }, (_, index) => seatGame(server.base, index)));
    let acknowledged = 0;
    let stopped = false;

    async function play(game: PlayedGame): Promise<void> {
      while (!stopped && game.acked.status !== 'finished') {
        const uci = randomMove(game.acked);
        let moved: Awaited<ReturnType<typeof call>>;
        try {
          moved = await call(
            server.base,
            'POST',
            `/games/${game.id}/move`,
            { move: uci, ply: game.acked.uci.length },
            game.tokens[game.acked.turn],
          );
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          return; // the connection was closed before this request was read: nothing was applied
        }
        if (moved.status !== 200) {
          // Refused while closing: nothing was applied.
          expect(moved.status).toBe(503);
          return;
        }
        game.acked = moved.body as unknown as GameState;
        acknowledged += 1;
      }
    }

    const playing = Promise.all(games.map(play));
    while (acknowledged < 60) await new Promise((wake) => setTimeout(wake, 5));
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    stopped = true;
    await playing;
    expect(exit).toMatchObject({ code: 0, signal: null });
    // A clean close checkpoints the log into the data file and removes it.
    expect(existsSync(`${dataPath}-wal`)).toBe(false);

    // The same file, named by the environment variable this time.
    server = await startServer(dataPath, 'env');
    for (const game of games) {
      const state = (await call(server.base, 'GET', `/games/${game.id}/status`)).body as unknown as GameState;
      expect(state).toEqual(game.acked);
      expectMatchesReplay(state, game.startFen);
      if (state.status === 'active') {
        const next = await call(
          server.base,
          'POST',
          `/games/${game.id}/move`,
          { move: randomMove(state), ply: state.uci.length },
          game.tokens[state.turn],
        );
        expect(next.status).toBe(200);
      }
    }
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 180_000);
});

describe('start-up refusals', () => {
  function hashOf(path: string): string {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  }

  it('stops with a clear message, exit 1 and the file untouched: foreign, corrupted, newer schema', async () => {
    const foreign = join(folder, 'notes.txt');
    writeFileSync(foreign, 'these are my notes\n'.repeat(100));

    const otherApp = join(folder, 'other-app.db');
    const other = new Database(otherApp);
    other.exec("CREATE TABLE accounts (name TEXT); INSERT INTO accounts VALUES ('alice')");
    other.close();

    // A real Rookery file with games, damaged on the page after the schema.
    const damaged = join(folder, 'damaged.db');
    const server = await startServer(damaged);
    for (let i = 0; i < 40; i++) await call(server.base, 'POST', '/join', { name: `player-${i}` });
    server.child.kill('SIGTERM');
    await server.exited;
    const bytes = readFileSync(damaged);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, pageSize * 2, pageSize * 3);
    writeFileSync(damaged, bytes);

    const newer = join(folder, 'newer.db');
    const future = new Database(newer);
    future.exec('CREATE TABLE games (id TEXT)');
    future.pragma(`application_id = ${0x526f6f6b}`);
    future.pragma('user_version = 999');
    future.close();

    const cases = [
      { path: foreign, message: /is not a Rookery data file \(it is not a SQLite database\)/ },
      { path: otherApp, message: /SQLite database of another application/ },
      { path: damaged, message: /is damaged/ },
      { path: newer, message: /written by a newer Rookery \(data schema version 999/ },
    ];
    const before = cases.map((entry) => hashOf(entry.path));
    const exits = await Promise.all(cases.map((entry) => launch(entry.path).exited));
    exits.forEach((exit, index) => {
      expect(exit.code).toBe(1);
      expect(exit.stderr).toMatch(/^rookery: /);
      expect(exit.stderr).toMatch(cases[index]!.message);
      expect(exit.stderr).toMatch(/left it as it is/);
      expect(hashOf(cases[index]!.path)).toBe(before[index]);
    });
  }, 120_000);

  it('refuses a second server on the same file, and the first one goes on serving', async () => {
    const dataPath = join(folder, 'shared.db');
    const first = await startServer(dataPath);
    const second = await launch(dataPath).exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/Another Rookery server is already using ".*shared\.db"/);
    expect((await call(first.base, 'POST', '/games', {})).status).toBe(201);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  }, 60_000);
});
