/**
 * `npm run export -- --out games.pgn`: every finished game of a data file as one PGN file, oldest first.
 *
 * It only reads the data file (no lock, no migration), so it can run while the server is serving from the same
 * file; all games come from one read transaction, so the archive is a consistent picture of one moment. The PGN is
 * written to a temporary file beside the target and renamed into place, so an interrupted export never leaves a
 * half-written file under the asked name.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { readFlags, usageError, type CliResult } from '../shared/cli-flags.js';
import { ok } from '../shared/result.js';
import { DEFAULT_DATA_PATH } from './config.js';
import { ChessBoard } from './domain/chess-board.js';
import { makePgn } from './domain/pgn.js';
import { openSqliteStore, type SqliteGameStore } from './store/sqlite-store.js';

const HELP = `Usage: npm run export -- --out FILE [options]

Write every finished game kept by Rookery as one PGN file, oldest first.
Reads the data file only, so it may run while the server is running.

Options:
  --out FILE    where to write the PGN; - writes to standard output
  --data PATH   the data file (env ROOKERY_DATA, default ${DEFAULT_DATA_PATH})
  --site TEXT   the Site tag of every game (default "Rookery")
  -h, --help    show this help and exit
`;

interface ExportOptions {
  out: string;
  dataPath: string;
  site: string;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CliResult<ExportOptions> {
  const flags = readFlags(argv, {
    out: { type: 'string' },
    data: { type: 'string' },
    site: { type: 'string' },
  });
  if (!flags.ok) return flags;
  const values = flags.value;
  if (!values.out) return usageError('Missing --out FILE (or --out - for standard output).');
  const dataPath = values.data ?? env['ROOKERY_DATA'] ?? DEFAULT_DATA_PATH;
  if (dataPath.trim() === '') return usageError('Invalid data path "": give the data file\'s path.');
  return ok({ out: values.out, dataPath, site: values.site ?? 'Rookery' });
}

/** Write each finished game's PGN through `write`, separated by blank lines; returns how many were written. */
function writeArchive(store: SqliteGameStore, site: string, write: (text: string) => void): number {
  return store.snapshot(() => {
    let count = 0;
    for (const id of store.finishedGameIds()) {
      const record = store.getNow(id);
      if (!record) continue;
      write(`${count > 0 ? '\n' : ''}${makePgn(ChessBoard.fromRecord(record), site)}`);
      count += 1;
    }
    return count;
  });
}

function main(): number {
  const parsed = parseOptions(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    if (parsed.code === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    process.stderr.write(`rookery export: ${parsed.message}\n\n${HELP}`);
    return 2;
  }
  const { out, dataPath, site } = parsed.value;
  const opened = openSqliteStore(dataPath, { readOnly: true });
  if (!opened.ok) {
    process.stderr.write(`rookery export: ${opened.message}\n`);
    return 1;
  }
  const store = opened.value;
  try {
    if (out === '-') {
      const count = writeArchive(store, site, (text) => writeSync(1, text));
      process.stderr.write(`Exported ${count} finished games.\n`);
      return 0;
    }
    const partial = `${out}.partial-${process.pid}`;
    const fd = openSync(partial, 'w');
    let count: number;
    try {
      count = writeArchive(store, site, (text) => writeSync(fd, text));
    } catch (error) {
      closeSync(fd);
      rmSync(partial, { force: true });
      throw error;
    }
    closeSync(fd);
    renameSync(partial, out);
    process.stderr.write(`Exported ${count} finished games to ${out}.\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`rookery export: ${(error as Error).message}\n`);
    return 1;
  } finally {
    store.close();
  }
}

process.exitCode = main();
