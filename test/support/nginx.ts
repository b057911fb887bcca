/**
 * A real nginx (Debian's /usr/sbin/nginx) for the scale-out suites: the config a test gives is written into a temp
 * dir that becomes nginx's prefix (`-p`), so its relative pid, log and temp paths land there; nginx runs in the
 * foreground (`-g 'daemon off;'`, a command-line directive: the config file itself is left as given) and is stopped
 * by the test.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const NGINX = '/usr/sbin/nginx';

const run = promisify(execFile);
const START_TIMEOUT_MS = 10_000;

export interface RunningNginx {
  /** Its prefix dir: nginx.conf, logs/, temp/. */
  readonly dir: string;
  /** The error log so far (for failure messages). */
  errorLog(): string;
  /** The access log so far: one line per request, `$upstream_addr` included when the config logs it. */
  accessLog(): string;
  /** SIGQUIT (graceful: finish open requests), SIGKILL after 5 s; then remove the dir. Idempotent. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Check `config` with `nginx -t`, then start nginx on it and resolve once `port` (where the config listens)
 * accepts connections.
 */
export async function startNginx(config: string, port: number): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'rookery-nginx-'));
  mkdirSync(join(dir, 'logs'));
  mkdirSync(join(dir, 'temp'));
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, 'logs', name), 'utf8');
    } catch {
      return '';
    }
  };
  // -e: the log nginx writes before it has read the config (Debian's default, /var/log/nginx, is root's).
  const base = ['-p', dir, '-c', file, '-e', join(dir, 'logs', 'startup.log')];
  try {
    await run(NGINX, [...base, '-t', '-q'], { timeout: 10_000 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx -t refused the config: ${(error as { stderr?: string }).stderr ?? error}`);
  }
  const child = spawn(NGINX, [...base, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      running.delete(child);
      done();
    }),
  );
  let stopped = false;
  const nginx: RunningNginx = {
    dir,
    errorLog: () => `${output}${read('startup.log')}${read('error.log')}`,
    accessLog: () => read('access.log'),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = nginx.errorLog();
      await nginx.stop();
      throw new Error(`nginx did not start listening on ${port}:\n${log}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  return nginx;
}
