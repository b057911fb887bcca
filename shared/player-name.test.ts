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
    '🐴'.repeat(40),
    '',
    '   ',
    'bad\u0007bell',
    'tab\tinside',
    'new\nline',
  ])("agrees with the API schema on the characters of %j (after trimming; lengths are the routes' check)", (typed) => {
    const name = typed.trim();
    expect(parsePlayerName(typed).ok).toBe(Value.Check(JoinBodySchema, { name }));
  });
});

describe('names that would fool readers or change after a restart', () => {
  it.each([
    ['a lone surrogate', 'bob\uD800'],
    ['a right-to-left override', 'evil\u202Eeman'],
    ['a left-to-right isolate', '\u2066alice\u2069'],
    ['only zero-width characters', '\u200B\u200C\u200D'],
    ['only a combining mark', '\u0301'],
    ['only a byte-order mark', '\uFEFF'],
  ])('refuses %s', (_what, typed) => {
    expect(parsePlayerName(typed)).toMatchObject({ ok: false, code: 'invalid_name' });
    expect(Value.Check(JoinBodySchema, { name: typed.trim() })).toBe(false);
  });

  it('keeps names of every script, joiners inside emoji and Indic text included', () => {
    for (const name of ['Zoë', 'Ελένη', 'עדי', 'محمد', '東京', '👩‍💻', 'क्‍ष']) {
      expect(parsePlayerName(name)).toEqual({ ok: true, value: name.normalize('NFC') });
      expect(Value.Check(JoinBodySchema, { name })).toBe(true);
    }
  });

  it('normalises to NFC, and counts the normalised characters', () => {
    const decomposed = 'Zoe\u0308';
    expect(parsePlayerName(decomposed)).toEqual({ ok: true, value: 'Zo\u00EB' });
    // 40 letters with a combining accent each are 40 characters once composed.
    expect(parsePlayerName('e\u0301'.repeat(40))).toEqual({ ok: true, value: '\u00E9'.repeat(40) });
  });
});
