import { describe, expect, it } from 'vitest';
import { readFlags } from './cli-flags.js';

describe('readFlags', () => {
  const options = { port: { type: 'string' }, quiet: { type: 'boolean' } } as const;

  it('answers the values as a success', () => {
    expect(readFlags(['--port', '9000', '--quiet'], options)).toEqual({
      ok: true,
      value: { port: '9000', quiet: true },
    });
  });

  it('answers -h and --help with the help failure, whatever else is given', () => {
    expect(readFlags(['-h'], options)).toMatchObject({ ok: false, code: 'help' });
    expect(readFlags(['--port', '1', '--help'], options)).toMatchObject({ ok: false, code: 'help' });
  });

  it('refuses unknown flags and positionals with a usage failure that names them', () => {
    expect(readFlags(['--bogus'], options)).toMatchObject({
      ok: false,
      code: 'usage',
      message: expect.stringMatching(/--bogus/u),
    });
    expect(readFlags(['stray'], options)).toMatchObject({ ok: false, code: 'usage' });
  });

  it('takes a value that starts with - for a string flag (game ids such as -Ab3), item 1 of issue 13', () => {
    const withGame = { game: { type: 'string' }, quiet: { type: 'boolean' } } as const;
    expect(readFlags(['--game', '-Ab3', '--quiet'], withGame)).toEqual({
      ok: true,
      value: { game: '-Ab3', quiet: true },
    });
    expect(readFlags(['--game', '--', '--quiet'], withGame)).toEqual({ ok: true, value: { game: '--', quiet: true } });
    expect(readFlags(['--game=-x'], withGame)).toEqual({ ok: true, value: { game: '-x' } });
    // A boolean flag never takes a value, and a missing value is still refused.
    expect(readFlags(['--quiet', '-h'], withGame)).toMatchObject({ ok: false, code: 'help' });
    expect(readFlags(['--game'], withGame)).toMatchObject({ ok: false, code: 'usage' });
  });
});
