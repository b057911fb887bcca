/**
 * Line mode against a real server: moves piped into a real client process (stdin not a TTY), the opponent
 * played through the typed API client. The client prints the board and status as text, reports a refused move
 * with the server's reason, follows the opponent by polling, and exits 0 after the final banner. In a timed game
 * its status lines carry both clocks, it warns once of low time, and it reports the flag while waiting for a line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.js';
import { RookeryClient } from '../shared/api-client.js';
import { realtime } from '../shared/time-control.js';

describe('terminal client line mode (piped stdin)', () => {
  let app: FastifyInstance;
  let server: string;
  let home: string;

  beforeAll(async () => {
    app = await buildApp();
    server = await app.listen({ host: '127.0.0.1', port: 0 });
    home = mkdtempSync(join(tmpdir(), 'rookery-tui-line-'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it("plays Fool's mate from piped lines, reporting an illegal move", async () => {
    const child = spawn(
      process.execPath,
      [resolve('tui-client/bin.js'), '--server', server, '--name', 'carol', '--ascii', '--interval', '200'],
      {
        env: { ...process.env, XDG_CONFIG_HOME: home },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Every line up front, as a script would pipe them: one is read per turn.
    child.stdin.end('e2e5\nf3\ng4\n');

    const opponent = new RookeryClient({ baseUrl: server });
    const deadline = Date.now() + 30_000;
    let gameId: string | undefined;
    while (!gameId) {
      gameId = /Opened: game (\S+), you play white\./u.exec(output)?.[1];
      if (Date.now() > deadline) throw new Error(`no game opened. stdout:\n${output}\nstderr:\n${errors}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    const seat = await opponent.join(gameId, 'dave');
    expect(seat.color).toBe('black');
    const replies: Record<number, string> = { 1: 'e5', 3: 'Qh4' };
    for (;;) {
      const state = await opponent.state(gameId);
      if (state.status === 'finished') break;
      const reply = replies[state.moves.length];
      if (state.turn === 'black' && reply) await opponent.move(gameId, seat.token, reply, state.moves.length);
      if (Date.now() > deadline) throw new Error(`game stuck. stdout:\n${output}`);
      await new Promise((done) => setTimeout(done, 50));
    }

    expect(await exited).toBe(0);
    expect(errors).toBe('');
    expect(output).toContain('> e2e5');
    // --ascii: only ASCII, signs included (issue 13 item 5).
    expect(output).toMatch(/^[\p{ASCII}]*$/u);
    expect(output).toMatch(/x "e2e5" is not a legal move for white/u);
    expect(output).toContain('dave played e5.');
    expect(output).toContain('Moves: 1. f3 e5 2. g4 Qh4#');
    // The start position in letters, from white's side, with coordinates on both axes.
    expect(output).toContain('8 r n b q k b n r  8');
    expect(output).toContain('  a b c d e f g h');
    // The mated king is marked with a character.
    expect(output).toContain('1 R N B Q K+B N R  1');
    expect(output).toMatch(/GAME OVER 0-1: Checkmate - Black wins\. You lost\.\n$/u);
    const final = await opponent.state(gameId);
    expect(final.moves).toEqual(['f3', 'e5', 'g4', 'Qh4#']);
  });

  it('prints the clocks, warns of low time and reports the flag while it waits for a line', async () => {
    const child = spawn(
      process.execPath,
      [
        resolve('tui-client/bin.js'),
        '--server',
        server,
        '--name',
        'erin',
        '--ascii',
        '--interval',
        '200',
        '--clock',
        '0.2+0',
      ],
      { env: { ...process.env, XDG_CONFIG_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // One move, and the input stays open: the client then waits for a line that never comes.
    child.stdin.write('e4\n');

    const deadline = Date.now() + 30_000;
    const until = async (pattern: RegExp) => {
      while (!pattern.test(output)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern}. stdout:\n${output}\nstderr:\n${errors}`);
        await new Promise((done) => setTimeout(done, 50));
      }
      return pattern.exec(output)!;
    };
    try {
      const gameId = (await until(/Opened: game (\S+), you play white\./u))[1]!;
      const opponent = new RookeryClient({ baseUrl: server });
      // Quick pairing by time control: the 12-second game, not any untimed one.
      const seat = await opponent.quickJoin('frank', undefined, realtime(12, 0));
      expect(seat.gameId).toBe(gameId);
      await until(/Clocks \(0\.2\+0\): white 0:12, black 0:12\n.*first move within \d+ s, or the game is aborted/u);
      await until(/> e4/u);
      // The echo comes as the line is read: wait for the server to have the move before answering it.
      while ((await opponent.state(gameId)).moves.length < 1) {
        if (Date.now() > deadline) throw new Error(`e4 never reached the server. stdout:\n${output}`);
        await new Promise((done) => setTimeout(done, 50));
      }
      await opponent.move(gameId, seat.token, 'e5', 1);
      await until(/frank played e5\.[\s\S]*Clocks \(0\.2\+0\): white 0:1[0-2] running, black 0:12/u);
      // No line comes: the warning once the clock is under 10 s, then the flag, found by polling.
      await until(/! Your clock: 9\.\d - low time\. Type a move, or help\./u);
      await until(/! FLAG - GAME OVER 0-1: White ran out of time - Black wins\. You lost\.\n$/u);
      expect(output).toMatch(/Clocks \(0\.2\+0\): white 0\.0, black 0:12\n! FLAG/u);
      expect(output.match(/Your clock: .* low time/gu)).toHaveLength(1);
      expect(await exited).toBe(0);
      expect(errors).toBe('');
      expect((await opponent.state(gameId)).termination).toBe('timeout');
    } finally {
      child.kill();
    }
  });
  it('asks before resigning (issue 13 item 7): "no" plays on, "yes" resigns', async () => {
    const child = spawn(
      process.execPath,
      [resolve('tui-client/bin.js'), '--server', server, '--name', 'gail', '--interval', '200', '--new'],
      { env: { ...process.env, XDG_CONFIG_HOME: home, LANG: 'C.UTF-8' }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.stdin.end('resign\nno\nresign\nyes\n');
    const deadline = Date.now() + 30_000;
    let gameId: string | undefined;
    while (!gameId) {
      gameId = /Opened: game (\S+), you play white\./u.exec(output)?.[1];
      if (Date.now() > deadline) throw new Error(`no game opened. stdout:\n${output}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    const opponent = new RookeryClient({ baseUrl: server });
    await opponent.join(gameId, 'hal');
    expect(await exited).toBe(0);
    expect(output).toMatch(/> resign\nResign this game\? Type yes to resign\.\n> no\nNot resigned: play on\./u);
    expect(output).toMatch(/> yes\n[\s\S]*GAME OVER 0-1: White resigned — Black wins\. You lost\./u);
    expect((await opponent.state(gameId)).termination).toBe('resignation');
  }, 40_000);
});
