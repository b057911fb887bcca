/**
 * Real redis-server processes for the Redis suites: each on a free port of 127.0.0.1 with its own temp dir and no
 * config file (nothing from /etc/redis), stopped and removed by the test. Admin steps go through redis-cli, so the
 * harness needs no client library and never shares code with the store it tests.
 *
 * `startRedisServer()` gives one server (RDB snapshots off; AOF on with `appendfsync always` for the durability
 * suites); `startRedisCluster(3)` gives three masters joined by `redis-cli --cluster create`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const REDIS_CLI = '/usr/bin/redis-cli';

const run = promisify(execFile);

/** How long a start (or an AOF reload on restart) may take before the harness gives up. */
const START_TIMEOUT_MS = 15_000;
const CLUSTER_TIMEOUT_MS = 20_000;

export interface RedisServerOptions {
  /**
   * AOF persistence: `always` fsyncs before every reply (what docs/scale-out.md asks for), `everysec` once a
   * second; undefined leaves AOF off. RDB snapshots are always off (`save ''`), so a restart keeps only the AOF.
   */
  appendfsync?: 'always' | 'everysec';
  /** Start as a Redis Cluster node (cluster-enabled yes, its own nodes.conf, a bus port picked here). */
  cluster?: boolean;
  /** Reuse this dir (a restart); otherwise a new temp dir is made and removed by `stop()`. */
  dir?: string;
}

/** One running (or stopped, and restartable) redis-server. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  /** Its working dir: AOF, nodes.conf. */
  readonly dir: string;
  /** Everything it printed (its log goes to stdout), for failure messages. */
  log(): string;
  /** Run one redis-cli command against it and give back the reply as redis-cli prints it, trimmed. */
  cli(...args: string[]): Promise<string>;
  /** SIGKILL, as a crash: nothing is flushed beyond what the persistence settings already wrote. */
  kill(): Promise<void>;
  /**
   * Start it again on the same port and dir after `kill()` (or kill it first if it still runs): what it loads is
   * what its AOF kept.
   */
  restart(): Promise<void>;
  /** SHUTDOWN NOSAVE (SIGKILL if that does not end it), then remove its dir. Idempotent. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound and released: a small race that a failed start reports plainly). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, failed) => {
    server.once('error', failed);
    server.listen(0, '127.0.0.1', done);
  });
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Every redis-server started here, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function argumentsFor(port: number, busPort: number | null, dir: string, options: RedisServerOptions): string[] {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'];
  args.push('--logfile', '', '--loglevel', 'notice', '--protected-mode', 'yes');
  if (options.appendfsync) args.push('--appendonly', 'yes', '--appendfsync', options.appendfsync);
  else args.push('--appendonly', 'no');
  if (busPort !== null) {
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'));
    args.push('--cluster-port', String(busPort), '--cluster-node-timeout', '5000');
  }
  return args;
}

interface Launched {
  child: ChildProcess;
  exited: Promise<void>;
}

/** Spawn redis-server and resolve once it logs that it accepts connections (after loading any AOF). */
function launch(args: string[], output: { text: string }): Promise<Launched> {
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      running.delete(child);
      done();
    }),
  );
  // The log of earlier runs (before a restart) stays in `output`: only what this run prints counts as ready.
  const from = output.text.length;
  const collect = (chunk: Buffer) => (output.text += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise<Launched>((done, failed) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      failed(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms:\n${output.text}`));
    }, START_TIMEOUT_MS);
    const watch = () => {
      if (/Ready to accept connections/u.test(output.text.slice(from))) {
        clearTimeout(timer);
        child.stdout!.off('data', watch);
        done({ child, exited });
      }
    };
    child.stdout!.on('data', watch);
    child.once('error', (error) => {
      clearTimeout(timer);
      failed(error);
    });
    void exited.then(() => {
      clearTimeout(timer);
      failed(
        new Error(`redis-server exited during start (exit ${child.exitCode ?? child.signalCode}):\n${output.text}`),
      );
    });
  });
}

/** Start one redis-server on a free port with its own temp dir; resolves once it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rookery-redis-'));
  const output = { text: '' };
  let port = 0;
  let busPort: number | null = null;
  let current: Launched | null = null;
  // A port picked free may be taken before redis-server binds it: try again with other ports a few times.
  for (let attempt = 0; current === null; attempt++) {
    port = await freePort();
    busPort = options.cluster ? await freePort() : null;
    try {
      current = await launch(argumentsFor(port, busPort, dir, options), output);
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/u.test(output.text)) {
        if (ownDir) rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const args = argumentsFor(port, busPort, dir, options);
  let stopped = false;

  const cli = async (...command: string[]): Promise<string> => {
    const { stdout } = await run(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), ...command], {
      timeout: 10_000,
    });
    return stdout.trim();
  };
  const kill = async (): Promise<void> => {
    const launched = current;
    if (!launched) return;
    current = null;
    launched.child.kill('SIGKILL');
    await launched.exited;
  };
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    log: () => output.text,
    cli,
    kill,
    async restart() {
      await kill();
      current = await launch(args, output);
      await waitForPong(cli);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const launched = current;
      if (launched) {
        // SHUTDOWN closes the connection instead of answering: redis-cli's error then is the expected outcome.
        await cli('SHUTDOWN', 'NOSAVE').catch(() => {});
        const timer = setTimeout(() => launched.child.kill('SIGKILL'), 3000);
        await launched.exited;
        clearTimeout(timer);
        current = null;
      }
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForPong(cli);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForPong(cli: (...command: string[]) => Promise<string>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const answer = await cli('PING').catch((error: Error) => error.message);
    if (answer === 'PONG') return;
    if (Date.now() > deadline) throw new Error(`redis-server does not answer PING: ${answer}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** A Redis Cluster of masters only, every hash slot assigned. */
export interface RedisCluster {
  readonly nodes: readonly RedisServer[];
  /** The first node's URL: a cluster client discovers the others from it. */
  readonly url: string;
  /** Stop every node and remove their dirs. */
  stop(): Promise<void>;
}

/**
 * Start `masters` cluster-enabled redis-servers, join them with `redis-cli --cluster create` (no replicas), and
 * resolve once every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const nodes: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (let index = 0; index < masters; index++) nodes.push(await startRedisServer({ cluster: true }));
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run(REDIS_CLI, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: CLUSTER_TIMEOUT_MS,
    });
    const deadline = Date.now() + CLUSTER_TIMEOUT_MS;
    for (;;) {
      const states = await Promise.all(nodes.map((node) => node.cli('CLUSTER', 'INFO').catch(() => '')));
      if (states.every((info) => /cluster_state:ok/u.test(info))) break;
      if (Date.now() > deadline) throw new Error(`the cluster did not reach cluster_state:ok:\n${states.join('\n')}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, url: nodes[0]!.url, stop };
}
