import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';
import { Accounts } from './accounts.js';
import { openSqliteAccountStore } from './sqlite-account-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('accounts in the games data file', () => {
  it('tokens are opaque, shown once, stored hashed; names unique whatever their case; revoke stops a token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rookery-accounts-'));
    dirs.push(dir);
    const path = join(dir, 'rookery.db');
    const games = openSqliteStore(path, { writerThread: false });
    if (!games.ok) throw new Error(games.message);
    const opened = openSqliteAccountStore(path);
    if (!opened.ok) throw new Error(opened.message);
    const accounts = new Accounts(opened.value);

    const made = await accounts.create('StockBot', { bot: true });
    if (!made.ok) throw new Error(made.message);
    expect(made.value.token).toMatch(/^[A-Za-z0-9_]+$/u);
    expect(made.value.token.length - 'rook_'.length).toBeGreaterThanOrEqual(32);
    expect((await accounts.create('stockbot', { bot: true })).ok).toBe(false);
    expect((await accounts.create('has space', { bot: true })).ok).toBe(false);
    expect((await accounts.authenticate(made.value.token))?.username).toBe('StockBot');
    await opened.value.close();
    await games.value.close();
    // Only the hash is on disk.
    expect(readFileSync(path).includes(Buffer.from(made.value.token))).toBe(false);

    const reopened = openSqliteAccountStore(path);
    if (!reopened.ok) throw new Error(reopened.message);
    const again = new Accounts(reopened.value);
    expect((await again.authenticate(made.value.token))?.id).toBe('stockbot');
    expect((await again.revoke('STOCKBOT')).ok).toBe(true);
    expect(await again.authenticate(made.value.token)).toBeUndefined();
    expect((await again.list()).map((account) => [account.username, account.title, account.tokens])).toEqual([
      ['StockBot', 'BOT', 0],
    ]);
    await reopened.value.close();
  });
});
