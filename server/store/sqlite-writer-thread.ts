/**
 * The writer thread of a SQLite data file: it owns the one connection that writes, and writes each batch the
 * store sends it in one transaction (sqlite-batch.ts). The store's own thread keeps reading through its own
 * connection (WAL lets readers and the writer work at once) and goes on answering requests while a batch's fsync
 * runs here, so the next batch fills meanwhile: group commit without stopping the event loop.
 *
 * Messages in: `{type: 'write', id, ops}` and `{type: 'close'}`; out: `{id, outcomes}` or `{id, error}`, and
 * `{type: 'closed'}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BatchWriter, type WriteOp } from './sqlite-batch.js';

export interface WriterThreadData {
  /** Absolute path of the data file (already checked, locked and migrated by the store's thread). */
  path: string;
  synchronous: 'FULL' | 'NORMAL';
}

export type WriterRequest = { type: 'write'; id: number; ops: WriteOp[] } | { type: 'close' };

export type WriterReply =
  | { type: 'written'; id: number; outcomes: ReturnType<BatchWriter['write']> }
  | { type: 'error'; id: number; message: string; code?: string }
  | { type: 'closed' };

const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread.ts runs as a worker thread');
const { path, synchronous } = workerData as WriterThreadData;
const db = new Database(path, { timeout: 0, fileMustExist: true });
db.pragma(`synchronous = ${synchronous}`);
db.pragma('foreign_keys = ON');
db.pragma('journal_size_limit = 67108864');
db.pragma('busy_timeout = 2000');
// The writer touches only the pages of the games it changes; the readers' connection keeps the large cache.
db.pragma('cache_size = -2048');
const writer = new BatchWriter(db);

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    db.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    return;
  }
  try {
    port.postMessage({ type: 'written', id: request.id, outcomes: writer.write(request.ops) } satisfies WriterReply);
  } catch (error) {
    const { message, code } = error as Error & { code?: string };
    port.postMessage({ type: 'error', id: request.id, message, ...(code ? { code } : {}) } satisfies WriterReply);
  }
});
