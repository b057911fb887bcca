/**
 * Command-line flags for every Rookery command (server, export, bots, match, terminal client): strict
 * `--name value` flags, `-h`/`--help` always, no positionals. Never exits: the caller prints help or the error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/** Read `argv` (without node and the script) against `options`; `--help` is added to every command. */
export function readFlags<const O extends ParseArgsOptionsConfig>(argv: readonly string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, ...HELP_FLAG }, strict: true, allowPositionals: false });
  } catch (error) {
    return { ok: false, error: (error as Error).message } as const;
  }
  if ((parsed.values as { help?: boolean }).help) return { ok: false, help: true } as const;
  return { ok: true, values: parsed.values } as const;
}
