import { describe, expect, it } from 'vitest';
import { decideChallenge, describeChallenge, isOwnChallenge } from './lichess-challenge-policy.js';
import { readEvent, readGameLine, type LichessChallenge, type LichessGameFull } from './lichess-events.js';
import { FIRST_MOVE_ALLOWANCE_MS, gameFacts, viewOf } from './lichess-position.js';

const me = { id: 'stockbot', username: 'StockBot' };

function full(overrides: Partial<Record<string, unknown>> = {}): LichessGameFull {
  const line = readGameLine({
    type: 'gameFull',
    id: 'g1',
    variant: { key: 'standard' },
    white: { id: 'alice (guest)', name: 'alice (guest)', title: null },
    black: { id: 'stockbot', name: 'StockBot', title: 'BOT' },
    initialFen: 'startpos',
    clock: { initial: 180_000, increment: 2000 },
    state: {
      type: 'gameState',
      moves: '',
      wtime: 180_000,
      btime: 180_000,
      winc: 2000,
      binc: 2000,
      status: 'started',
      wdraw: false,
      bdraw: false,
    },
    ...overrides,
  });
  if (line.type !== 'gameFull') throw new Error('not a gameFull');
  return line;
}

describe('lichess game stream lines as a Position', () => {
  it('finds the bot by name, whatever the case, and reads the clock in seconds', () => {
    const facts = gameFacts(full(), { id: 'STOCKBOT', username: 'stockbot' });
    expect(facts).toEqual({
      gameId: 'g1',
      color: 'black',
      opponent: 'alice (guest)',
      initialFen: null,
      timeControl: { type: 'realtime', initialSeconds: 180, incrementSeconds: 2 },
      variant: 'standard',
    });
    expect(gameFacts(full(), { id: 'other', username: 'Other' })).toBeNull();
    expect(gameFacts(full({ clock: null, daysPerTurn: 3 }), me)?.timeControl).toEqual({
      type: 'correspondence',
      daysPerMove: 3,
    });
  });

  it('passes wtime/btime on, running for the side to move from ply 2, with a first-move allowance before', () => {
    const facts = gameFacts(full(), me)!;
    const first = viewOf(facts, { ...full().state, moves: 'e2e4' }, 5, 1_000_000);
    expect(first.ok && first.view.position.state).toMatchObject({
      status: 'active',
      turn: 'black',
      clock: {
        whiteMs: 180_000,
        blackMs: 180_000,
        running: null,
        deadline: new Date(1_000_000 + FIRST_MOVE_ALLOWANCE_MS).toISOString(),
      },
    });
    const later = viewOf(facts, { ...full().state, moves: 'e2e4 e7e5 g1f3', wtime: 170_500, btime: 175_250 }, 5, 0);
    expect(later.ok && later.view.position.state.clock).toEqual({
      whiteMs: 170_500,
      blackMs: 175_250,
      running: 'black',
      deadline: null,
    });
    expect(later.ok && later.view.position.state.legalMoves).toContain('b8c6');
    expect(later.ok && later.view.ply).toBe(3);
  });

  it('reads castling written king-takes-rook and hands the engine king-two-squares', () => {
    const facts = gameFacts(full(), me)!;
    const moves = 'e2e4 e7e5 g1f3 b8c6 f1c4 g8f6 e1h1';
    const seen = viewOf(facts, { ...full().state, moves }, 0, 0);
    expect(seen.ok && seen.view.position.state.uci.at(-1)).toBe('e1g1');
    expect(viewOf(facts, { ...full().state, moves: 'e2e5' }, 0, 0)).toEqual({
      ok: false,
      message: 'the move e2e5 does not fit the position',
    });
  });

  it("sees the opponent's draw offer only, and a final status as finished", () => {
    const facts = gameFacts(full(), me)!;
    const offered = viewOf(facts, { ...full().state, moves: 'e2e4', wdraw: true }, 0, 0);
    expect(offered.ok && offered.view.opponentOffersDraw).toBe(true);
    const own = viewOf(facts, { ...full().state, moves: 'e2e4', bdraw: true }, 0, 0);
    expect(own.ok && own.view.opponentOffersDraw).toBe(false);
    const over = viewOf(
      facts,
      { ...full().state, moves: 'f2f3 e7e5 g2g4 d8h4', status: 'mate', winner: 'black' },
      0,
      0,
    );
    expect(over.ok && over.view.position.state).toMatchObject({ status: 'finished', clock: null, legalMoves: [] });
  });

  it('starts from a FEN for fromPosition games', () => {
    const fen = '4k3/8/8/8/8/8/4P3/4K3 w - - 0 1';
    const facts = gameFacts(full({ initialFen: fen, variant: { key: 'fromPosition' } }), me)!;
    expect(facts.initialFen).toBe(fen);
    const seen = viewOf(facts, { ...full().state, moves: 'e2e4' }, 0, 0);
    expect(seen.ok && seen.view.position.state.turn).toBe('black');
  });
});

describe('event stream lines and challenges', () => {
  const challenge = (variant: string, challenger = 'alice (guest)'): LichessChallenge => {
    const event = readEvent({
      type: 'challenge',
      challenge: {
        id: 'c1',
        challenger: { id: challenger, name: challenger },
        destUser: { id: 'stockbot', name: 'StockBot', title: 'BOT' },
        variant: { key: variant },
        speed: 'blitz',
        rated: false,
        timeControl: { type: 'clock', limit: 180, increment: 2 },
      },
    });
    if (event.type !== 'challenge') throw new Error('not a challenge');
    return event.challenge;
  };
  const context = { me: 'stockbot', gamesInProgress: 0, maxGames: 1, stopping: false };

  it('accepts standard and fromPosition, declines other variants with "variant" and a busy bot with "later"', () => {
    expect(decideChallenge(challenge('standard'), context)).toEqual({ accept: true });
    expect(decideChallenge(challenge('fromPosition'), context)).toEqual({ accept: true });
    expect(decideChallenge(challenge('chess960'), context)).toEqual({ accept: false, reason: 'variant' });
    expect(decideChallenge(challenge('atomic'), { ...context, gamesInProgress: 1 })).toEqual({
      accept: false,
      reason: 'variant',
    });
    expect(decideChallenge(challenge('standard'), { ...context, gamesInProgress: 1 })).toEqual({
      accept: false,
      reason: 'later',
    });
    expect(decideChallenge(challenge('standard'), { ...context, stopping: true })).toEqual({
      accept: false,
      reason: 'later',
    });
  });

  it('knows its own outgoing challenges and says a challenge in a few words', () => {
    expect(isOwnChallenge(challenge('standard', 'StockBot'), 'stockbot')).toBe(true);
    expect(isOwnChallenge(challenge('standard'), 'stockbot')).toBe(false);
    expect(describeChallenge(challenge('standard'))).toBe('3+2 blitz casual standard from alice (guest)');
  });

  it('reads gameStart by gameId (or id) and leaves unknown lines as other', () => {
    expect(readEvent({ type: 'gameStart', game: { id: 'g1', color: 'white' } })).toMatchObject({
      type: 'gameStart',
      game: { gameId: 'g1' },
    });
    expect(readEvent({ type: 'gameFinish', game: { gameId: 'g2' } })).toMatchObject({
      type: 'gameFinish',
      game: { gameId: 'g2' },
    });
    expect(readEvent({ type: 'challenge' }).type).toBe('other');
    expect(readEvent('nonsense').type).toBe('other');
    expect(readGameLine({ type: 'gameState', moves: 1 }).type).toBe('other');
  });
});
