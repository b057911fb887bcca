/**
 * The command line of `npm run bot`: flags and environment in, a BotConfig or a sentence out. Never exits.
 */
import { readFlags, usageError, type CliResult } from '../shared/cli-flags.js';
import { NAME_RULE_TEXT, parsePlayerName } from '../shared/player-name.js';
import { ok } from '../shared/result.js';
import { parseTimeControl, type TimeControl } from '../shared/time-control.js';
import { COLORS, type Color } from '../shared/vocabulary.js';
import { DEFAULT_ENGINE_PATH, parsePositiveInt, type PlayerSpec } from './player-spec.js';

export const HELP = `Usage: npm run bot -- [options]
       npm run bot -- --lichess-api --token TOKEN [--server URL] [--engine stockfish|random] [options]

A Rookery chess bot: joins a game, plays it to the end on the live feed, prints the result.
With --lichess-api it is a bot account of lichess's Bot API instead (a Rookery server's, or lichess.org's).

Options:
  --server URL        the Rookery server (env ROOKERY_SERVER, default http://127.0.0.1:8080)
  --game ID           join this game (default: quick pairing, the oldest waiting game or a new one)
  --color white|black the seat to ask for with --game (default: the free one)
  --clock TC          quick pairing only with games of this time control: 5+3 (minutes+increment seconds),
                      1+0, 0.5+0, 3d (days per move) or untimed (the default)
  --name NAME         the name other players see (default: random-bot or uci-bot)
  --engine KIND       random (any legal move), uci (a UCI engine) or stockfish (the same: uci with
                      --engine-path defaulting to Stockfish); default random
  --engine-path PATH  the UCI engine's executable (default ${DEFAULT_ENGINE_PATH})
  --movetime MS       UCI search time per move in milliseconds (untimed games: default 100 when --depth is not
                      given; timed games: default from the clock, and always capped by it)
  --depth N           UCI search depth per move (capped in time by the clock in timed games)
  --seed N            random: repeatable choices
  --verbose           print every move and draw answer
  -h, --help          show this help

Timed games: the UCI bot gives its engine both clocks (go wtime/btime/winc/binc) less a transport reserve,
so that it does not lose on time; correspondence games get a fixed search (1 s, or --movetime).

lichess Bot API mode (--lichess-api):
  --token TOKEN       the bot account's token (env LICHESS_BOT_TOKEN); on Rookery: npm run account -- create
                      NAME --bot (docs/lichess-bots.md); on lichess.org a BOT account's bot:play token
  --server URL        the server's base URL (default http://127.0.0.1:8080; https://lichess.org works too)
  --max-games N       games at once (default 1; each has its own engine process)
  The bot opens the account's event stream and keeps it open (it is opened again after a drop or 15 s of
  silence, after 1 s, 2 s, 4 s … at most 30 s); accepts challenges of standard chess (from the start or a
  position) at any speed, and declines others with lichess's reasons: "variant" for other variants, "later"
  while it plays --max-games games or is stopping. Each game's stream is followed (reopened after a drop) and
  the engine gets the clocks as go wtime/btime/winc/binc. Games in progress when it starts are picked up.
  Ctrl-C once: no new challenges, the games in progress are played to their end, then exit 130; Ctrl-C
  again: resign (or abort) them and exit 130 at once. --game, --color, --clock and --name do not apply.

Draw offers: the random bot always declines; the UCI bot accepts only when its engine scores the position
level (within 0.30 pawns, no mate in sight). An engine that crashes or goes silent is restarted once; if it
fails again the bot resigns and exits 1.
`;

export interface BotConfig {
  server: string;
  gameId: string | undefined;
  color: Color | undefined;
  /** The time control to quick-pair with (null: untimed). */
  timeControl: TimeControl | null;
  name: string;
  spec: PlayerSpec;
  verbose: boolean;
  /** lichess Bot API mode (--lichess-api): the account's token and the games played at once; else null. */
  lichess: { token: string; maxGames: number } | null;
}

/** The bot's settings, or `help` / `usage` (shared/cli-flags.ts). */
export type ConfigResult = CliResult<BotConfig>;

/** Read the command line; never exits. */
export function parseBotArgs(argv: string[], env: NodeJS.ProcessEnv): ConfigResult {
  const flags = readFlags(argv, {
    server: { type: 'string' },
    game: { type: 'string' },
    color: { type: 'string' },
    clock: { type: 'string' },
    name: { type: 'string' },
    engine: { type: 'string' },
    'engine-path': { type: 'string' },
    movetime: { type: 'string' },
    depth: { type: 'string' },
    seed: { type: 'string' },
    verbose: { type: 'boolean' },
    'lichess-api': { type: 'boolean' },
    token: { type: 'string' },
    'max-games': { type: 'string' },
  });
  if (!flags.ok) return flags;
  const values = flags.value;
  const server = values.server ?? env['ROOKERY_SERVER'] ?? 'http://127.0.0.1:8080';
  if (!/^https?:\/\/[^/\s]+/u.test(server)) return usageError(`Invalid server "${server}": use http://HOST:PORT.`);
  const color = values.color;
  if (color !== undefined && !COLORS.includes(color as Color))
    return usageError(`Invalid color "${color}": use white or black.`);
  if (color !== undefined && values.game === undefined)
    return usageError('--color needs --game (quick pairing picks the seat).');
  let timeControl: TimeControl | null = null;
  if (values.clock !== undefined) {
    if (values.game !== undefined)
      return usageError('--clock is for quick pairing: a game given with --game has its own time control.');
    const parsedClock = parseTimeControl(values.clock);
    if (!parsedClock.ok) return usageError(`Invalid --clock: ${parsedClock.message}`);
    timeControl = parsedClock.value;
  }
  const engineText = values.engine ?? 'random';
  if (engineText !== 'random' && engineText !== 'uci' && engineText !== 'stockfish')
    return usageError(`Invalid engine "${engineText}": use random or uci (or stockfish: uci with Stockfish).`);
  const engine = engineText === 'stockfish' ? 'uci' : engineText;
  const lichess = readLichessFlags(values, env);
  if (!lichess.ok) return lichess;
  const movetime = parsePositiveInt('movetime', values.movetime);
  if (!movetime.ok) return movetime;
  const depth = parsePositiveInt('depth', values.depth);
  if (!depth.ok) return depth;
  const seed = parsePositiveInt('seed', values.seed);
  if (!seed.ok) return seed;
  const parsedName = parsePlayerName(values.name ?? `${engine}-bot`);
  if (!parsedName.ok) return usageError(`Invalid --name: use ${NAME_RULE_TEXT}.`);
  const name = parsedName.value;
  const spec: PlayerSpec =
    engine === 'random'
      ? { kind: 'random', ...(seed.value ? { seed: seed.value } : {}) }
      : {
          kind: 'uci',
          path: values['engine-path'] ?? DEFAULT_ENGINE_PATH,
          ...(movetime.value ? { movetime: movetime.value } : {}),
          ...(depth.value ? { depth: depth.value } : {}),
        };
  return ok({
    server: server.replace(/\/+$/u, ''),
    gameId: values.game,
    color: color as Color | undefined,
    timeControl,
    name,
    spec,
    verbose: values.verbose ?? false,
    lichess: lichess.value,
  });
}

/** The lichess-mode flags: null without --lichess-api; a token is then required, and the Rookery-only flags refused. */
function readLichessFlags(
  values: {
    'lichess-api'?: boolean;
    token?: string;
    'max-games'?: string;
    game?: string;
    color?: string;
    clock?: string;
    name?: string;
  },
  env: NodeJS.ProcessEnv,
): CliResult<BotConfig['lichess']> {
  if (!values['lichess-api']) {
    if (values.token !== undefined || values['max-games'] !== undefined)
      return usageError('--token and --max-games are for --lichess-api.');
    return ok(null);
  }
  for (const flag of ['game', 'color', 'clock', 'name'] as const) {
    if (values[flag] !== undefined)
      return usageError(`--${flag} does not apply with --lichess-api (challenges decide the games).`);
  }
  const token = values.token ?? env['LICHESS_BOT_TOKEN'];
  if (!token) return usageError('--lichess-api needs --token TOKEN (or LICHESS_BOT_TOKEN).');
  if (!/^[A-Za-z0-9_]+$/u.test(token)) return usageError('Invalid --token: a token is letters, digits and _.');
  const maxGames = parsePositiveInt('max-games', values['max-games']);
  if (!maxGames.ok) return maxGames;
  return ok({ token, maxGames: maxGames.value ?? 1 });
}
