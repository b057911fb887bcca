import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SeatStore, defaultSeatFile } from './seat-store.js';

const dirs: string[] = [];
function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rookery-seats-'));
  dirs.push(dir);
  return join(dir, 'rookery', 'seats.json');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const seat = (gameId: string) => ({
  server: 'http://127.0.0.1:8080',
  gameId,
  color: 'white' as const,
  token: `secret-${gameId}`,
  name: 'alice',
});

describe('SeatStore', () => {
  it('lives under $XDG_CONFIG_HOME/rookery, else ~/.config/rookery', () => {
    expect(defaultSeatFile({ XDG_CONFIG_HOME: '/x/config' })).toBe('/x/config/rookery/seats.json');
    expect(defaultSeatFile({ HOME: '/home/alice' })).toBe('/home/alice/.config/rookery/seats.json');
  });

  it('saves seats in a file only the user can read, newest first', () => {
    const store = new SeatStore(freshFile());
    store.save(seat('one'), new Date('2026-11-21T10:00:00Z'));
    store.save(seat('two'), new Date('2026-11-21T11:00:00Z'));
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(statSync(join(store.file, '..')).mode & 0o777).toBe(0o700);
    expect(store.forServer('http://127.0.0.1:8080').map((saved) => saved.gameId)).toEqual(['two', 'one']);
    expect(store.find('http://127.0.0.1:8080', 'one')?.token).toBe('secret-one');
    expect(store.find('http://other:8080', 'one')).toBeNull();
  });

  it('refreshes a seat instead of keeping two, and forgets removed ones', () => {
    const store = new SeatStore(freshFile());
    store.save(seat('one'));
    store.save(seat('one'));
    expect(store.list()).toHaveLength(1);
    store.remove('http://127.0.0.1:8080', 'one');
    expect(store.list()).toEqual([]);
    expect(JSON.parse(readFileSync(store.file, 'utf8'))).toEqual({ seats: [] });
  });

  it('reads a missing or damaged file as empty, and keeps only well-formed entries', () => {
    const store = new SeatStore(freshFile());
    expect(store.list()).toEqual([]);
    store.save(seat('one'));
    writeFileSync(store.file, '{not json');
    expect(store.list()).toEqual([]);
    writeFileSync(
      store.file,
      JSON.stringify({ seats: [{ gameId: 'x' }, { ...seat('ok'), savedAt: '2026-11-21T10:00:00Z' }] }),
    );
    expect(store.list().map((saved) => saved.gameId)).toEqual(['ok']);
  });
});
