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
import type { GameRecord } from './domain/game-record.js';
import { DEFAULT_REDIS_PREFIX } from './store/redis-connection.js';
import { openRedisStore, type RedisGameStore } from './store/redis-store.js';
import { openSqliteStore, type SqliteGameStore } from './store/sqlite-store.js';

const HELP = `Usage: npm run export -- --out FILE [options]

Write every finished game kept by Rookery as one PGN file, oldest first.
Reads the data file (or Redis) only, so it may run while the server is running.

Options:
  --out FILE        where to write the PGN; - writes to standard output
  --data PATH       the data file (env ROOKERY_DATA, default ${DEFAULT_DATA_PATH})
  --redis URL       read a scale-out deployment's Redis instead (env ROOKERY_REDIS_URL)
  --redis-prefix P  its key prefix (env ROOKERY_REDIS_PREFIX, default rookery:)
  --site TEXT       the Site tag of every game (default "Rookery")
  -h, --help        show this help and exit
`;

interface ExportOptions {
  out: string;
  dataPath: string;
  redisUrl: string | null;
  redisPrefix: string;
  site: string;
}

/** Where the finished games come from: `each` visits them oldest first and answers how many it visited. */
interface ArchiveSource {
  each(visit: (record: GameRecord) => void): Promise<number>;
  close(): Promise<void> | void;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CliResult<ExportOptions> {
  const flags = readFlags(argv, {
    out: { type: 'string' },
    data: { type: 'string' },
    redis: { type: 'string' },
    'redis-prefix': { type: 'string' },
    site: { type: 'string' },
  });
  if (!flags.ok) return flags;
  const values = flags.value;
  if (!values.out) return usageError('Missing --out FILE (or --out - for standard output).');
  const dataPath = values.data ?? env['ROOKERY_DATA'] ?? DEFAULT_DATA_PATH;
  if (dataPath.trim() === '') return usageError('Invalid data path "": give the data file\'s path.');
  const redisText = values.redis ?? env['ROOKERY_REDIS_URL'] ?? '';
  return ok({
    out: values.out,
    dataPath,
    redisUrl: redisText === '' ? null : redisText,
    redisPrefix: values['redis-prefix'] ?? env['ROOKERY_REDIS_PREFIX'] ?? DEFAULT_REDIS_PREFIX,
    site: values.site ?? 'Rookery',
  });
}

/** A data file: all games from one read transaction, so the archive is a picture of one moment. */
function sqliteSource(store: SqliteGameStore): ArchiveSource {
  return {
    each: async (visit) =>
      store.snapshot(() => {
        let count = 0;
        for (const id of store.finishedGameIds()) {
          const record = store.getNow(id);
          if (!record) continue;
          visit(record);
          count += 1;
        }
        return count;
      }),
    close: () => store.close(),
  };
}

/** Redis: the finished games as listed when the export starts (a finished game's moves never change). */
function redisSource(store: RedisGameStore): ArchiveSource {
  return {
    each: async (visit) => {
      const ids = await store.finishedGameIds();
      let count = 0;
      for (let start = 0; start < ids.length; start += 100) {
        const records = await Promise.all(ids.slice(start, start + 100).map((id) => store.get(id)));
        for (const record of records) {
          if (!record) continue;
          visit(record);
          count += 1;
        }
      }
      return count;
    },
    close: () => store.close(),
  };
}

/** Write each finished game's PGN through `write`, separated by blank lines; returns how many were written. */
function writeArchive(source: ArchiveSource, site: string, write: (text: string) => void): Promise<number> {
  let count = 0;
  return source.each((record) => {
    write(`${count > 0 ? '\n' : ''}${makePgn(ChessBoard.fromRecord(record), site)}`);
    count += 1;
  });
}

async function openSource(options: ExportOptions): Promise<ArchiveSource | string> {
  if (options.redisUrl !== null) {
    try {
      return redisSource(await openRedisStore(options.redisUrl, { prefix: options.redisPrefix }));
    } catch (error) {
      return (error as Error).message;
    }
  }
  const opened = openSqliteStore(options.dataPath, { readOnly: true });
  return opened.ok ? sqliteSource(opened.value) : opened.message;
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    if (parsed.code === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    process.stderr.write(`rookery export: ${parsed.message}\n\n${HELP}`);
    return 2;
  }
  const { out, site } = parsed.value;
  const source = await openSource(parsed.value);
  if (typeof source === 'string') {
    process.stderr.write(`rookery export: ${source}\n`);
    return 1;
  }
  try {
    if (out === '-') {
      const count = await writeArchive(source, site, (text) => writeSync(1, text));
      process.stderr.write(`Exported ${count} finished games.\n`);
      return 0;
    }
    const partial = `${out}.partial-${process.pid}`;
    const fd = openSync(partial, 'w');
    let count: number;
    try {
      count = await writeArchive(source, site, (text) => writeSync(fd, text));
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
    await source.close();
  }
}

process.exitCode = await main();
