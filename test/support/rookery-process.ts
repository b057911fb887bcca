/**
 * The compiled server (dist/server/main.js) as its own process on a fixed port of 127.0.0.1, for the scale-out
 * suites: several of them share one Redis, get killed with SIGKILL and restarted on the same port (so that the
 * clients and nginx, which know the port, find it again), or stopped with SIGTERM as an operator drains one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { compiled } from './compiled.js';
import { freePort } from './redis-server.js';

const MAIN = compiled('server/main.ts');
const START_TIMEOUT_MS = 60_000;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RookeryProcess {
  readonly port: number;
  /** e.g. `http://127.0.0.1:41234` */
  readonly base: string;
  /** Everything the current and earlier runs printed, for failure messages. */
  log(): string;
  /** Is the process running now? */
  running(): boolean;
  /** SIGKILL, as a crash; resolves once it is gone. */
  kill(): Promise<ProcessExit>;
  /** SIGTERM, as an operator stops (drains) one: resolves with how it exited. */
  terminate(): Promise<ProcessExit>;
  /** Start it again on the same port with the same arguments; resolves once it listens. */
  restart(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

interface Run {
  child: ChildProcess;
  exited: Promise<ProcessExit>;
}

function launch(args: string[], env: NodeJS.ProcessEnv, output: { text: string }): Promise<Run> {
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const from = output.text.length;
  const collect = (chunk: Buffer) => (output.text += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<ProcessExit>((done) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      done({ code, signal });
    }),
  );
  return new Promise<Run>((done, failed) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      failed(new Error(`rookery did not listen within ${START_TIMEOUT_MS} ms:\n${output.text.slice(from)}`));
    }, START_TIMEOUT_MS);
    const watch = () => {
      if (/API under http:\/\/\S+\/api/u.test(output.text.slice(from))) {
        clearTimeout(timer);
        child.stdout!.off('data', watch);
        done({ child, exited });
      }
    };
    child.stdout!.on('data', watch);
    void exited.then((exit) => {
      clearTimeout(timer);
      failed(new Error(`rookery exited during start (${exit.code ?? exit.signal}):\n${output.text.slice(from)}`));
    });
  });
}

export interface RookeryOptions {
  /** Passed as `--redis URL`. */
  redisUrl: string;
  /** More flags, e.g. `['--client-limits', 'off']`. */
  args?: string[];
  /** Extra environment. */
  env?: Record<string, string>;
  /** A fixed port; a free one otherwise. */
  port?: number;
}

/** Start one compiled server on Redis; resolves once it listens. */
export async function startRookery(options: RookeryOptions): Promise<RookeryProcess> {
  const port = options.port ?? (await freePort());
  const args = ['--redis', options.redisUrl, '--host', '127.0.0.1', '--port', String(port), ...(options.args ?? [])];
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', ...options.env };
  // The suites choose the store with flags only.
  delete env['ROOKERY_DATA'];
  delete env['ROOKERY_REDIS_URL'];
  const output = { text: '' };
  let current: Run | null = await launch(args, env, output);
  const stopWith = async (signal: NodeJS.Signals): Promise<ProcessExit> => {
    const run = current;
    if (!run) return { code: null, signal: null };
    current = null;
    run.child.kill(signal);
    return run.exited;
  };
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    log: () => output.text,
    running: () => current !== null,
    kill: () => stopWith('SIGKILL'),
    terminate: () => stopWith('SIGTERM'),
    async restart() {
      if (current) await stopWith('SIGKILL');
      current = await launch(args, env, output);
    },
  };
}
