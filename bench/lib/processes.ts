/**
 * Child processes of the benchmark: the Rookery server under test (started the way `npm start` starts it), the
 * baselines and the load generators. Nothing here runs load itself: every figure comes from another process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A failure that ends the benchmark with exit code 1 and this message (e.g. a server that did not start). */
export class BenchError extends Error {}

/** Extra node flags for the server process (`--server-node-flags`, e.g. `--cpu-prof --cpu-prof-dir=prof`). */
let serverNodeFlags: string[] = [];
/** The checkout whose server is measured (`--server-root`; this one by default). */
let serverRoot = ROOT;
export function getServerRoot(): string {
  return serverRoot;
}
export function configureServer(options: { nodeFlags?: string[]; root?: string }): void {
  if (options.nodeFlags) serverNodeFlags = options.nodeFlags;
  if (options.root) serverRoot = resolve(options.root);
}

/**
 * How `npm start` runs the server: the compiled build when there is one (`node dist/server/main.js`), else the
 * TypeScript sources through tsx. One place, so every section measures the same server.
 */
export function serverCommand(): { command: string; args: string[]; label: string; cwd: string } {
  const compiled = join(serverRoot, 'dist', 'server', 'main.js');
  if (existsSync(compiled)) {
    return {
      command: process.execPath,
      args: [...serverNodeFlags, compiled],
      label: 'node dist/server/main.js',
      cwd: serverRoot,
    };
  }
  return {
    command: process.execPath,
    args: [...serverNodeFlags, '--import', 'tsx', join(serverRoot, 'server', 'main.ts')],
    label: 'node --import tsx server/main.ts',
    cwd: serverRoot,
  };
}

/** Tells a running load child that a server under test died, so the run fails at once instead of loading nothing. */
const deaths = new EventEmitter();

/**
 * Sources of the compiled server newer than their output in dist/ (or without one): when this is not empty, the
 * server that runs is an older build than the code in the folder. Empty when there is no build at all.
 */
/** Sources that tsconfig.build.json leaves out of dist/ (test code beside the stores). */
const NOT_BUILT = new Set(['server/store/store-contract.ts']);

export function staleBuildSources(root = serverRoot): string[] {
  if (!existsSync(join(root, 'dist', 'server', 'main.js'))) return [];
  const stale: string[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(path);
      } else if (/\.tsx?$/u.test(entry.name) && !/\.(test|d)\.tsx?$/u.test(entry.name) && !NOT_BUILT.has(path)) {
        const output = join(root, 'dist', path.replace(/\.tsx?$/u, '.js'));
        if (!existsSync(output) || statSync(output).mtimeMs < statSync(join(root, path)).mtimeMs) stale.push(path);
      }
    }
  };
  for (const folder of ['server', 'shared', 'web-client']) if (existsSync(join(root, folder))) visit(folder);
  return stale;
}

/** Every child still running, so that an error or Ctrl-C never leaves one behind. */
const running = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn to the "serving at" line. */
  listeningMs: number;
  /** Resident set size of the server process now, in KiB (VmRSS of /proc/<pid>/status). */
  rssKiB(): number;
  /** What the server wrote on stderr so far (warnings, errors). */
  stderr(): string;
  /** The exit code or signal if the server has already stopped by itself, else null. */
  exitedEarly(): string | null;
  /** SIGTERM, then wait for the exit (SIGKILL after 15 s); answers the exit code. */
  stop(): Promise<number | null>;
}

export function readRssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/mu.exec(status);
  if (!match) throw new BenchError(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * Start Rookery on a free port of 127.0.0.1 with `--data <path or :memory:>`, and wait for its "serving at" line.
 * Throws a BenchError carrying the server's stderr when it exits or stays silent.
 */
export async function startRookery(where: string | { redis: string }, timeoutMs = 60_000): Promise<ServerProcess> {
  const { command, args, label, cwd } = serverCommand();
  const started = performance.now();
  // A data file, or a Redis shared with other processes (section e).
  const data = typeof where === 'string' ? where : where.redis;
  const backend = typeof where === 'string' ? ['--data', where] : ['--redis', where.redis];
  const child = spawn(command, [...args, '--port', '0', '--host', '127.0.0.1', '--log-level', 'warn', ...backend], {
    cwd,
    // The load comes from one address (127.0.0.1): the per-address caps meant for strangers are off for it (an
    // environment variable, which servers of older commits ignore).
    env: { ...process.env, NODE_ENV: 'production', ROOKERY_CLIENT_LIMITS: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    // Keep the last 64 KiB: enough to explain a failure, bounded under load.
    stderr = (stderr + chunk).slice(-65_536);
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new BenchError(
          `the server (${label} --data ${data}, in ${cwd}) printed no "serving at" line within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < 65_536) stdout += chunk;
      const match = /Rookery is serving at (http:\/\/127\.0\.0\.1:(\d+))\//u.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new BenchError(
          `the server (${label} --data ${data}, in ${cwd}) exited (${signal ?? `code ${code}`}) before serving.\nstderr:\n${stderr}`,
        ),
      );
    });
  });
  const listeningMs = performance.now() - started;
  const pid = child.pid!;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping)
      deaths.emit(
        'died',
        `the server (${label} --data ${data}) stopped by itself (${signal ?? `code ${code}`}) under load.\nstderr:\n${stderr}`,
      );
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid,
    listeningMs,
    rssKiB: () => readRssKiB(pid),
    stderr: () => stderr,
    exitedEarly: () =>
      child.exitCode !== null
        ? `code ${child.exitCode}`
        : child.signalCode !== null
          ? `signal ${child.signalCode}`
          : null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Run a bench child (bench/children/NAME.ts) with a JSON spec; it prints one JSON line of results on stdout. */
export async function runChild<T>(name: string, spec: unknown, timeoutMs: number): Promise<T> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'children', `${name}.ts`), JSON.stringify(spec)],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  track(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-65_536)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  let died: string | null = null;
  const onDeath = (message: string) => {
    died = message;
    child.kill('SIGKILL');
  };
  deaths.on('died', onDeath);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.once('exit', (exitCode, exitSignal) => done([exitCode, exitSignal])),
  );
  clearTimeout(timer);
  deaths.off('died', onDeath);
  if (died) throw new BenchError(died);
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0) {
    const why = signal === 'SIGKILL' ? `was stopped after ${timeoutMs} ms` : `exited with ${signal ?? `code ${code}`}`;
    throw new BenchError(`bench/children/${name}.ts ${why}.\nstderr:\n${stderr}\nstdout:\n${stdout.slice(-4000)}`);
  }
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new BenchError(
      `bench/children/${name}.ts printed no JSON result.\nstderr:\n${stderr}\nstdout:\n${stdout.slice(-4000)}`,
    );
  }
}

/** A long-lived helper child (the raw node:http baseline) that prints `listening <port>` when ready. */
export async function startChildServer(
  name: string,
  spec: unknown,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'children', `${name}.ts`), JSON.stringify(spec)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  track(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-65_536)));
  const port = await new Promise<number>((resolvePort, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new BenchError(`bench/children/${name}.ts did not listen.\n${stderr}`)),
      30_000,
    );
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening (\d+)/u.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new BenchError(`bench/children/${name}.ts exited with code ${code}.\n${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
