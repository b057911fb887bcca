/**
 * `npm run export`: the real script (compiled, in dist/) as a child process, reading a real data file that a live
 * store holds open (as a running server would), checked by loading every exported game back into chess.js.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chess } from 'chess.js';
import { afterAll, describe, expect, it } from 'vitest';
import { GameService } from '../server/service/game-service.js';
import { openSqliteStore } from '../server/store/sqlite-store.js';
import { compiled } from './support/compiled.js';

const EXPORT = compiled('server/export.ts');
const folder = mkdtempSync(join(tmpdir(), 'rookery-export-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** This process's environment without ROOKERY_DATA, so that only --data decides. */
function withoutDataVariable(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['ROOKERY_DATA'];
  return env;
}

function runExport(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [EXPORT, ...args], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: withoutDataVariable(),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}

describe('npm run export', () => {
  it('writes every finished game, oldest first, as PGN that chess.js reads back, while the store is in use', async () => {
    const dataPath = join(folder, 'rookery.db');
    const opened = openSqliteStore(dataPath);
    if (!opened.ok) throw new Error(opened.message);
    const store = opened.value;
    let tick = Date.parse('2026-11-21T17:00:00.000Z');
    const service = new GameService({ store, time: { now: () => (tick += 1000) } });
    const expected: { id: string; fen: string; result: string }[] = [];

    async function newGame(white: string, black: string, fen?: string) {
      const created = await service.create(fen);
      if (!created.ok) throw new Error(created.message);
      const id = created.value.id;
      const w = await service.join(id, white, 'white');
      const b = await service.join(id, black, 'black');
      if (!w.ok || !b.ok) throw new Error('join');
      return { id, white: { gameId: id, token: w.value.token }, black: { gameId: id, token: b.value.token } };
    }
    // Scholar's mate.
    const mate = await newGame('alice', 'bob');
    for (const [i, move] of ['e4', 'e5', 'Bc4', 'Nc6', 'Qh5', 'Nf6', 'Qxf7#'].entries()) {
      const moved = await service.move(i % 2 === 0 ? mate.white : mate.black, move);
      if (!moved.ok) throw new Error(moved.message);
    }
    // A game still going on is not exported.
    const going = await newGame('carol', 'dave');
    await service.move(going.white, 'd4');
    // Resignation in a game from a position.
    const fromFen = await newGame('erin', 'frank', '4k3/8/8/8/8/8/4P3/4K3 w - - 0 1');
    await service.move(fromFen.white, 'e4');
    await service.resign(fromFen.black);
    for (const game of [mate, fromFen]) {
      const state = await service.state(game.id);
      if (!state.ok) throw new Error('state');
      expected.push({ id: game.id, fen: state.value.fen, result: state.value.result });
    }

    const out = join(folder, 'games.pgn');
    const exported = await runExport(['--out', out, '--data', dataPath]);
    expect(exported.stderr).toBe(`Exported 2 finished games to ${out}.\n`);
    expect(exported.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const games = text.split(/\n\n(?=\[Event )/u);
    expect(games).toHaveLength(2);
    games.forEach((pgn, index) => {
      expect(pgn).toContain(`[GameId "${expected[index]!.id}"]`);
      expect(pgn).toContain(`[Result "${expected[index]!.result}"]`);
      const chess = new Chess();
      chess.loadPgn(pgn);
      expect(chess.fen()).toBe(expected[index]!.fen);
    });
    expect(games[0]).toContain('[White "alice"]');
    expect(games[1]).toContain('[FEN "4k3/8/8/8/8/8/4P3/4K3 w - - 0 1"]');
    expect(text).not.toContain(going.id);
    // No temporary file is left beside the archive.
    expect(readdirSync(folder).filter((name) => name.includes('.partial-'))).toEqual([]);

    // Standard output, and the store went on working meanwhile.
    expect((await service.move(going.black, 'd5')).ok).toBe(true);
    const piped = await runExport(['--out', '-', '--data', dataPath, '--site', 'https://chess.example']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(text.replaceAll('[Site "Rookery"]', '[Site "https://chess.example"]'));
    await store.close();
  }, 60_000);

  it('explains its options, a missing --out and a missing data file', async () => {
    const [help, noOut, missing] = await Promise.all([
      runExport(['--help']),
      runExport([]),
      runExport(['--out', join(folder, 'none.pgn'), '--data', join(folder, 'absent.db')]),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run export -- --out FILE/u);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/Missing --out FILE/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no data file at ".*absent\.db"/);
    expect(existsSync(join(folder, 'absent.db'))).toBe(false);
    expect(existsSync(join(folder, 'none.pgn'))).toBe(false);
  }, 60_000);
});
