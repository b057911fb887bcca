import { describe, expect, it } from 'vitest';
import { realtime, correspondence } from '../../shared/time-control.js';
import { START_FEN } from '../../shared/vocabulary.js';
import { normalizeCastling, speedOf } from './lichess-shapes.js';

describe('speedOf (lichess: limit + 40 × increment, seconds)', () => {
  it.each([
    [realtime(15, 0), 'ultraBullet'],
    [realtime(60, 0), 'bullet'],
    [realtime(180, 2), 'blitz'],
    [realtime(600, 0), 'rapid'],
    [realtime(1800, 0), 'classical'],
    [correspondence(3), 'correspondence'],
    [null, 'correspondence'],
  ] as const)('%j is %s', (control, speed) => expect(speedOf(control)).toBe(speed));
});

describe('normalizeCastling', () => {
  const castleReady = 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQkq - 0 1';
  it('turns king-takes-rook into king-two-squares when a king stands there', () => {
    expect(normalizeCastling('e1h1', castleReady)).toBe('e1g1');
    expect(normalizeCastling('e1a1', castleReady)).toBe('e1c1');
    expect(normalizeCastling('e8h8', castleReady)).toBe('e8g8');
    expect(normalizeCastling('e8a8', castleReady)).toBe('e8c8');
  });
  it('leaves every other move, and a queen on e1, alone', () => {
    expect(normalizeCastling('e2e4', START_FEN)).toBe('e2e4');
    expect(normalizeCastling('e1h1', '4k3/8/8/8/8/8/8/4Q2R w - - 0 1')).toBe('e1h1');
  });
});
