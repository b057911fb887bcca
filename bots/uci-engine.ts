/**
 * A UCI chess engine process (Stockfish or any other), spoken to over stdin/stdout.
 *
 * The conversation: `uci` -> `uciok`, optional `setoption`, `isready` -> `readyok`, then per game `ucinewgame`
 * and per move `position startpos|fen … moves …` and `go …` -> `info … score …`* -> `bestmove`. Every wait has a
 * deadline, so a silent engine becomes an `EngineError('timeout')`; an engine that exits becomes an
 * `EngineError('crashed')`. Restarting is the caller's decision (see uci-player.ts).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Why an engine could not do what it was asked. */
export class EngineError extends Error {
  readonly kind: 'crashed' | 'timeout' | 'protocol';

  constructor(kind: EngineError['kind'], message: string) {
    super(message);
    this.name = 'EngineError';
    this.kind = kind;
  }
}

export interface UciEngineOptions {
  /** The engine's executable, e.g. `/usr/games/stockfish`. */
  path: string;
  args?: string[];
  /** Environment of the engine process (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Longest wait for `uciok` and `readyok`, in ms (default 10 s). */
  handshakeTimeoutMs?: number;
  /** Time allowed beyond a search's own limit before the engine counts as silent, in ms (default 5 s). */
  searchMarginMs?: number;
  /** Longest search when the limit is a depth, in ms (default 60 s). */
  depthTimeoutMs?: number;
  /** `setoption name … value …` sent after `uciok`, e.g. `{Threads: '1', Hash: '16'}`. */
  setOptions?: Record<string, string>;
  /** Receives every line exchanged (`> ` sent, `< ` received), for debugging. */
  log?: (line: string) => void;
}

/** Where to search from: the game's initial position (null = the standard start) and the moves since, in UCI. */
export interface UciPosition {
  initialFen: string | null;
  moves: readonly string[];
}

/** Clock state for `go wtime … btime … winc … binc …`, all in ms. */
export interface UciClock {
  wtime: number;
  btime: number;
  winc: number;
  binc: number;
}

/**
 * How long to search: a fixed time, a depth, a depth capped by a time, or a clock (the engine manages its own
 * time) with an optional hard stop: after `stopAfterMs` the engine is sent `stop` and must answer at once.
 */
export type SearchLimit =
  | { movetime: number; depth?: number }
  | { depth: number }
  | { clock: UciClock; stopAfterMs?: number };

/** An evaluation from the point of view of the side to move: centipawns, or mate in N moves (negative: mated). */
export type EngineScore = { kind: 'cp'; value: number } | { kind: 'mate'; value: number };

export interface SearchResult {
  /** The chosen move in UCI. */
  bestMove: string;
  /** The last score the engine reported (main line), or null if it sent none. */
  score: EngineScore | null;
}

/** The `position` command for a position. */
export function makePositionCommand(position: UciPosition): string {
  const base = position.initialFen ? `position fen ${position.initialFen}` : 'position startpos';
  return position.moves.length ? `${base} moves ${position.moves.join(' ')}` : base;
}

/** The `go` command for a limit. */
export function makeGoCommand(limit: SearchLimit): string {
  if ('clock' in limit) {
    const { wtime, btime, winc, binc } = limit.clock;
    return `go wtime ${Math.max(0, Math.round(wtime))} btime ${Math.max(0, Math.round(btime))} winc ${Math.round(winc)} binc ${Math.round(binc)}`;
  }
  if ('movetime' in limit) {
    return limit.depth ? `go depth ${limit.depth} movetime ${limit.movetime}` : `go movetime ${limit.movetime}`;
  }
  return `go depth ${limit.depth}`;
}

/** The score of an `info` line, or null when it has none. Bounds (`lowerbound`/`upperbound`) are taken as-is. */
export function parseInfoScore(line: string): EngineScore | null {
  const match = /\bscore (cp|mate) (-?\d+)/u.exec(line);
  if (!match) return null;
  return { kind: match[1] as 'cp' | 'mate', value: Number(match[2]) };
}

/** The move of a `bestmove` line (`bestmove e2e4 ponder e7e5`), or null for `(none)` / `0000`. */
export function parseBestMove(line: string): string | null {
  const move = line.trim().split(/\s+/u)[1];
  if (!move || move === '(none)' || move === '0000') return null;
  return move;
}

/** One running engine process. */
export class UciEngine {
  /** The engine's own name (`id name`), or the executable's path until it says. */
  name: string;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly options: UciEngineOptions;
  private readonly lineListeners = new Set<(line: string) => void>();
  private readonly exitListeners = new Set<(reason: string) => void>();
  private exitReason: string | null = null;

  private constructor(options: UciEngineOptions) {
    this.options = options;
    this.name = options.path;
    this.child = spawn(options.path, options.args ?? [], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    // A dead engine makes writes fail with EPIPE; the exit handler reports it.
    this.child.stdin.on('error', () => {});
    this.child.stderr.resume();
    const lines = createInterface({ input: this.child.stdout });
    lines.on('line', (line) => {
      options.log?.(`< ${line}`);
      for (const listener of [...this.lineListeners]) listener(line);
    });
    this.child.on('error', (error) => this.exited(`could not run ${options.path}: ${error.message}`));
    this.child.on('exit', (code, signal) => this.exited(`${this.name} exited (${signal ?? `code ${code}`})`));
  }

  /** Start the engine and finish the handshake (`uci`/`uciok`, options, `isready`/`readyok`). */
  static async start(options: UciEngineOptions): Promise<UciEngine> {
    const engine = new UciEngine(options);
    try {
      const timeout = options.handshakeTimeoutMs ?? 10_000;
      const idLine = engine.collectFirst((line) => line.startsWith('id name '));
      engine.send('uci');
      await engine.waitFor((line) => line.trim() === 'uciok', timeout, 'uci');
      const id = idLine();
      if (id) engine.name = id.slice('id name '.length).trim();
      for (const [name, value] of Object.entries(options.setOptions ?? {}))
        engine.send(`setoption name ${name} value ${value}`);
      await engine.ready();
      return engine;
    } catch (error) {
      engine.kill();
      throw error;
    }
  }

  /** Is the process still running? */
  get isRunning(): boolean {
    return this.exitReason === null;
  }

  /** `isready` -> `readyok`. */
  async ready(): Promise<void> {
    this.send('isready');
    await this.waitFor((line) => line.trim() === 'readyok', this.options.handshakeTimeoutMs ?? 10_000, 'isready');
  }

  /** `ucinewgame`, then wait until the engine is ready. */
  async newGame(): Promise<void> {
    this.send('ucinewgame');
    await this.ready();
  }

  /** Search a position; resolves with `bestmove` and the last score seen. */
  async search(position: UciPosition, limit: SearchLimit): Promise<SearchResult> {
    let score: EngineScore | null = null;
    const onInfo = (line: string) => {
      // Only the main line's score: with MultiPV, other lines report their own.
      if (!line.startsWith('info ') || /\bmultipv (?!1\b)\d+/u.test(line)) return;
      score = parseInfoScore(line) ?? score;
    };
    this.lineListeners.add(onInfo);
    let stopTimer: ReturnType<typeof setTimeout> | undefined;
    try {
      this.send(makePositionCommand(position));
      this.send(makeGoCommand(limit));
      // A guard against an engine that overspends its clock: `stop` makes it answer with its best move so far.
      const stopAfter = 'clock' in limit ? limit.stopAfterMs : undefined;
      stopTimer = stopAfter === undefined ? undefined : setTimeout(() => this.send('stop'), stopAfter);
      const line = await this.waitFor((text) => text.startsWith('bestmove'), this.searchTimeout(limit), 'go');
      const bestMove = parseBestMove(line);
      if (!bestMove) throw new EngineError('protocol', `${this.name} found no move ("${line.trim()}").`);
      return { bestMove, score };
    } finally {
      clearTimeout(stopTimer);
      this.lineListeners.delete(onInfo);
    }
  }

  /** `quit`, then kill the process if it has not exited within a second. */
  async quit(): Promise<void> {
    if (!this.isRunning) return;
    const exited = new Promise<void>((resolve) => this.exitListeners.add(() => resolve()));
    this.send('quit');
    const timer = setTimeout(() => this.kill(), 1000);
    await exited;
    clearTimeout(timer);
  }

  /** Kill the process at once. */
  kill(): void {
    if (this.isRunning) this.child.kill('SIGKILL');
  }

  private send(command: string): void {
    if (!this.isRunning) return;
    this.options.log?.(`> ${command}`);
    this.child.stdin.write(`${command}\n`);
  }

  private searchTimeout(limit: SearchLimit): number {
    const margin = this.options.searchMarginMs ?? 5000;
    if ('clock' in limit) return (limit.stopAfterMs ?? Math.max(limit.clock.wtime, limit.clock.btime)) + margin;
    if ('movetime' in limit) return limit.movetime + margin;
    return this.options.depthTimeoutMs ?? 60_000;
  }

  /** Remember the first line matching, from now on; the returned function gives it (or null). */
  private collectFirst(match: (line: string) => boolean): () => string | null {
    let found: string | null = null;
    const listener = (line: string) => {
      if (match(line)) {
        found = line;
        this.lineListeners.delete(listener);
      }
    };
    this.lineListeners.add(listener);
    return () => {
      this.lineListeners.delete(listener);
      return found;
    };
  }

  /** The first line matching, or an EngineError when the engine exits or stays silent past the deadline. */
  private waitFor(match: (line: string) => boolean, timeoutMs: number, command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.exitReason !== null) {
        reject(new EngineError('crashed', this.exitReason));
        return;
      }
      const cleanup = () => {
        clearTimeout(timer);
        this.lineListeners.delete(onLine);
        this.exitListeners.delete(onExit);
      };
      const onLine = (line: string) => {
        if (!match(line)) return;
        cleanup();
        resolve(line);
      };
      const onExit = (reason: string) => {
        cleanup();
        reject(new EngineError('crashed', reason));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new EngineError('timeout', `${this.name} did not answer "${command}" within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.lineListeners.add(onLine);
      this.exitListeners.add(onExit);
    });
  }

  private exited(reason: string): void {
    if (this.exitReason !== null) return;
    this.exitReason = reason;
    for (const listener of [...this.exitListeners]) listener(reason);
  }
}
