/**
 * Line mode, for pipes and scripts (stdin not a TTY, or --line): the board and status printed as text, one line
 * read per turn. Besides moves a line may be a command: resign, draw, offer, accept, decline, claim, flip, help,
 * quit. It polls with sleeps, like the full-screen client, while the opponent thinks.
 */
import { createInterface } from 'node:readline';
import type { RookeryClient } from '../shared/api-client.js';
import type { GameState } from '../shared/api-schema.js';
import { moveTokens } from '../shared/move-numbers.js';
import { opponentOf, type Color } from '../shared/vocabulary.js';
import { drawActionFor, parseCommand, resignGame, sendDrawAction, submitMove, type ActionOutcome } from './actions.js';
import { pictureBoard, textBoard } from './board-cells.js';
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
  'Type a move (e4, Nf3, O-O, e2e4) or one of: resign, draw, offer, accept, decline, claim, flip, help, quit.';

/** Run a whole game in line mode; resolves with the process exit code. */
export async function runLineMode(options: TuiOptions, deps: LineModeDeps): Promise<number> {
  const say = (text = '') => deps.output.write(`${text}\n`);
  say(`Rookery: taking a seat on ${options.server} as ${options.name}…`);
  const opened = await openSession(deps.client, deps.seats, options);
  if (!opened.ok) {
    deps.errorOutput.write(`rookery-tui: ${opened.message}\n`);
    return 1;
  }
  const { seat } = opened.value;
  let state = opened.value.state;
  let orientation: Color = seat.color;
  const origin = { resumed: 'Resumed your seat', joined: 'Joined', paired: 'Paired', created: 'Opened' }[
    opened.value.origin
  ];
  say(`${origin}: game ${seat.gameId}, you play ${seat.color}.`);
  printState(say, state, seat, orientation, options.ascii);

  const lines = createInterface({ input: deps.input, terminal: false })[Symbol.asyncIterator]();
  try {
    while (state.status !== 'finished') {
      const myTurn = state.status === 'active' && state.turn === seat.color;
      if (!myTurn) {
        const next = await waitForChange(deps.pollClient, state, options.intervalMs, (health) => {
          if (health.phase === 'failing' && health.retryAt !== null) {
            say(`… ${describeStatus(state, seat, health, Date.now(), null).text}`);
          }
        });
        if (next.moves.length > state.moves.length)
          say(`${playerName(next, opponentOf(seat.color))} played ${next.moves.at(-1)}.`);
        state = next;
        printState(say, state, seat, orientation, options.ascii);
        continue;
      }
      const read = await lines.next();
      if (read.done) {
        say(`Input ended. Your seat is saved: run again with --game ${seat.gameId} to resume.`);
        return 0;
      }
      const line = read.value.trim();
      if (line === '') continue;
      say(`> ${line}`);
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
      let outcome: ActionOutcome;
      if (command === 'resign') outcome = await resignGame(deps.client, seat);
      else if (command === 'draw') {
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
    await lines.return?.();
  }
  deps.seats.remove(options.server, seat.gameId);
  return 0;
}

/** Poll (with sleeps) until the game's version passes the one shown. */
function waitForChange(
  client: RookeryClient,
  state: GameState,
  intervalMs: number,
  onHealth: (health: PollHealth) => void,
): Promise<GameState> {
  const controller = new AbortController();
  let last: PollHealth = INITIAL_HEALTH;
  return new Promise((resolve) => {
    void pollGame(
      client,
      state.id,
      { intervalMs, signal: controller.signal, knownVersion: state.version },
      {
        onState(next) {
          controller.abort();
          resolve(next);
        },
        onHealth(health) {
          // Report a failure once, not on every retry.
          if (health.phase !== last.phase) onHealth(health);
          last = health;
        },
      },
    );
  });
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
  if (state.status === 'finished') {
    say(`GAME OVER ${gameOverScore(state)}: ${gameOverTitle(state)}. ${personalResult(state, seat.color)}`);
    return;
  }
  const status = describeStatus(state, seat, { ...INITIAL_HEALTH, phase: 'ok' }, Date.now(), null).text;
  const myTurn = state.status === 'active' && state.turn === seat.color;
  say(myTurn ? `${status} (${seat.color}): type a move, or help.` : status);
}
