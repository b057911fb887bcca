/**
 * makePgn against the PGN standard (Steven J. Edwards, "Standard: Portable Game Notation Specification and
 * Implementation Guide", revised 1994.03.12; section numbers below are that document's), and against chess.js's
 * reader: every game exported here loads back to the final position the server holds.
 *
 * Boards are real games made by the domain's own rules (ChessBoard.create/join/move and friends); positions name
 * where they come from.
 */
import { Chess } from 'chess.js';
import { describe, expect, it } from 'vitest';
import { TERMINATIONS, type Color, type DrawAction, type Termination } from '../../shared/vocabulary.js';
import { ChessBoard } from './chess-board.js';
import { makePgn } from './pgn.js';

const AT = '2026-11-21T17:00:00.000Z';
const SITE = 'https://rookery.test';

type Step = string | { resign: Color } | { draw: DrawAction; by: Color } | { abort: Color };

/** A game seated with alice (white) and bob (black), from `fen` (standard start when absent), after `steps`. */
function game(steps: Step[] = [], fen?: string, names: { white?: string; black?: string | null } = {}): ChessBoard {
  let initialFen: string | null = null;
  if (fen !== undefined) {
    const parsed = ChessBoard.parseStartFen(fen);
    if (!parsed.ok) throw new Error(`test FEN refused: ${parsed.message}`);
    initialFen = parsed.value;
  }
  const board = ChessBoard.create('PgnGame00001', AT, initialFen);
  if (!board.join(names.white ?? 'alice', 'hash-white', AT, 'white').ok) throw new Error('white could not join');
  if (names.black !== null && !board.join(names.black ?? 'bob', 'hash-black', AT, 'black').ok) {
    throw new Error('black could not join');
  }
  for (const step of steps) {
    const result =
      typeof step === 'string'
        ? board.move(board.turn, step, AT)
        : 'resign' in step
          ? board.resign(step.resign, AT)
          : 'abort' in step
            ? board.abort(step.abort, AT)
            : board.draw(step.by, step.draw, AT);
    if (!result.ok) throw new Error(`${JSON.stringify(step)} refused at ply ${board.plies}: ${result.message}`);
  }
  return board;
}

/** The tag pairs of a PGN in order, values unescaped as section 7 defines. */
function tags(pgn: string): [string, string][] {
  const header = pgn.slice(0, pgn.indexOf('\n\n'));
  return header.split('\n').map((line) => {
    const match = /^\[([A-Za-z0-9_]+) "((?:[^"\\]|\\.)*)"\]$/u.exec(line);
    if (!match) throw new Error(`not an export-format tag pair line: ${line}`);
    return [match[1]!, match[2]!.replace(/\\(.)/gu, '$1')];
  });
}

function tag(pgn: string, name: string): string | undefined {
  return tags(pgn).find(([key]) => key === name)?.[1];
}

/** The movetext lines (after the empty line that ends the tag pair section). */
function movetextLines(pgn: string): string[] {
  return pgn
    .slice(pgn.indexOf('\n\n') + 2)
    .replace(/\n$/u, '')
    .split('\n');
}

/** Movetext tokens: brace comments (section 5) whole, everything else split at spaces. */
function movetextTokens(text: string): string[] {
  return text.match(/\{[^}]*\}|\S+/gu) ?? [];
}

/** The final FEN chess.js reaches from the PGN text. */
function replayed(pgn: string): string {
  const chess = new Chess();
  chess.loadPgn(pgn);
  return chess.fen();
}

/** Knight shuffles that bring the start position back every four half-moves. */
const KNIGHT_SHUFFLE = ['Nf3', 'Nf6', 'Ng1', 'Ng8'];

/**
 * Anderssen–Kieseritzky, London 1851 ("the Immortal Game"), 45 half-moves ending in 23. Be7#: long enough to need
 * several movetext lines.
 */
const IMMORTAL_GAME = [
  'e4',
  'e5',
  'f4',
  'exf4',
  'Bc4',
  'Qh4+',
  'Kf1',
  'b5',
  'Bxb5',
  'Nf6',
  'Nf3',
  'Qh6',
  'd3',
  'Nh5',
  'Nh4',
  'Qg5',
  'Nf5',
  'c6',
  'g4',
  'Nf6',
  'Rg1',
  'cxb5',
  'h4',
  'Qg6',
  'h5',
  'Qg5',
  'Qf3',
  'Ng8',
  'Bxf4',
  'Qf6',
  'Nc3',
  'Bc5',
  'Nd5',
  'Qxb2',
  'Bd6',
  'Bxg1',
  'e5',
  'Qxa1+',
  'Ke2',
  'Na6',
  'Nxg7+',
  'Kd8',
  'Qf6+',
  'Nxf6',
  'Be7#',
];

/** Termination values the standard allows (9.8.1). */
const STANDARD_TERMINATIONS = [
  'abandoned',
  'adjudication',
  'death',
  'emergency',
  'normal',
  'rules infraction',
  'time forfeit',
  'unterminated',
];

interface EndingRow {
  termination: Termination;
  source: string;
  build: () => ChessBoard;
  result: string;
  /** The PGN Termination value (9.8.1). */
  pgnTermination: string;
  /** The closing brace comment (section 5) before the result token. */
  comment: string;
}

const ENDINGS: EndingRow[] = [
  {
    termination: 'checkmate',
    source: "fool's mate, 1. f3 e5 2. g4 Qh4#",
    build: () => game(['f3', 'e5', 'g4', 'Qh4']),
    result: '0-1',
    pgnTermination: 'normal',
    comment: '{Black wins by checkmate.}',
  },
  {
    termination: 'stalemate',
    source: 'constructed: Kg6 and Qf1 against Kh8; Qf7 leaves black no move and no check',
    build: () => game(['Qf7'], '7k/8/6K1/8/8/8/8/5Q2 w - - 0 1'),
    result: '1/2-1/2',
    pgnTermination: 'normal',
    comment: '{Draw by stalemate.}',
  },
  {
    termination: 'resignation',
    source: 'white resigns after 1. e4 e5',
    build: () => game(['e4', 'e5', { resign: 'white' }]),
    result: '0-1',
    pgnTermination: 'normal',
    comment: '{Black wins by resignation.}',
  },
  {
    termination: 'agreement',
    source: 'white offers after 1. e4, black accepts',
    build: () => game(['e4', { draw: 'offer', by: 'white' }, { draw: 'accept', by: 'black' }]),
    result: '1/2-1/2',
    pgnTermination: 'normal',
    comment: '{Draw by agreement.}',
  },
  {
    termination: 'threefold_repetition',
    source: 'knight shuffles twice: the start position stands for the third time, white claims (FIDE 9.2)',
    build: () => game([...KNIGHT_SHUFFLE, ...KNIGHT_SHUFFLE, { draw: 'claim', by: 'white' }]),
    result: '1/2-1/2',
    pgnTermination: 'normal',
    comment: '{Draw by threefold repetition.}',
  },
  {
    termination: 'fivefold_repetition',
    source: 'knight shuffles four times: the start position stands for the fifth time (FIDE 9.6.1)',
    build: () => game([...KNIGHT_SHUFFLE, ...KNIGHT_SHUFFLE, ...KNIGHT_SHUFFLE, ...KNIGHT_SHUFFLE]),
    result: '1/2-1/2',
    pgnTermination: 'normal',
    comment: '{Draw by fivefold repetition.}',
  },
  {
    termination: 'fifty_move_rule',
    source: 'constructed: halfmove clock 99, a quiet rook move makes it 100, black claims (FIDE 9.3)',
    build: () => game(['Ra2', { draw: 'claim', by: 'black' }], '4k3/8/8/8/8/8/4P3/R3K3 w - - 99 60'),
    result: '1/2-1/2',
    pgnTermination: 'normal',
    comment: '{Draw by the fifty-move rule.}',
  },
  {
    termination: 'seventy_five_move_rule',
    source: 'constructed: halfmove clock 149, a quiet rook move makes it 150 (FIDE 9.6.2)',
    build: () => game(['Ra2'], '4k3/8/8/8/8/8/4P3/R3K3 w - - 149 80'),
    result: '1/2-1/2',
    pgnTermination: 'normal',
    comment: '{Draw by the seventy-five-move rule.}',
  },
  {
    termination: 'insufficient_material',
    source: 'constructed: Kxe2 takes the last pawn, king against king (FIDE 5.2.2)',
    build: () => game(['Kxe2'], '4k3/8/8/8/8/8/4p3/4K3 w - - 0 1'),
    result: '1/2-1/2',
    pgnTermination: 'normal',
    comment: '{Draw by insufficient material.}',
  },
  {
    termination: 'timeout',
    source: 'a stored record (no operation flags a clock yet): white wins on time after 1. e4 e5',
    build: () => {
      const record = game(['e4', 'e5']).toRecord();
      record.outcome = { result: '1-0', termination: 'timeout', winner: 'white' };
      record.version += 1;
      return ChessBoard.fromRecord(record);
    },
    result: '1-0',
    pgnTermination: 'time forfeit',
    comment: '{White wins by timeout.}',
  },
  {
    termination: 'aborted',
    source: 'white aborts before any move',
    build: () => game([{ abort: 'white' }]),
    result: '*',
    pgnTermination: 'abandoned',
    comment: '{Game ended by abort.}',
  },
];

describe('makePgn: tag pair section (8.1)', () => {
  it('writes the Seven Tag Roster first and in its order: Event, Site, Date, Round, White, Black, Result (8.1.1)', () => {
    const pgn = makePgn(game(['e4']), SITE);
    expect(tags(pgn).slice(0, 7)).toEqual([
      ['Event', 'Rookery game'],
      ['Site', SITE],
      ['Date', '2026.11.21'], // 8.1.1.3: "YYYY.MM.DD"
      ['Round', '-'], // 8.1.1.4: "-" when a round is not appropriate
      ['White', 'alice'],
      ['Black', 'bob'],
      ['Result', '*'],
    ]);
    // Export format: one tag pair per line, left justified, then a single empty line (8.1).
    expect(pgn).toMatch(/^\[Event "Rookery game"\]\n\[Site /u);
    expect(pgn).toMatch(/\]\n\n1\. e4 \*\n$/u);
  });

  it('names an empty seat "?" (8.1.1.5-6: unknown player)', () => {
    const pgn = makePgn(game([{ abort: 'white' }], undefined, { black: null }), SITE);
    expect(tag(pgn, 'White')).toBe('alice');
    expect(tag(pgn, 'Black')).toBe('?');
  });

  it('adds GameId, Termination and TimeControl after the roster, and nothing else for a game from the standard start', () => {
    const pgn = makePgn(game(['e4']), SITE);
    expect(tags(pgn).map(([name]) => name)).toEqual([
      'Event',
      'Site',
      'Date',
      'Round',
      'White',
      'Black',
      'Result',
      'GameId',
      'Termination',
      'TimeControl',
    ]);
    expect(tag(pgn, 'GameId')).toBe('PgnGame00001');
    // 9.6.1: "-" for an untimed game.
    expect(tag(pgn, 'TimeControl')).toBe('-');
    expect(pgn).not.toContain('[SetUp ');
    expect(pgn).not.toContain('[FEN ');
  });

  it('writes SetUp "1" and the start FEN for a game from a position (9.7.1, 9.7.2)', () => {
    const fen = '4k3/8/8/8/8/8/4P3/R3K3 w - - 0 40';
    const pgn = makePgn(game(['Ra2'], fen), SITE);
    expect(tag(pgn, 'SetUp')).toBe('1');
    expect(tag(pgn, 'FEN')).toBe(fen);
    // 8.1.1: after the Seven Tag Roster, the other tags in ASCII order of their names.
    const names = tags(pgn).map(([name]) => name);
    expect(names.slice(7)).toEqual(['FEN', 'GameId', 'SetUp', 'Termination', 'TimeControl']);
    expect(replayed(pgn)).toBe('4k3/8/8/8/8/8/R3P3/4K3 b - - 1 40');
  });

  // Section 7: "A quote inside a string is represented by the backslashed quote and a backslash inside a string
  // is represented by two adjacent backslashes"; a string holds no newline or tab, and a tag pair is one line.
  it.each([
    { name: 'quotes', value: 'Bob "the Rook" Smith', written: 'Bob \\"the Rook\\" Smith' },
    { name: 'a backslash', value: 'C:\\chess', written: 'C:\\\\chess' },
    { name: 'a backslash before a quote', value: 'a\\"b', written: 'a\\\\\\"b' },
    { name: 'a newline and a tab', value: 'line one\nline\ttwo', written: 'line one line two' },
    { name: 'a CRLF', value: 'one\r\ntwo', written: 'one two' },
  ])('escapes a tag value with $name (7)', ({ value, written }) => {
    const pgn = makePgn(game(['e4'], undefined, { white: value }), `${SITE}/${value}`);
    expect(pgn).toContain(`\n[White "${written}"]\n`);
    expect(pgn).toContain(`\n[Site "${SITE}/${written}"]\n`);
    // Still one tag pair per line: the header has exactly its ten lines.
    expect(pgn.slice(0, pgn.indexOf('\n\n')).split('\n')).toHaveLength(10);
  });
});

describe('makePgn: movetext (8.2)', () => {
  it.each([
    {
      name: 'the standard start: a number before every white move',
      fen: undefined,
      moves: ['e4', 'e5', 'Nf3', 'Nc6', 'Bb5'],
      movetext: '1. e4 e5 2. Nf3 Nc6 3. Bb5 *',
    },
    {
      name: 'a position with black to move at fullmove 12: "12..." first, then 13.',
      fen: 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 12',
      moves: ['e5', 'Nf3', 'Nc6', 'Bb5'],
      movetext: '12... e5 13. Nf3 Nc6 14. Bb5 *',
    },
    {
      name: 'a position with white to move at fullmove 12',
      fen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 12',
      moves: ['e4', 'e5', 'Nf3'],
      movetext: '12. e4 e5 13. Nf3 *',
    },
    {
      name: 'a position with black to move and no move played yet',
      fen: 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 12',
      moves: [],
      movetext: '*',
    },
  ])('numbers moves (8.2.2.2) from $name', ({ fen, moves, movetext }) => {
    const board = game(moves, fen);
    const pgn = makePgn(board, SITE);
    expect(movetextLines(pgn).join(' ')).toBe(movetext);
    expect(replayed(pgn)).toBe(board.state().fen);
  });

  it('lists every Termination of the vocabulary below (so each has a row)', () => {
    expect(ENDINGS.map((row) => row.termination).sort()).toEqual([...TERMINATIONS].sort());
  });

  it.each(ENDINGS)(
    '$termination: Termination $pgnTermination (9.8.1), Result $result (8.1.1.7) and the same result token (8.2.6), closing comment (5) — $source',
    ({ build, termination, result, pgnTermination, comment }) => {
      const board = build();
      expect(board.outcome()?.termination).toBe(termination);
      const pgn = makePgn(board, SITE);
      expect(STANDARD_TERMINATIONS).toContain(pgnTermination);
      expect(tag(pgn, 'Termination')).toBe(pgnTermination);
      expect(tag(pgn, 'Result')).toBe(result);
      const tokens = movetextTokens(movetextLines(pgn).join(' '));
      expect(tokens.slice(-2)).toEqual([comment, result]);
      expect(tokens.filter((token) => token.startsWith('{'))).toHaveLength(1);
      expect(replayed(pgn)).toBe(board.state().fen);
    },
  );

  it('a game in progress: Termination "unterminated" (9.8.1), no closing comment, result token "*" (8.2.6)', () => {
    const board = game(['d4', 'd5']);
    const pgn = makePgn(board, SITE);
    expect(tag(pgn, 'Termination')).toBe('unterminated');
    expect(tag(pgn, 'Result')).toBe('*');
    expect(pgn).not.toContain('{');
    expect(movetextLines(pgn)).toEqual(['1. d4 d5 *']);
  });

  it('a game with no moves is its result token alone (8.2.6)', () => {
    const pgn = makePgn(game(), SITE);
    expect(movetextLines(pgn)).toEqual(['*']);
    expect(pgn.endsWith('\n\n*\n')).toBe(true);
  });

  // 8.2.1: "tokens in the movetext are placed left justified on successive text lines each of which has less than
  // 80 printing characters. As many tokens as possible are placed on a line [...] A single space character appears
  // between any two adjacent symbol tokens [...] Neither the first or the last character on an export format PGN
  // line is a space."
  it('wraps the movetext at 79 columns, as many tokens a line as fit, single spaces (8.2.1) — the Immortal Game', () => {
    const board = game(IMMORTAL_GAME);
    expect(board.outcome()).toEqual({ result: '1-0', termination: 'checkmate', winner: 'white' });
    const pgn = makePgn(board, SITE);
    const lines = movetextLines(pgn);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const [index, line] of lines.entries()) {
      expect(line.length, line).toBeLessThanOrEqual(79);
      expect(line, line).not.toMatch(/^ | $| {2}/u);
      const next = lines[index + 1];
      if (next !== undefined) {
        // Greedy: the next line's first token would not have fit on this one.
        expect(line.length + 1 + movetextTokens(next)[0]!.length).toBeGreaterThan(79);
      }
    }
    const tokens = movetextTokens(lines.join(' '));
    expect(tokens.slice(0, 6)).toEqual(['1.', 'e4', 'e5', '2.', 'f4', 'exf4']);
    expect(tokens.slice(-5)).toEqual(['Nxf6', '23.', 'Be7#', '{White wins by checkmate.}', '1-0']);
    expect(tokens.filter((token) => /^\d+\.$/u.test(token))).toHaveLength(23);
    expect(replayed(pgn)).toBe(board.state().fen);
  });

  it('breaks the line that would be exactly 80 characters long (8.2.1: "less than 80")', () => {
    // The Immortal Game's first 29 half-moves numbered from move 2: the second line's tokens up to "16." make 80
    // characters, one too many, so "16." moves to the third line.
    const board = game(IMMORTAL_GAME.slice(0, 29), 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 2');
    const lines = movetextLines(makePgn(board, SITE));
    expect(lines.map((line) => line.length)).toEqual([77, 76, 10]);
    expect(lines[2]).toBe('16. Bxf4 *');
  });

  it('keeps the closing comment whole on one line even where its first word would still fit (5, 8.2.1)', () => {
    // After 13 half-moves of the Immortal Game the first movetext line is 70 characters long: "{White" would fit
    // after it, the whole comment does not, so the comment starts the second line.
    const pgn = makePgn(game([...IMMORTAL_GAME.slice(0, 13), { resign: 'black' }]), SITE);
    const lines = movetextLines(pgn);
    expect(lines.map((line) => line.length).slice(0, -1)).toEqual([70]);
    expect(lines.at(-1)).toBe('{White wins by resignation.} 1-0');
  });

  it('chess.js reads the players and result back from the tags', () => {
    const pgn = makePgn(game(['f3', 'e5', 'g4', 'Qh4']), SITE);
    const chess = new Chess();
    chess.loadPgn(pgn);
    expect(chess.getHeaders()).toMatchObject({
      White: 'alice',
      Black: 'bob',
      Result: '0-1',
      Termination: 'normal',
      Site: SITE,
    });
    expect(chess.isCheckmate()).toBe(true);
  });
});
