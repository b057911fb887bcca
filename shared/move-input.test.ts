import { describe, expect, it } from 'vitest';
import { moveKey, normalizeMoveInput } from './move-input.js';

describe('normalizeMoveInput: what people type -> what the API reads', () => {
  it.each([
    ['e2e4', 'e2e4'],
    ['E2E4', 'e2e4'],
    ['e2 e4', 'e2e4'],
    ['e2-e4', 'e2e4'],
    ['  e2xd3 ', 'e2d3'],
    ['e7e8q', 'e7e8q'],
    ['e7-e8=Q', 'e7e8q'],
    ['0-0', 'O-O'],
    ['o-o', 'O-O'],
    ['O-O-O', 'O-O-O'],
    ['0-0-0+', 'O-O-O+'],
    ['nf3', 'Nf3'],
    ['Nf3', 'Nf3'],
    ['qxf7#', 'Qxf7#'],
    ['e8q', 'e8=Q'],
    ['exd8=n+', 'exd8=N+'],
    ['bc4', 'Bc4'],
    ['bxc3', 'bxc3'],
    ['b4', 'b4'],
    ['Ng1-f3', 'g1f3'],
    ['Nf3!?', 'Nf3'],
    // Any case (issue 13, browser item 3): the piece letter decides, the squares are lowercase.
    ['E4', 'e4'],
    ['NF3', 'Nf3'],
    ['nF3', 'Nf3'],
    ['EXD5', 'exd5'],
    ['QXF7#', 'Qxf7#'],
    ['KE2', 'Ke2'],
    ['BC4', 'Bc4'],
    ['BXC4', 'Bxc4'],
    ['B4', 'b4'],
    ['RA1D1', 'a1d1'],
    ['NBD2', 'Nbd2'],
    ['E8Q', 'e8=Q'],
    ['O-o', 'O-O'],
  ])('%s -> %s', (typed, sent) => {
    expect(normalizeMoveInput(typed)).toBe(sent);
  });

  it('gives null for empty input', () => {
    expect(normalizeMoveInput('   ')).toBeNull();
  });
});

describe('moveKey', () => {
  it.each([
    ['Nxf3+', 'nf3'],
    ['0-0', 'oo'],
    ['O-O-O#', 'ooo'],
    ['e7-e8=Q', 'e7e8q'],
    ['E2 E4', 'e2e4'],
    ['exd5!?', 'ed5'],
  ])('%s compares as %s', (text, key) => {
    expect(moveKey(text)).toBe(key);
  });
});
