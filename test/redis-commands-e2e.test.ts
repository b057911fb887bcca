/**
 * The commands an operator runs against a Redis deployment, compiled (dist/) as real processes on a real
 * redis-server: the server's start-up refusals (a Redis that does not answer, a keyspace written by a newer
 * Rookery: exit 1, one clear line, nothing written), `npm run export -- --redis URL` (every finished game as PGN
 * that chess.js reads back) and `npm run account -- ... --redis URL`.
 */
import { spawn } from 'node:child_process';
import { Chess } from 'chess.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../server/bus/redis-bus.js';
import { GameService } from '../server/service/game-service.js';
import { openRedisStore } from '../server/store/redis-store.js';
import { compiled } from './support/compiled.js';
import { freePort, startRedisServer, type RedisServer } from './support/redis-server.js';

let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.stop();
});

function run(source: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env['ROOKERY_REDIS_URL'];
  delete env['ROOKERY_DATA'];
  const child = spawn(process.execPath, [compiled(source), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((done) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    }),
  );
}

describe('operator commands on Redis', () => {
  it('the server refuses an unreachable Redis and a newer keyspace with exit 1 and one clear line', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const unreachable = await run('server/main.ts', ['--redis', nobody, '--port', '0']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^rookery: Cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/u,
    );

    await redis.cli('SET', 'newer:schema', '99');
    const newer = await run('server/main.ts', ['--redis', redis.url, '--redis-prefix', 'newer:', '--port', '0']);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toMatch(/written by a newer Rookery \(layout 99; this one knows 1\)/u);
    // Nothing was written beside the schema key it found.
    expect((await redis.cli('--no-raw', 'KEYS', 'newer:*')).trim()).toBe('1) "newer:schema"');
  });

  it('npm run export -- --redis URL writes every finished game as PGN that chess.js reads back', async () => {
    const store = await openRedisStore(redis.url, { prefix: 'exp:' });
    const bus = await RedisBus.open(store.connections.subscriber, store.channel);
    const service = new GameService({ store, bus });
    const must = <T>(result: { ok: true; value: T } | { ok: false; message: string }): T => {
      if (!result.ok) throw new Error(result.message);
      return result.value;
    };
    const finished: string[] = [];
    for (const moves of [
      ['f3', 'e5', 'g4', 'Qh4#'],
      ['e4', 'e5', 'Qh5', 'Nc6', 'Bc4', 'Nf6', 'Qxf7#'],
    ]) {
      const game = must(await service.create());
      const white = must(await service.join(game.id, 'white', 'white'));
      const black = must(await service.join(game.id, 'black', 'black'));
      for (const [ply, move] of moves.entries()) {
        must(await service.move({ gameId: game.id, token: (ply % 2 ? black : white).token }, move, ply));
      }
      finished.push(game.id);
    }
    must(await service.create()); // still waiting: not exported
    await service.close();

    const exported = await run('server/export.ts', ['--redis', redis.url, '--redis-prefix', 'exp:', '--out', '-']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('Exported 2 finished games.');
    const games = exported.stdout.trim().split(/\n\n(?=\[Event )/u);
    expect(games).toHaveLength(2);
    for (const [index, pgn] of games.entries()) {
      expect(pgn).toContain(`[GameId "${finished[index]}"]`);
      const replay = new Chess();
      replay.loadPgn(pgn);
      expect(replay.isCheckmate()).toBe(true);
    }
  });

  it('npm run account -- create/list/revoke --redis URL keeps the accounts in Redis', async () => {
    const made = await run('server/accounts/cli.ts', ['create', 'RedisBot', '--bot', '--redis', redis.url]);
    expect(made.code, made.stderr).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_]{20,}$/u);
    const listed = await run('server/accounts/cli.ts', ['list', '--redis', redis.url]);
    expect(listed.stdout).toMatch(/^RedisBot\tBOT\t1 token\(s\)\t/mu);
    const revoked = await run('server/accounts/cli.ts', ['revoke', 'redisbot', '--redis', redis.url]);
    expect(revoked.stdout).toContain('Revoked 1 token(s) of RedisBot.');
    const unreachable = await run('server/accounts/cli.ts', [
      'list',
      '--redis',
      `redis://127.0.0.1:${await freePort()}`,
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Cannot reach Redis/u);
  });
});
