import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';
import { describeGameStoreContract } from './store-contract.js';

const folder = mkdtempSync(join(tmpdir(), 'rookery-sqlite-contract-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

// A new data file for every test, as a fresh server would make.
describeGameStoreContract('SqliteGameStore', async () => {
  const opened = openSqliteStore(join(folder, `contract-${files++}.db`));
  if (!opened.ok) throw new Error(`${opened.code}: ${opened.message}`);
  return opened.value;
});
