import { describe, expect, it } from 'vitest';
import { movesBetween, stepSquare, targetsFrom } from './cursor.js';

describe('cursor (issue 13, terminal item 8)', () => {
  it('steps as the board is seen, and stops at the edge', () => {
    expect(stepSquare('e2', 'up', 'white')).toBe('e3');
    expect(stepSquare('e2', 'up', 'black')).toBe('e1');
    expect(stepSquare('e2', 'left', 'white')).toBe('d2');
    expect(stepSquare('e2', 'left', 'black')).toBe('f2');
    expect(stepSquare('a8', 'up', 'white')).toBe('a8');
    expect(stepSquare('h1', 'right', 'white')).toBe('h1');
  });

  it('finds targets and moves in the legal moves', () => {
    const legal = ['e2e3', 'e2e4', 'g1f3', 'a7a8q', 'a7a8r', 'a7a8b', 'a7a8n'];
    expect(targetsFrom('e2', legal)).toEqual(['e3', 'e4']);
    expect(targetsFrom('a7', legal)).toEqual(['a8']);
    expect(movesBetween('a7', 'a8', legal)).toHaveLength(4);
    expect(movesBetween('g1', 'f3', legal)).toEqual(['g1f3']);
  });
});
