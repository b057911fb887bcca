/**
 * Seeded property test: hundreds of random games of random legal moves through the HTTP app, each state checked
 * after every move against an independent chess.js replay; between moves, random garbage (bad moves, bad bodies,
 * bad headers, wrong tokens, wrong plies) that must never change a game and never cause a 5xx.
 *
 * Reproduce a failure with the seed it prints: `PROPERTY_SEED=<seed> npx vitest run test/property.test.ts`.
 * `PROPERTY_GAMES=<n>` changes the number of games.
 */
import { Chess } from 'chess.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { ERROR_STATUS, isErrorCode } from '../shared/errors.js';
import { LIMITS } from '../shared/vocabulary.js';
import { Api, type Answer, type CallOptions } from './fixtures/inject-api.js';
import { makeRandom } from '../shared/seeded-random.js';

const SEED = Number(process.env['PROPERTY_SEED'] ?? 20261121);
const GAMES = Number(process.env['PROPERTY_GAMES'] ?? 300);
const MAX_PLIES = 120;

/** Starting points: mostly the standard start; endgames and tactical positions so that games also end naturally. */
const STARTS: { fen: string | null; weight: number; source: string }[] = [
  { fen: null, weight: 10, source: 'standard start' },
  { fen: '8/8/8/4k3/8/8/8/3QK3 w - - 0 1', weight: 2, source: 'constructed: K+Q v K' },
  { fen: '8/8/4k3/8/8/2p5/8/R3K3 w - - 0 1', weight: 2, source: 'constructed: K+R v K+P' },
  { fen: '4k3/pppppppp/8/8/8/8/PPPPPPPP/4K3 w - - 0 1', weight: 2, source: 'constructed: pawns only' },
  { fen: '8/PPP4k/8/8/8/8/4Kppp/8 w - - 0 1', weight: 2, source: 'constructed: promotion race' },
  { fen: '4k3/8/8/8/8/8/8/R3K2R w KQ - 140 90', weight: 1, source: 'constructed: halfmove clock 140' },
  { fen: '7k/5K2/8/8/8/8/8/6Q1 w - - 0 1', weight: 1, source: 'constructed: mating net, many queen moves mate' },
  { fen: '6q1/8/8/8/8/8/5k2/7K b - - 0 1', weight: 1, source: 'constructed: the same net for black' },
  {
    fen: 'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
    weight: 1,
    source: 'chessprogramming.org perft position 2 (Kiwipete)',
  },
  { fen: '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1', weight: 1, source: 'chessprogramming.org perft position 3' },
  {
    fen: 'r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1',
    weight: 1,
    source: 'chessprogramming.org perft position 4',
  },
];

// ---- the independent reference: chess.js replaying the UCI list ----

interface ReferenceMove {
  uci: string;
  capture: boolean;
  enPassant: boolean;
}

type InternalMove = { from: number; to: number; promotion?: string; flags: number };
type WithInternals = { _moves?: (options: { legal: boolean }) => InternalMove[] };

function squareName(index0x88: number): string {
  return `${'abcdefgh'[index0x88 & 7]}${8 - (index0x88 >> 4)}`;
}

/**
 * The legal moves of the reference position. chess.js's public verbose list writes SAN and two FENs per move
 * (about 3 ms a position here), so its move generator is read directly; the first test pins that both agree.
 */
function referenceMoves(chess: Chess, fast = true): ReferenceMove[] {
  const internal = (chess as unknown as WithInternals)._moves;
  if (fast && typeof internal === 'function') {
    return internal.call(chess, { legal: true }).map((move) => ({
      uci: `${squareName(move.from)}${squareName(move.to)}${move.promotion ?? ''}`,
      capture: (move.flags & (2 | 8)) !== 0,
      enPassant: (move.flags & 8) !== 0,
    }));
  }
  return chess.moves({ verbose: true }).map((move) => ({
    uci: move.lan,
    capture: move.isCapture() || move.isEnPassant(),
    enPassant: move.isEnPassant(),
  }));
}

/** FIDE's "same position" key, computed on the reference's side. */
function referenceKey(chess: Chess, moves: ReferenceMove[]): string {
  const [placement, turn, castling] = chess.fen().split(' ');
  const enPassant = moves.find((move) => move.enPassant)?.uci.slice(2, 4) ?? '-';
  return `${placement} ${turn} ${castling} ${enPassant}`;
}

interface Expected {
  status: GameState['status'];
  result: GameState['result'];
  termination: GameState['termination'];
  winner: GameState['winner'];
  canClaimDraw: boolean;
}

class Reference {
  readonly chess: Chess;
  readonly uci: string[] = [];
  readonly san: string[] = [];
  moves: ReferenceMove[];
  private readonly counts = new Map<string, number>();

  constructor(fen: string | null) {
    this.chess = fen ? new Chess(fen) : new Chess();
    this.moves = referenceMoves(this.chess);
    this.count();
  }

  play(uci: string): string {
    const played = this.chess.move({
      from: uci.slice(0, 2),
      to: uci.slice(2, 4),
      ...(uci[4] ? { promotion: uci[4] } : {}),
    });
    this.uci.push(played.lan);
    this.san.push(played.san);
    this.moves = referenceMoves(this.chess);
    this.count();
    return played.san;
  }

  expected(): Expected {
    const chess = this.chess;
    const moverColor = chess.turn() === 'w' ? 'black' : 'white';
    const repeats = this.counts.get(referenceKey(chess, this.moves)) ?? 0;
    const halfmoves = Number(chess.fen().split(' ')[4]);
    const draw = (termination: Expected['termination']): Expected => ({
      status: 'finished',
      result: '1/2-1/2',
      termination,
      winner: null,
      canClaimDraw: false,
    });
    if (this.moves.length === 0 && chess.isCheck()) {
      return {
        status: 'finished',
        result: moverColor === 'white' ? '1-0' : '0-1',
        termination: 'checkmate',
        winner: moverColor,
        canClaimDraw: false,
      };
    }
    if (this.moves.length === 0) return draw('stalemate');
    if (chess.isInsufficientMaterial()) return draw('insufficient_material');
    if (repeats >= 5) return draw('fivefold_repetition');
    if (halfmoves >= 150) return draw('seventy_five_move_rule');
    return {
      status: 'active',
      result: '*',
      termination: null,
      winner: null,
      canClaimDraw: repeats >= 3 || halfmoves >= 100,
    };
  }

  private count(): void {
    const key = referenceKey(this.chess, this.moves);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

/** What the server must say after each move, from the reference alone. */
function expectedState(reference: Reference, version: number) {
  const outcome = reference.expected();
  const last = reference.uci.at(-1);
  return {
    version,
    fen: reference.chess.fen(),
    uci: reference.uci,
    moves: reference.san,
    turn: reference.chess.turn() === 'w' ? 'white' : 'black',
    check: reference.chess.isCheck(),
    lastMove: last ? { from: last.slice(0, 2), to: last.slice(2, 4), san: reference.san.at(-1)!, uci: last } : null,
    ...outcome,
    legalMoves: outcome.status === 'active' ? reference.moves.map((move) => move.uci).sort() : [],
    drawOffer: null,
    clock: null,
  };
}

/**
 * Compare a GameState with the reference (legal moves as a set). A cheap text comparison first; `toEqual` only
 * when something differs, for its readable diff (thousands of deep `expect`s would dominate the run time).
 */
function compareWithReference(state: GameState, reference: Reference, version: number): void {
  const expected = expectedState(reference, version);
  const actual = {
    version: state.version,
    fen: state.fen,
    uci: state.uci,
    moves: state.moves,
    turn: state.turn,
    check: state.check,
    lastMove: state.lastMove,
    status: state.status,
    result: state.result,
    termination: state.termination,
    winner: state.winner,
    canClaimDraw: state.canClaimDraw,
    legalMoves: [...state.legalMoves].sort(),
    drawOffer: state.drawOffer,
    clock: state.clock,
  };
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
}

// ---- garbage ----

interface Garbage {
  what: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  options: CallOptions;
  /** Statuses that are a correct refusal (or a harmless read). */
  allowed: number[];
}

const JUNK_CHARS = 'abcdefghKQRBNOx0123456789=+#-!? ~"\\\'{}[]<>/é☃\u0000\u0007\n\t';

function junk(random: () => number, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += JUNK_CHARS[Math.floor(random() * JUNK_CHARS.length)];
  return text;
}

const FEN_CHARS = 'pnbrqkPNBRQK12345678/ wb-KQkqacdefgh09';

/** A FEN from the starts with one to three characters replaced: often still a position, often not. */
function mutatedFen(random: () => number): string {
  const sources = STARTS.map((start) => start.fen ?? 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1');
  const chars = [...sources[Math.floor(random() * sources.length)]!];
  for (let count = 1 + Math.floor(random() * 3); count > 0; count--) {
    chars[Math.floor(random() * chars.length)] = FEN_CHARS[Math.floor(random() * FEN_CHARS.length)]!;
  }
  return chars.join('');
}

function randomSquare(random: () => number): string {
  return `${'abcdefgh'[Math.floor(random() * 8)]}${1 + Math.floor(random() * 8)}`;
}

interface LiveGame {
  id: string;
  white: string;
  black: string;
}

function makeGarbage(
  random: () => number,
  game: LiveGame,
  state: GameState,
  legal: Set<string>,
  strangerToken: string,
): Garbage {
  const base = `/api/games/${game.id}`;
  const mover = state.turn === 'white' ? game.white : game.black;
  const waiter = state.turn === 'white' ? game.black : game.white;
  const plies = state.uci.length;
  const anyLegal = [...legal][Math.floor(random() * legal.size)] ?? 'e2e4';
  const move = (body: unknown, allowed: number[], what: string, token = mover): Garbage => ({
    what,
    method: 'POST',
    url: `${base}/move`,
    options: { body, token },
    allowed,
  });
  const kinds: (() => Garbage)[] = [
    () => {
      let uci = `${randomSquare(random)}${randomSquare(random)}`;
      if (random() < 0.3) uci += 'qrbn'[Math.floor(random() * 4)];
      while (legal.has(uci)) uci = `${randomSquare(random)}${randomSquare(random)}`;
      return move({ move: uci, ply: plies }, [422], `illegal UCI ${uci}`);
    },
    () => move({ move: `~${junk(random, 1 + Math.floor(random() * 14))}` }, [400, 422], 'junk move text'),
    () => move({ move: junk(random, LIMITS.moveMaxLength + 1 + Math.floor(random() * 3000)) }, [400], 'huge move text'),
    () => move({ move: anyLegal, ply: String(plies) }, [400], 'ply as a string'),
    () => move({ move: anyLegal, ply: -1 - Math.floor(random() * 5) }, [400], 'negative ply'),
    () => move({ move: anyLegal, ply: plies + 0.5 }, [400], 'fractional ply'),
    () => move({ move: [anyLegal] }, [400], 'move as an array'),
    () => move({ move: null, ply: plies }, [400], 'move null'),
    () => move({ move: 1 + Math.floor(random() * 100) }, [400], 'move as a number'),
    () => move([anyLegal], [400], 'body as an array'),
    () => move({ move: anyLegal, ply: plies + 1 + Math.floor(random() * 50) }, [409], 'future ply'),
    // An earlier ply is stale, unless it names this player's own earlier move with the same text (a safe retry).
    () =>
      move(
        { move: anyLegal, ply: plies > 0 ? Math.floor(random() * plies) : 1 },
        plies > 0 ? [200, 409] : [409],
        'old ply',
      ),
    () => move({ move: anyLegal }, [409], 'the waiting side moves', waiter),
    () => move({ move: anyLegal }, [401], 'a stranger token', strangerToken),
    () => move({ move: anyLegal }, [401], 'a random token', junk(random, 0).concat('Zz'.repeat(16))),
    () => ({
      what: 'token in the wrong scheme',
      method: 'POST',
      url: `${base}/move`,
      options: { body: { move: anyLegal }, headers: { authorization: `Basic ${mover}` } },
      allowed: [401],
    }),
    () => ({
      what: 'a 10 KB token',
      method: 'POST',
      url: `${base}/resign`,
      options: { headers: { authorization: `Bearer ${'A'.repeat(10_000)}` } },
      allowed: [401],
    }),
    () => ({
      what: 'no token',
      method: 'POST',
      url: `${base}/${['move', 'resign', 'draw', 'abort'][Math.floor(random() * 4)]}`,
      options: { body: { move: anyLegal, action: 'offer' } },
      allowed: [401],
    }),
    () => ({
      what: 'not JSON',
      method: 'POST',
      url: `${base}/move`,
      options: { raw: `{"move": "${anyLegal}"${junk(random, 3)}`, token: mover },
      allowed: [400],
    }),
    () => ({
      what: 'a text/plain body',
      method: 'POST',
      url: `${base}/move`,
      options: { raw: anyLegal, token: mover, headers: { 'content-type': 'text/plain' } },
      allowed: [415],
    }),
    () => ({
      what: 'an odd charset',
      method: 'POST',
      url: `${base}/move`,
      options: { raw: '{"move":"zz"}', token: mover, headers: { 'content-type': 'application/json; charset=utf-16' } },
      allowed: [400, 415, 422],
    }),
    () => ({
      what: 'a body over 64 KiB',
      method: 'POST',
      url: `${base}/move`,
      options: { raw: JSON.stringify({ move: anyLegal, pad: 'x'.repeat(LIMITS.bodyLimitBytes) }), token: mover },
      allowed: [413],
    }),
    () => ({
      what: 'a draw answer with no offer',
      method: 'POST',
      url: `${base}/draw`,
      options: { body: { action: random() < 0.5 ? 'accept' : 'decline' }, token: random() < 0.5 ? mover : waiter },
      allowed: [409],
    }),
    () => ({
      what: 'a claim by the side not to move',
      method: 'POST',
      url: `${base}/draw`,
      options: { body: { action: 'claim' }, token: waiter },
      allowed: [409],
    }),
    () => ({
      what: 'an unknown draw action',
      method: 'POST',
      url: `${base}/draw`,
      options: { body: { action: junk(random, 5) }, token: mover },
      allowed: [400],
    }),
    () => ({
      what: 'a third player',
      method: 'POST',
      url: `${base}/join`,
      options: { body: { name: 'intruder' } },
      allowed: [409],
    }),
    () => ({
      what: 'a junk name',
      method: 'POST',
      url: `${base}/join`,
      options: { body: { name: junk(random, Math.floor(random() * 60)), color: random() < 0.5 ? 'white' : 'purple' } },
      allowed: [400, 409],
    }),
    () => ({
      what: 'a junk status query',
      method: 'GET',
      // Never a valid long poll: a junk `since`, and a `wait` out of range half the time.
      url: `${base}/status?since=${encodeURIComponent(`~${junk(random, 3)}`)}&wait=${Math.floor(random() * 200) - 50}`,
      options: {},
      allowed: [400],
    }),
    () => ({
      what: 'a junk route',
      method: random() < 0.5 ? 'PUT' : 'DELETE',
      url: `${base}/${encodeURIComponent(junk(random, 4))}`,
      options: {},
      allowed: [400, 404],
    }),
    () => {
      const fen = mutatedFen(random);
      return {
        what: `a mutated FEN ${fen}`,
        method: 'POST',
        url: '/api/games',
        options: { body: { fen } },
        allowed: [201, 400],
      };
    },
    () => ({
      what: 'a conditional read',
      method: 'GET',
      url: `${base}/status`,
      options: {
        headers: { 'if-none-match': random() < 0.5 ? `"${game.id}-${state.version}"` : `"${junk(random, 6)}"` },
      },
      allowed: [200, 304],
    }),
  ];
  if (plies >= 2) {
    kinds.push(() => ({
      what: 'a late abort',
      method: 'POST',
      url: `${base}/abort`,
      options: { token: mover },
      allowed: [409],
    }));
  }
  return kinds[Math.floor(random() * kinds.length)]!();
}

/** A refusal with the right status and the `{error: {code, message}}` body (checked cheaply, asserted on failure). */
function checkAnswerShape(answer: Answer, garbage: Garbage): void {
  const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const shaped =
    answer.status < 400 ||
    (isErrorCode(error?.code) && ERROR_STATUS[error.code] === answer.status && typeof error.message === 'string');
  if (answer.status < 500 && garbage.allowed.includes(answer.status) && shaped) return;
  const context = `${garbage.what}: ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, context).toBeLessThan(500);
  expect(garbage.allowed, context).toContain(answer.status);
  expect(error, context).toEqual({ code: expect.any(String), message: expect.any(String) });
  expect(ERROR_STATUS[error!.code as keyof typeof ERROR_STATUS], context).toBe(answer.status);
}

// ---- the property ----

let api: Api;
beforeAll(async () => {
  api = await Api.start();
});
afterAll(async () => {
  await api?.close();
});

describe('random games against an independent chess.js replay', () => {
  it('the fast reference move generator agrees with chess.js verbose moves', () => {
    for (const { fen } of STARTS) {
      const chess = fen ? new Chess(fen) : new Chess();
      const fast = referenceMoves(chess, true)
        .map((move) => JSON.stringify(move))
        .sort();
      const verbose = referenceMoves(chess, false)
        .map((move) => JSON.stringify(move))
        .sort();
      expect(fast).toEqual(verbose);
    }
  });

  it(`plays ${GAMES} seeded random games (seed ${SEED}) with garbage in between`, { timeout: 240_000 }, async () => {
    const random = makeRandom(SEED);
    const endings = new Map<string, number>();
    let totalPlies = 0;
    let garbageSent = 0;
    const totalWeight = STARTS.reduce((sum, start) => sum + start.weight, 0);
    // A seat in another game, for wrong-game tokens.
    const stranger = await api.seatedGame();
    const started = performance.now();

    for (let index = 0; index < GAMES; index++) {
      let ply = 0;
      try {
        let pick = random() * totalWeight;
        const start =
          STARTS.find((candidate) => {
            pick -= candidate.weight;
            return pick < 0;
          }) ?? STARTS[0]!;
        // One game in ten starts from a mutated FEN that the server accepts: odd but legal positions.
        let created: GameState | null = null;
        for (let tries = 0; !created && tries < 40 && random() < (tries === 0 ? 0.1 : 1); tries++) {
          const fen = mutatedFen(random);
          const answer = await api.post<GameState>('/api/games', { body: { fen } });
          expect([201, 400], `${fen}: ${answer.text}`).toContain(answer.status);
          if (answer.status === 201) created = answer.body;
        }
        created ??= await api.create(start.fen ?? undefined);
        const startFen =
          created.fen === 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1' ? null : created.fen;
        // Seats in a random order, asking for a colour or not.
        const seats: Partial<Record<'white' | 'black', JoinResult>> = {};
        const first = await api.join(
          created.id,
          `p${index}-a`,
          random() < 0.5 ? (random() < 0.5 ? 'white' : 'black') : undefined,
        );
        seats[first.color] = first;
        const free = first.color === 'white' ? 'black' : 'white';
        const second = await api.join(created.id, `p${index}-b`, random() < 0.5 ? free : undefined);
        expect(second.color).toBe(free);
        seats[second.color] = second;
        const game: LiveGame = { id: created.id, white: seats.white!.token, black: seats.black!.token };
        let state = second.game;
        let version = state.version;
        const reference = new Reference(startFen);
        compareWithReference(state, reference, version);
        // Most games are short and one in twenty runs long, up to the cap: this keeps the file quick on two cores
        // (a request costs about 3 ms of CPU here), while the endgame starts reach deep positions anyway.
        const cap = random() < 0.05 ? 60 + Math.floor(random() * (MAX_PLIES - 59)) : 4 + Math.floor(random() * 11);

        while (state.status === 'active' && ply < cap) {
          // Garbage first: none of it may change the game.
          if (random() < 0.15) {
            const legal = new Set(reference.moves.map((move) => move.uci));
            for (let count = 1 + Math.floor(random() * 2); count > 0; count--) {
              const garbage = makeGarbage(random, game, state, legal, stranger.white);
              const answer = await api.call(garbage.method, garbage.url, garbage.options);
              garbageSent++;
              checkAnswerShape(answer, garbage);
            }
            const after = await api.status(game.id);
            if (JSON.stringify(after) !== JSON.stringify(state)) expect(after).toEqual(state);
          }

          // A random legal move, captures preferred half the time so that games also end by themselves.
          const captures = reference.moves.filter((move) => move.capture);
          const pool = captures.length > 0 && random() < 0.5 ? captures : reference.moves;
          const chosen = pool[Math.floor(random() * pool.length)]!.uci;
          const mover = state.turn === 'white' ? game.white : game.black;
          const san = reference.play(chosen);
          const text = random() < 0.1 ? san : chosen;
          const withPly = random() < 0.7;
          const answer = await api.post<GameState>(`/api/games/${game.id}/move`, {
            body: withPly ? { move: text, ply } : { move: text },
            token: mover,
          });
          expect(answer.status, `${text}: ${answer.text.slice(0, 300)}`).toBe(200);
          state = answer.body;
          version += 1;
          ply += 1;
          compareWithReference(state, reference, version);

          // Now and then the same submission again: a safe retry that changes nothing.
          if (withPly && random() < 0.05) {
            const retry = await api.post<GameState>(`/api/games/${game.id}/move`, {
              body: { move: text, ply: ply - 1 },
              token: mover,
            });
            expect(retry.status).toBe(200);
            expect(retry.body).toEqual(state);
          }
        }

        if (state.status === 'active') {
          // Cut off at the cap: end it one way or another, and check the ending too.
          const roll = random();
          if (roll < 0.3) {
            const loser = random() < 0.5 ? 'white' : 'black';
            const resigned = await api.post<GameState>(`/api/games/${game.id}/resign`, { token: game[loser] });
            expect(resigned.status).toBe(200);
            expect(resigned.body).toMatchObject({
              status: 'finished',
              termination: 'resignation',
              winner: loser === 'white' ? 'black' : 'white',
              version: version + 1,
              fen: state.fen,
            });
            state = resigned.body;
          } else if (roll < 0.4 && state.canClaimDraw) {
            const mover = state.turn === 'white' ? game.white : game.black;
            const claimed = await api.post<GameState>(`/api/games/${game.id}/draw`, {
              body: { action: 'claim' },
              token: mover,
            });
            expect(claimed.status).toBe(200);
            expect(claimed.body.result).toBe('1/2-1/2');
            state = claimed.body;
          }
        }
        if (state.status === 'finished') {
          const refused = await api.post(`/api/games/${game.id}/move`, { body: { move: 'e2e4' }, token: game.white });
          expect([409, 200]).toContain(refused.status);
          expect((await api.status(game.id)).version).toBe(state.version);
        }
        const ending = state.termination ?? 'cut off';
        endings.set(ending, (endings.get(ending) ?? 0) + 1);
        totalPlies += ply;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`property failed with PROPERTY_SEED=${SEED}, game ${index}, after ${ply} plies: ${message}`, {
          cause: error,
        });
      }
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `property: seed ${SEED}, ${GAMES} games, ${totalPlies} plies, ${garbageSent} garbage requests in ${seconds} s;`,
      Object.fromEntries([...endings].sort()),
    );
    expect(api.serverErrors()).toEqual([]);
    const natural = ['checkmate', 'stalemate', 'insufficient_material'].reduce(
      (sum, ending) => sum + (endings.get(ending) ?? 0),
      0,
    );
    expect(natural, `natural endings with seed ${SEED}`).toBeGreaterThanOrEqual(Math.min(5, Math.floor(GAMES / 20)));
  });
});
