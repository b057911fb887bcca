import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { JoinBodySchema } from './api-schema.js';
import { parsePlayerName } from './player-name.js';

describe('parsePlayerName', () => {
  it.each([
    ['alice', 'alice'],
    ['  bob  ', 'bob'],
    ['Zoë [the] {first}; a]b', 'Zoë [the] {first}; a]b'],
    ['x'.repeat(40), 'x'.repeat(40)],
    // Counted as the schema counts (code points), not in UTF-16 units.
    ['🐴'.repeat(40), '🐴'.repeat(40)],
  ])('takes %j as %j', (typed, name) => {
    expect(parsePlayerName(typed)).toEqual({ ok: true, value: name });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['x'.repeat(41), 'too_long'],
    ['🐴'.repeat(41), 'too_long'],
    ['bad\u0007bell', 'unprintable'],
    ['tab\tinside', 'unprintable'],
    ['del\u007f', 'unprintable'],
  ])('refuses %j (%s)', (typed, problem) => {
    expect(parsePlayerName(typed)).toMatchObject({ ok: false, code: 'invalid_name', problem });
  });

  it.each([
    'alice',
    ' padded ',
    'Zoë',
    'x'.repeat(40),
    'x'.repeat(41),
    '🐴'.repeat(40),
    '🐴'.repeat(41),
    '',
    '   ',
    'bad\u0007bell',
    'tab\tinside',
    'new\nline',
  ])('agrees with the API schema on %j (after trimming)', (typed) => {
    const name = typed.trim();
    expect(parsePlayerName(typed).ok).toBe(Value.Check(JoinBodySchema, { name }));
  });
});
