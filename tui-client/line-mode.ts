/**
 * Line mode, for pipes and scripts (stdin not a TTY, or --line): the board and status printed as text, one line
 * read per turn. Besides moves a line may be a command: resign, draw, offer, accept, decline, claim, flip, help,
 * quit. It polls with sleeps, like the full-screen client, while the opponent thinks, and on its own turn too while
 * no line has come (the opponent may resign or offer a draw, and a clock may run out). In a timed game the status
 * lines carry both clocks, a warning once this player's clock runs low, and the flag when the game ends on time.
 */
import { createInterface } from 'node:readline';
import { sleep, type RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { moveTokens } from '../shared/move-numbers.js';
import { clockAfter, describeTimeControl, formatClock, LOW_TIME_MS, remainingMs } from '../shared/time-control.js';
import { opponentOf, type Color } from '../shared/vocabulary.js';
import {
  abortGame,
  drawActionFor,
  parseCommand,
  resignGame,
  sendDrawAction,
  submitMove,
  type ActionOutcome,
} from './actions.js';
import { pictureBoard, textBoard } from './board-cells.js';
import { clocksLine } from './clock-text.js';
import { describeStatus, gameOverScore, gameOverTitle, personalResult, playerName } from './describe.js';
import type { TuiOptions } from './flags.js';
import { INITIAL_HEALTH, pollGame, type PollHealth } from './poller.js';
import type { SeatStore } from './seat-store.js';
import { openSession, type Seat } from './session.js';

export interface LineModeDeps {
  client: RookeryClient;
  pollClient: RookeryClient;
  seats: SeatStore;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  errorOutput: NodeJS.WritableStream;
}

const LINE_HELP =
  'Type a move (e4, Nf3, O-O, e2e4) or one of: resign, abort, draw, offer, accept, decline, claim, flip, help, quit.';

/** Lines that confirm a resignation or an abort. */
const YES = /^(y|yes)$/iu;

/** Run a whole game in line mode; resolves with the process exit code. */
export async function runLineMode(options: TuiOptions, deps: LineModeDeps): Promise<number> {
  const say = (text = '') => deps.output.write(`${text}\n`);
  say(
    options.challenge
      ? `Rookery: challenging ${options.challenge} (${describeTimeControl(options.timeControl)}) on ${options.server} as ${options.name}…`
      : `Rookery: taking a seat on ${options.server} as ${options.name}…`,
  );
  const opened = await openSession(deps.client, deps.seats, options);
  if (!opened.ok) {
    deps.errorOutput.write(`rookery-tui: ${opened.message}\n`);
    return 1;
  }
  const { seat } = opened.value;
  let state = opened.value.state;
  let orientation: Color = seat.color;
  const origin = {
    resumed: 'Resumed your seat',
    joined: 'Joined',
    paired: 'Paired',
    created: 'Opened',
    rematch: 'Rematch',
    challenged: 'Challenge accepted',
  }[opened.value.origin];
  say(`${origin}: game ${seat.gameId}, you play ${seat.color}.`);
  printState(say, state, seat, orientation, options.ascii);

  const lines = createInterface({ input: deps.input, terminal: false })[Symbol.asyncIterator]();
  // The line asked for on this turn, kept across polls that found news before it came.
  let pendingLine: Promise<IteratorResult<string>> | null = null;
  // A terminal echoes what is typed; only piped lines are repeated, so that a transcript shows them.
  const echo = !(deps.input as { isTTY?: boolean }).isTTY;
  // The resignation or abort waiting for a "yes" on the next line.
  let confirming: 'resign' | 'abort' | null = null;
  const onHealth = (health: PollHealth) => {
    if (health.phase === 'failing' && health.retryAt !== null) {
      say(`… ${describeStatus(state, seat, health, Date.now(), null).text}`);
    }
  };
  try {
    while (state.status !== 'finished') {
      const myTurn = state.status === 'active' && state.turn === seat.color;
      if (!myTurn) {
        const next = await waitForChange(deps.pollClient, state, options.intervalMs, onHealth);
        if (!next) continue;
        if (next.moves.length > state.moves.length)
          say(`${playerName(next, opponentOf(seat.color))} played ${next.moves.at(-1)}.`);
        state = next;
        printState(say, state, seat, orientation, options.ascii);
        continue;
      }
      pendingLine ??= lines.next();
      const news = await lineOrChange(pendingLine, deps.pollClient, state, seat, options.intervalMs, onHealth, say);
      if ('state' in news) {
        state = news.state;
        printState(say, state, seat, orientation, options.ascii);
        continue;
      }
      pendingLine = null;
      const read = news.read;
      if (read.done) {
        say(`Input ended. Your seat is saved: run again with --game ${seat.gameId} to resume.`);
        return 0;
      }
      const line = read.value.trim();
      if (line === '') continue;
      if (echo) say(`> ${line}`);
      if (confirming) {
        const asked = confirming;
        confirming = null;
        if (!YES.test(line)) {
          say(asked === 'resign' ? 'Not resigned: play on.' : 'Not aborted.');
          continue;
        }
        const outcome = asked === 'resign' ? await resignGame(deps.client, seat) : await abortGame(deps.client, seat);
        if (outcome.notice) say(`✗ ${outcome.notice.text}`);
        if (outcome.state && outcome.state.version > state.version) {
          state = outcome.state;
          printState(say, state, seat, orientation, options.ascii);
        }
        continue;
      }
      const command = parseCommand(line);
      if (command === 'quit') {
        say(`Your seat is saved: run again with --game ${seat.gameId} to resume.`);
        return 0;
      }
      if (command === 'help') {
        say(LINE_HELP);
        continue;
      }
      if (command === 'flip') {
        orientation = opponentOf(orientation);
        printState(say, state, seat, orientation, options.ascii);
        continue;
      }
      if (command === 'resign' || command === 'abort') {
        confirming = command;
        say(command === 'resign' ? 'Resign this game? Type yes to resign.' : 'Abort this game? Type yes to abort.');
        continue;
      }
      let outcome: ActionOutcome;
      if (command === 'draw') {
        const action = drawActionFor(state, seat);
        outcome = action
          ? await sendDrawAction(deps.client, seat, action)
          : { state: null, notice: { tone: 'info', text: 'There is no draw to offer, accept or claim now.' } };
      } else if (command) outcome = await sendDrawAction(deps.client, seat, command);
      else outcome = await submitMove(deps.client, seat, state, line);
      if (outcome.notice) {
        say(`${outcome.notice.tone === 'error' ? '✗' : '✓'} ${outcome.notice.text}`);
        if (outcome.notice.suggestion) say(`? Did you mean ${outcome.notice.suggestion}?`);
      }
      if (outcome.state && outcome.state.version > state.version) {
        state = outcome.state;
        printState(say, state, seat, orientation, options.ascii);
      }
    }
  } finally {
    // A line still asked for would keep the iterator (and stdin) busy: closing it settles the request.
    await lines.return?.();
  }
  deps.seats.remove(options.server, seat.gameId);
  return 0;
}

/**
 * On this player's turn: the next input line, or a newer state if one comes first (polled after a first pause,
 * since the state in hand has just arrived). In a timed game, says once when this player's clock falls under
 * LOW_TIME_MS while no line has come.
 */
async function lineOrChange(
  line: Promise<IteratorResult<string>>,
  client: RookeryClient,
  state: GameState,
  seat: Seat,
  intervalMs: number,
  onHealth: (health: PollHealth) => void,
  say: (text?: string) => void,
): Promise<{ read: IteratorResult<string> } | { state: GameState }> {
  const controller = new AbortController();
  const receivedAt = Date.now();
  let warning: ReturnType<typeof setTimeout> | undefined;
  const clock = state.clock ?? null;
  if (clock?.running === seat.color) {
    const untilLow = remainingMs(clock, seat.color) - LOW_TIME_MS;
    if (untilLow > 0) {
      warning = setTimeout(() => {
        const left = remainingMs(clockAfter(clock, Date.now() - receivedAt), seat.color);
        say(`⚠ Your clock: ${formatClock(left)} — low time. Type a move, or help.`);
      }, untilLow + 1);
    }
  }
  try {
    return await Promise.race([
      line.then((read) => ({ read })),
      waitForChange(client, state, intervalMs, onHealth, controller.signal, intervalMs).then((next) =>
        next ? { state: next } : new Promise<never>(() => {}),
      ),
    ]);
  } finally {
    controller.abort();
    clearTimeout(warning);
  }
}

/**
 * Poll (with sleeps) until the game's version passes the one shown; null if `signal` aborts first. `delayMs`
 * waits before the first request.
 */
async function waitForChange(
  client: RookeryClient,
  state: GameState,
  intervalMs: number,
  onHealth: (health: PollHealth) => void,
  signal?: AbortSignal,
  delayMs = 0,
): Promise<GameState | null> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let last: PollHealth = INITIAL_HEALTH;
  try {
    if (delayMs > 0) await sleep(delayMs, controller.signal);
    if (controller.signal.aborted) return null;
    return await new Promise((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(null), { once: true });
      void pollGame(
        client,
        state.id,
        { intervalMs, signal: controller.signal, knownVersion: state.version },
        {
          onState(next) {
            resolve(next);
            controller.abort();
          },
          onHealth(health) {
            // Report a failure once, not on every retry.
            if (health.phase !== last.phase) onHealth(health);
            last = health;
          },
        },
      );
    });
  } catch {
    // The pause was cut short: aborted.
    return null;
  } finally {
    signal?.removeEventListener('abort', stop);
    controller.abort();
  }
}

function printState(
  say: (text?: string) => void,
  state: GameState,
  seat: Seat,
  orientation: Color,
  ascii: boolean,
): void {
  say();
  for (const line of textBoard(pictureBoard(state, orientation, ascii))) say(`  ${line}`);
  say(`  ${playerName(state, 'white')} (white) vs ${playerName(state, 'black')} (black)`);
  if (state.moves.length > 0) say(`  Moves: ${moveTokens(state.initialFen, state.moves).join(' ')}`); // "1. e4 e5 2. Nf3", "12... e5 13. Nf3"
  const clocks = clocksLine(state, state.clock ?? null);
  if (clocks) say(`  ${clocks}`);
  if (state.status === 'finished') {
    const flag = state.termination === 'timeout' ? '⚑ FLAG — ' : '';
    say(`${flag}GAME OVER ${gameOverScore(state)}: ${gameOverTitle(state)}. ${personalResult(state, seat.color)}`);
    return;
  }
  const health = { ...INITIAL_HEALTH, phase: 'ok' as const };
  const status = describeStatus(state, seat, health, Date.now(), null, state.clock ?? null).text;
  const myTurn = state.status === 'active' && state.turn === seat.color;
  // "Your move (white) — your clock: 8.4 — low time: type a move, or help."
  say(myTurn ? `${status.replace('Your move', `Your move (${seat.color})`)}: type a move, or help.` : status);
}
