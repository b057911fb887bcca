/**
 * Command-line flags for every Rookery command (server, export, bots, match, terminal client): strict
 * `--name value` flags, `-h`/`--help` always, no positionals. Never exits: the caller prints help or the error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fail, ok, type Failure, type Result } from './result.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Why a command line gives no settings: `help` (-h/--help was given: print the help, exit 0) or `usage` (a flag
 * is unknown, misspelt or has a bad value: print `message` and the help, exit 2).
 */
export type CliFailure = Failure<'help' | 'usage'>;

/** The settings a command line asks for, or why there are none. */
export type CliResult<T> = Result<T, CliFailure>;

/** The failure that stands for `--help`. */
export const HELP_REQUESTED: CliFailure = fail('help', 'Help was asked for (-h or --help).');

/** A refused command line: `message` says which flag and what to use instead. */
export function usageError(message: string): CliFailure {
  return fail('usage', message);
}

/** Read `argv` (without node and the script) against `options`; `--help` is added to every command. */
export function readFlags<const O extends ParseArgsOptionsConfig>(argv: readonly string[], options: O) {
  // biome-ignore lint/suspicious/noImplicitAnyLet: the type is parseArgs's own, inferred from the options inside the try.
  let parsed;
  try {
    parsed = parseArgs({
      args: attachDashValues(argv, options),
      options: { ...options, ...HELP_FLAG },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return usageError((error as Error).message) as CliResult<never>;
  }
  if ((parsed.values as { help?: boolean }).help) return HELP_REQUESTED as CliResult<never>;
  return ok(parsed.values);
}

/**
 * `--game -Ab3` as `--game=-Ab3`: a string flag takes the next argument as its value whatever it starts with, as
 * getopt does, so values that begin with `-` (game ids, 1 in 64 of them) can be passed. parseArgs alone refuses
 * them as ambiguous. `--flag=value` and arguments after `--` are left as they are.
 */
function attachDashValues(argv: readonly string[], options: ParseArgsOptionsConfig): string[] {
  const out: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') {
      out.push(...argv.slice(index));
      break;
    }
    const next = argv[index + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next?.startsWith('-')) {
      out.push(`${arg}=${next}`);
      index++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
