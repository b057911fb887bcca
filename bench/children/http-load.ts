/**
 * The HTTP load generator: autocannon's programmatic API in this process, never in the server's. Started by
 * bench/run.ts with one JSON spec as argv[2]; prints one JSON line of results on stdout.
 *
 * Modes:
 * - `fixed`: one request again and again (section a), after a warm-up run.
 * - `games`: each connection plays random games to the end, one after another (section b): create, join white,
 *   join black, then random legal moves from the previous answer's `legalMoves`, with `ply`. Moves are counted
 *   only inside the measured window, after the warm-up.
 * - `active`: each connection makes a fixed number of games active with a few moves each (section d).
 * - `create`: a fixed number of `POST /api/games` (seeding section d).
 */
import { readFileSync } from 'node:fs';
import autocannon, { type Request, type Result } from 'autocannon';

type Spec =
  | {
      mode: 'fixed';
      url: string;
      path: string;
      headers?: Record<string, string>;
      connections: number;
      warmupSeconds: number;
      seconds: number;
      expect: number;
      serverPid?: number;
    }
  | {
      mode: 'games';
      url: string;
      connections: number;
      warmupSeconds: number;
      seconds: number;
      maxPlies: number;
      serverPid?: number;
    }
  | { mode: 'active'; url: string; connections: number; gamesPerConnection: number; plies: number; maxSeconds?: number }
  | { mode: 'create'; url: string; connections: number; amount: number; maxSeconds?: number };

interface Context {
  id?: string;
  white?: string;
  black?: string;
  /** The last game state answered: what the next move is chosen from. */
  state?: { status: string; turn: 'white' | 'black'; legalMoves: string[]; uci: string[] } | null;
  sentAt?: number;
  [key: string]: unknown;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;

/** Answers by status code and by what was being asked, so that every failure shows in the report. */
const statuses: Record<string, number> = {};
function countStatus(phase: string, status: number): void {
  const key = `${phase} ${status}`;
  statuses[key] = (statuses[key] ?? 0) + 1;
}

/**
 * CPU seconds (user + system, all threads) the server process has used so far, from /proc/<pid>/stat: work per
 * CPU-second holds better than work per second when other jobs take turns on the same cores.
 */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime field 14 and stime field 15 (so indexes 11 and 12 here).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(result: Result) {
  return {
    requests: result.requests.total,
    seconds: result.duration,
    errors: result.errors,
    timeouts: result.timeouts,
    resets: result.resets,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
  };
}

/** The requests of one game: create, join both seats, then up to `maxPlies` moves; a finished game starts anew. */
function gameRequests(
  maxPlies: number,
  onMove: (context: Context, ms: number) => void,
  onActive?: () => void,
): Request[] {
  const json = { 'content-type': 'application/json' };
  const ok = (context: Context) => context.state !== null;
  /** Take one seat; `seated` reads the JoinResult. */
  const join = (
    color: 'white' | 'black',
    seated: (context: Context, joined: { token: string; game: NonNullable<Context['state']> }) => void,
  ): Request => ({
    method: 'POST',
    setupRequest: (request, context: Context) =>
      ok(context)
        ? {
            ...request,
            path: `/api/games/${context.id}/join`,
            headers: json,
            body: JSON.stringify({ name: `bench-${color}`, color }),
          }
        : null,
    onResponse: (status, body, context: Context) => {
      countStatus('join', status);
      if (status === 201) seated(context, JSON.parse(body));
      else context.state = null;
    },
  });
  const requests: Request[] = [
    {
      method: 'POST',
      path: '/api/games',
      onResponse: (status, body, context: Context) => {
        countStatus('create', status);
        if (status === 201) context.id = (JSON.parse(body) as { id: string }).id;
        else context.state = null;
      },
    },
    join('white', (context, joined) => {
      context.white = joined.token;
    }),
    join('black', (context, joined) => {
      context.black = joined.token;
      context.state = joined.game;
      onActive?.();
    }),
  ];
  const move: Request = {
    method: 'POST',
    setupRequest: (request, context: Context) => {
      const state = context.state;
      if (state?.status !== 'active' || state.legalMoves.length === 0) return null;
      const uci = state.legalMoves[Math.floor(Math.random() * state.legalMoves.length)]!;
      context.sentAt = performance.now();
      return {
        ...request,
        path: `/api/games/${context.id}/move`,
        headers: { ...json, authorization: `Bearer ${state.turn === 'white' ? context.white : context.black}` },
        body: `{"move":"${uci}","ply":${state.uci.length}}`,
      };
    },
    onResponse: (status, body, context: Context) => {
      countStatus('move', status);
      if (status === 200) {
        context.state = JSON.parse(body) as Context['state'];
        onMove(context, performance.now() - context.sentAt!);
      } else {
        // Anything else (a timeout's stale ply, a server error) abandons this game: the next request starts anew.
        context.state = null;
      }
    },
  };
  for (let ply = 0; ply < maxPlies; ply++) requests.push(move);
  return requests;
}

async function main(): Promise<unknown> {
  switch (spec.mode) {
    case 'fixed': {
      const options = { url: `${spec.url}${spec.path}`, connections: spec.connections, headers: spec.headers ?? {} };
      if (spec.warmupSeconds > 0) await autocannon({ ...options, duration: spec.warmupSeconds });
      const cpuBefore = cpuSeconds(spec.serverPid);
      const result = await autocannon({ ...options, duration: spec.seconds });
      const serverCpuSeconds = cpuSeconds(spec.serverPid) - cpuBefore;
      const statusCounts = Object.fromEntries(
        Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
      );
      const expected = statusCounts[String(spec.expect)] ?? 0;
      return {
        ...summary(result),
        perSecond: expected / result.duration,
        perServerCpuSecond: expected / serverCpuSeconds,
        serverCpuSeconds,
        statuses: statusCounts,
        unexpected: result.requests.total - expected,
      };
    }
    case 'games': {
      const latencies: number[] = [];
      let moves = 0;
      let finished = 0;
      let started = 0;
      const begin = performance.now();
      const from = begin + spec.warmupSeconds * 1000;
      const to = from + spec.seconds * 1000;
      let cpuFrom = NaN;
      let cpuTo = NaN;
      setTimeout(() => (cpuFrom = cpuSeconds(spec.serverPid)), from - performance.now());
      setTimeout(() => (cpuTo = cpuSeconds(spec.serverPid)), to - performance.now());
      const result = await autocannon({
        url: spec.url,
        connections: spec.connections,
        duration: spec.warmupSeconds + spec.seconds + 0.2,
        timeout: 10,
        requests: gameRequests(
          spec.maxPlies,
          (context, ms) => {
            const now = performance.now();
            if (now < from || now > to) return;
            moves += 1;
            latencies.push(ms);
            if (context.state?.status === 'finished') finished += 1;
          },
          () => (started += 1),
        ),
      });
      latencies.sort((a, b) => a - b);
      return {
        ...summary(result),
        moves,
        movesPerSecond: moves / spec.seconds,
        movesPerServerCpuSecond: moves / (cpuTo - cpuFrom),
        serverCpuSeconds: cpuTo - cpuFrom,
        gamesStarted: started,
        gamesFinishedInWindow: finished,
        moveP50: percentile(latencies, 50),
        moveP99: percentile(latencies, 99),
        statuses,
      };
    }
    case 'active': {
      let active = 0;
      let moves = 0;
      const perGame = 3 + spec.plies;
      const begin = performance.now();
      const requests = gameRequests(
        spec.plies,
        () => (moves += 1),
        () => (active += 1),
      );
      const result = await autocannon({
        url: spec.url,
        connections: spec.connections,
        maxConnectionRequests: spec.gamesPerConnection * perGame,
        // A cap, not a target: the run ends when every connection has made its games.
        duration: spec.maxSeconds ?? 600,
        timeout: 30,
        requests,
      });
      return {
        ...summary(result),
        activeGames: active,
        moves,
        wallSeconds: (performance.now() - begin) / 1000,
        statuses,
      };
    }
    case 'create': {
      let created = 0;
      const result = await autocannon({
        url: spec.url,
        connections: spec.connections,
        maxConnectionRequests: Math.ceil(spec.amount / spec.connections),
        duration: spec.maxSeconds ?? 600,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: '/api/games',
            onResponse: (status) => {
              countStatus('create', status);
              if (status === 201) created += 1;
            },
          },
        ],
      });
      return { ...summary(result), created, statuses };
    }
  }
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
