/**
 * Command-line flags of the terminal client: parsed into plain options, never exiting (cli.tsx decides).
 */
import { userInfo } from 'node:os';
import { readFlags, usageError, type CliResult } from '../shared/cli-flags.js';
import { NAME_RULE_TEXT, parsePlayerName } from '../shared/player-name.js';
import { ok } from '../shared/result.js';
import { formatTimeControl, parseTimeControl, type TimeControl } from '../shared/time-control.js';
import { colorsWanted, localeIsUtf8 } from './output-filter.js';
import { COLORS, GAME_ID_PATTERN, LIMITS, type Color } from '../shared/vocabulary.js';

/** Everything the client needs to know from its command line. */
export interface TuiOptions {
  /** Server root, e.g. `http://127.0.0.1:8080`. */
  server: string;
  /** Name shown to the opponent, e.g. `alice`. */
  name: string;
  /** Join or resume this game; null = resume the latest unfinished saved game, else quick pairing. */
  gameId: string | null;
  /** Ask for this seat; null = whatever is free. */
  color: Color | null;
  /** Pause between two status polls, in ms (e.g. 1000). */
  intervalMs: number;
  /**
   * Only ASCII on screen: letters for pieces, ASCII signs and frames. `--ascii`, or a locale that is not UTF-8
   * (`LANG=C`) unless `--unicode` insists.
   */
  ascii: boolean;
  /** Colours on screen: off when `NO_COLOR` is set (bold and inverse stay). */
  colors: boolean;
  /** Start a new pairing even if a saved game is unfinished. */
  forceNew: boolean;
  /** Line mode even on a terminal (it is automatic when stdin is not a TTY, and with `TERM=dumb`). */
  lineMode: boolean;
  /** Time control for a new pairing or a new game, e.g. 5+3; null = untimed (the default). */
  timeControl: TimeControl | null;
  /** `--clock` was given: only a saved game of that time control is resumed. */
  clockChosen: boolean;
  /** What the client opens with: a game to play (the default), the lobby (`--lobby`), or a game to watch (`--watch ID`). */
  start: StartScreen;
  /** Challenge this bot account (`--challenge NAME`) and play the game it accepts; null: not a challenge. */
  challenge: string | null;
}

/** The first screen: play (take a seat), the lobby, or watching one game as a spectator. */
export type StartScreen = { kind: 'play' } | { kind: 'lobby' } | { kind: 'watch'; gameId: string };

/** The options, or `help` / `usage` (shared/cli-flags.ts). */
export type FlagsResult = CliResult<TuiOptions>;

const GAME_ID = new RegExp(GAME_ID_PATTERN, 'u');

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';
export const DEFAULT_INTERVAL_MS = 1000;
export const MIN_INTERVAL_MS = 100;
export const MAX_INTERVAL_MS = 60_000;

export const HELP = `Usage: rookery-tui [options]        (from the repository: npm run tui -- [options])

Play a game of chess on a Rookery server in your terminal, against anyone: a browser player, another terminal,
a bot. The client polls the server for the opponent's moves.

Options:
  --server URL     Rookery server (env ROOKERY_SERVER, default ${DEFAULT_SERVER})
  --name NAME      your name as the opponent sees it (env ROOKERY_NAME, default your login name)
  --game ID        join this game, or resume your seat in it if you sat there before
  --color COLOR    white or black: the seat to ask for (with --game, or when looking for a game)
  --clock TC       time control for a new pairing or game: 5+3 (minutes + seconds added per move), 0.5+0,
                   3d (days per move) or untimed (default ${formatTimeControl(null)}); quick pairing pairs only
                   with the same time control. Joining with --game plays the game's own time control.
  --interval MS    pause between two polls of the server, ${MIN_INTERVAL_MS}..${MAX_INTERVAL_MS} (default ${DEFAULT_INTERVAL_MS})
  --ascii          ASCII only: letters (K Q R B N P, black in lowercase) instead of Unicode chess pieces, and
                   ASCII signs and frames (automatic when the locale is not UTF-8, e.g. LANG=C)
  --unicode        Unicode pieces and signs even when the locale does not say UTF-8
  --new            start a new game even if a saved game of yours is unfinished
  --line           line mode even on a terminal (automatic when stdin is not a terminal, and with TERM=dumb)
  --lobby          open the lobby: the games waiting for a player and the games being played; join one,
                   or watch any of them (also reached with l after a game)
  --watch ID       watch this game as a spectator (read-only: board, clocks, moves; l opens the lobby)
  --challenge BOT  challenge this bot account (a lichess-API bot online on the server: GET /api/bots) at
                   --clock (default untimed), as --color or a random side; shows "Challenging BOT…" until it
                   answers, then plays the game; a decline (with the bot's reason) or no answer within 20 s
                   ends with that sentence and exit 1
  -h, --help       show this help and exit

Without --game the client resumes your latest unfinished game on this server, or else pairs you with the
player who has waited longest (or opens a game and waits for someone).

Seats: the secret token of every seat you take is kept in $XDG_CONFIG_HOME/rookery/seats.json (default
~/.config/rookery/seats.json, readable only by you), so quitting and starting again resumes your game.

Environment: NO_COLOR=1 turns colours off (every mark also has a character of its own).

Moves: type them in any common form and press Enter: e4, Nf3, exd5, O-O or 0-0, e8=Q, e2e4, e2 e4, e2-e4.
Tab completes from the legal moves; e8 or e7e8 asks which piece. Or move by cursor: the arrow keys move it,
Enter picks a piece up (its legal targets are marked) and puts it down.

Keys (while the move field is empty):
  ?  help          v  flip the board      =  offer a draw / accept an offer / claim a draw
  -  decline an offered draw              s  resign (asks first)     x  abort a game not yet begun (asks)
  [ ]  step back / forward                p  save the PGN            r  rematch (after the game)
  l  the lobby (after the game)
  q Enter  quit (your seat is kept; a lone q may begin a queen move, qh4)      Ctrl-C quit
  Esc  clear the field / drop a picked-up piece / close a panel

Lobby (--lobby): up/down or the game's number picks a game, Enter joins a waiting game or watches a live one,
w watches the picked game, Tab switches between waiting and live games, [ ] pages through older games,
n pairs you for a new game, q quits. A game that turns out full offers to watch it instead.

Line mode (stdin not a terminal, or --line): prints the board and the status as text and reads one line per
move when it is your turn; besides moves it understands: resign, abort (both ask for a yes), draw, offer,
accept, decline, claim, quit.

Clocks: both sides' clocks are shown and count down between polls; below 10 s a clock shows tenths and is
marked LOW, the running clock is in [brackets], and a game lost on time ends with a FLAG banner.

Examples:
  rookery-tui --name alice
  rookery-tui --name alice --clock 5+3
  rookery-tui --lobby
  rookery-tui --watch Vq3kT9xw
  rookery-tui --challenge StockBot --clock 3+2
  rookery-tui --server http://192.168.1.20:8080 --game Vq3kT9xw --color black
  printf 'e4\\nNf3\\n' | rookery-tui --name script --ascii
`;

/** Read argv (without node and script) and env into options. */
export function parseFlags(argv: string[], env: NodeJS.ProcessEnv): FlagsResult {
  const flags = readFlags(argv, {
    server: { type: 'string' },
    name: { type: 'string' },
    game: { type: 'string' },
    color: { type: 'string' },
    interval: { type: 'string' },
    ascii: { type: 'boolean' },
    unicode: { type: 'boolean' },
    new: { type: 'boolean' },
    line: { type: 'boolean' },
    clock: { type: 'string' },
    lobby: { type: 'boolean' },
    watch: { type: 'string' },
    challenge: { type: 'string' },
  });
  if (!flags.ok) return flags;
  const values = flags.value;

  const server = (values.server ?? env['ROOKERY_SERVER'] ?? DEFAULT_SERVER).trim();
  if (!/^https?:\/\/[^\s/]+/u.test(server)) return usageError(`Invalid --server "${server}": use http://host:port.`);

  const parsedName = parsePlayerName(values.name ?? env['ROOKERY_NAME'] ?? loginName());
  if (!parsedName.ok) return usageError(`Invalid --name: use ${NAME_RULE_TEXT}.`);
  const name = parsedName.value;

  const gameId = values.game?.trim() ?? null;
  if (gameId !== null && (!GAME_ID.test(gameId) || gameId.length > LIMITS.gameIdMaxLength)) {
    return usageError(`Invalid --game "${gameId}": a game id is letters, digits, - and _.`);
  }

  const watchId = values.watch?.trim() ?? null;
  if (watchId !== null && (!GAME_ID.test(watchId) || watchId.length > LIMITS.gameIdMaxLength)) {
    return usageError(`Invalid --watch "${watchId}": a game id is letters, digits, - and _.`);
  }
  const challenge = values.challenge?.trim() ?? null;
  if (challenge !== null && !/^[A-Za-z0-9_-]{2,20}$/u.test(challenge)) {
    return usageError(`Invalid --challenge "${challenge}": a bot's name is 2 to 20 letters, digits, _ and -.`);
  }
  const screens = [
    values.lobby ? '--lobby' : null,
    watchId !== null ? '--watch' : null,
    gameId !== null ? '--game' : null,
    challenge !== null ? '--challenge' : null,
  ];
  const chosen = screens.filter((flag) => flag !== null);
  if (chosen.length > 1) return usageError(`${chosen.join(' and ')} cannot be combined: choose one.`);
  const lineMode = values.line === true || env['TERM'] === 'dumb';
  if (lineMode && chosen.length === 1 && chosen[0] !== '--game' && chosen[0] !== '--challenge') {
    return usageError(`${chosen[0]} needs a terminal: it has no line mode.`);
  }

  const colorText = values.color?.trim().toLowerCase() ?? null;
  if (colorText !== null && !(COLORS as readonly string[]).includes(colorText)) {
    return usageError(`Invalid --color "${values.color}": use white or black.`);
  }

  const intervalText = values.interval ?? String(DEFAULT_INTERVAL_MS);
  const intervalMs = Number(intervalText);
  if (!/^\d+$/u.test(intervalText) || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
    return usageError(
      `Invalid --interval "${intervalText}": use milliseconds, ${MIN_INTERVAL_MS}..${MAX_INTERVAL_MS}.`,
    );
  }

  const clock = values.clock === undefined ? null : parseTimeControl(values.clock);
  if (clock && !clock.ok) return usageError(`Invalid --clock: ${clock.message}`);

  return ok({
    server: server.replace(/\/+$/u, ''),
    name,
    gameId,
    color: colorText as Color | null,
    intervalMs,
    ascii: values.ascii === true || (values.unicode !== true && !localeIsUtf8(env)),
    colors: colorsWanted(env),
    forceNew: values.new ?? false,
    lineMode,
    timeControl: clock?.value ?? null,
    clockChosen: clock !== null,
    start: watchId !== null ? { kind: 'watch', gameId: watchId } : values.lobby ? { kind: 'lobby' } : { kind: 'play' },
    challenge,
  });
}

function loginName(): string {
  try {
    return userInfo().username || 'guest';
  } catch {
    return 'guest';
  }
}
