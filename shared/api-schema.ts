/**
 * JSON Schemas of the v1 API (TypeBox), the one source for request validation, response serialisation, the
 * OpenAPI document and the TypeScript types used by the server and by every client.
 */
import Type, { type Static, type TEnum, type TSchema } from 'typebox';
import { ERROR_CODES } from './errors.js';
import { NAME_PATTERN } from './player-name.js';
import { TIME_CONTROL_LIMITS as TCL } from './time-control.js';
import { COLORS, DRAW_ACTIONS, GAME_ID_PATTERN, GAME_STATUSES, LIMITS, RESULTS, TERMINATIONS } from './vocabulary.js';

function literalUnion<const T extends string[]>(values: readonly [...T], description?: string): TEnum<T> {
  return Type.Enum<T>(values, description ? { description } : {});
}

function nullable<T extends TSchema>(schema: T, description?: string) {
  return Type.Union([schema, Type.Null()], description ? { description } : {});
}

export const ColorSchema = literalUnion(COLORS, 'A side: "white" or "black".');
export const GameStatusSchema = literalUnion(
  GAME_STATUSES,
  '"waiting" while a seat is free, "active" with both seats taken, "finished" at the end.',
);
export const ResultSchema = literalUnion(RESULTS, 'PGN result; "*" while the game goes on and for aborted games.');
export const TerminationSchema = literalUnion(TERMINATIONS, 'Why the game ended.');

/** A seated player as everyone may see it. */
export const PlayerSchema = Type.Object({ name: Type.String({ description: 'The name given when joining.' }) });

export const PlayersSchema = Type.Object({
  white: nullable(PlayerSchema, 'The white player, or null while the seat is free.'),
  black: nullable(PlayerSchema, 'The black player, or null while the seat is free.'),
});

export const LastMoveSchema = Type.Object({
  from: Type.String({ description: 'Origin square, e.g. "e2".' }),
  to: Type.String({ description: 'Target square, e.g. "e4".' }),
  san: Type.String({ description: 'The move in SAN, e.g. "e4".' }),
  uci: Type.String({ description: 'The move in UCI, e.g. "e2e4".' }),
});

/** API.md v1.1: `initial+increment` thinking time. */
export const RealtimeControlSchema = Type.Object(
  {
    type: Type.Literal('realtime'),
    initialSeconds: Type.Integer({
      minimum: TCL.initialSecondsMin,
      maximum: TCL.initialSecondsMax,
      description: `Thinking time of each side at the start, in seconds (${TCL.initialSecondsMin}..${TCL.initialSecondsMax}).`,
    }),
    incrementSeconds: Type.Integer({
      minimum: TCL.incrementSecondsMin,
      maximum: TCL.incrementSecondsMax,
      description: `Seconds added to the mover's clock after each move made in time (${TCL.incrementSecondsMin}..${TCL.incrementSecondsMax}).`,
    }),
  },
  { description: 'Realtime: e.g. 5+3 is {"type": "realtime", "initialSeconds": 300, "incrementSeconds": 3}.' },
);

/** API.md v1.1: days for each move. */
export const CorrespondenceControlSchema = Type.Object(
  {
    type: Type.Literal('correspondence'),
    daysPerMove: Type.Integer({
      minimum: TCL.daysPerMoveMin,
      maximum: TCL.daysPerMoveMax,
      description: `Days for each move (${TCL.daysPerMoveMin}..${TCL.daysPerMoveMax}).`,
    }),
  },
  { description: 'Correspondence: each move within this many days.' },
);

export const TimeControlSchema = Type.Union([RealtimeControlSchema, CorrespondenceControlSchema], {
  description: 'A time control (API.md v1.1).',
});

/** API.md v1.1: the clock of a timed game, as of the moment the answer was made. */
export const ClockSchema = Type.Object(
  {
    whiteMs: Type.Integer({
      minimum: 0,
      description: "White's remaining time in ms (correspondence: until the deadline) as of this answer.",
    }),
    blackMs: Type.Integer({ minimum: 0, description: "Black's remaining time in ms, as of this answer." }),
    running: nullable(ColorSchema, 'Whose time is running now; null before the clocks start and once finished.'),
    deadline: nullable(
      Type.String({ format: 'date-time' }),
      "ISO time by which the side to move must move: correspondence, and each side's first move; else null.",
    ),
  },
  { description: 'Clients count down locally from these figures; the server keeps the time.' },
);

/**
 * A time control in a request: the object of API.md, or (Rookery extension) its short label such as `"5+3"`,
 * `"0.5+0"`, `"3d"` or `"untimed"`; null or absent is untimed.
 */
export const TimeControlInputSchema = Type.Union(
  [
    TimeControlSchema,
    Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'Short label: minutes+increment ("5+3"), days per move ("3d") or "untimed".',
    }),
    Type.Null(),
  ],
  { description: 'The time control: a TimeControl, a short label like "5+3" or "3d", or null for untimed.' },
);

/** The full state of one game: the body of every game answer and of every live-feed message. */
export const GameStateSchema = Type.Object(
  {
    id: Type.String({ description: 'URL-safe, unguessable game id.' }),
    version: Type.Integer({ minimum: 0, description: 'Grows by one on every change of this game.' }),
    status: GameStatusSchema,
    result: ResultSchema,
    termination: nullable(TerminationSchema, 'Why the game ended; null until it has.'),
    winner: nullable(ColorSchema, 'The winner, or null (game on, draw, aborted).'),
    turn: ColorSchema,
    fen: Type.String({ description: 'The current position in FEN.' }),
    moves: Type.Array(Type.String(), { description: 'Moves in SAN from the initial position.' }),
    uci: Type.Array(Type.String(), { description: 'The same moves in UCI.' }),
    lastMove: nullable(LastMoveSchema, 'The last move played, or null.'),
    check: Type.Boolean({ description: 'The side to move is in check.' }),
    legalMoves: Type.Array(Type.String(), {
      description: 'Legal moves of the side to move in UCI; [] when not active.',
    }),
    players: PlayersSchema,
    drawOffer: nullable(ColorSchema, 'Who has an open draw offer, or null.'),
    canClaimDraw: Type.Boolean({
      description: 'The side to move may claim a draw by threefold repetition or the fifty-move rule.',
    }),
    canAbort: Type.Boolean({
      description: 'A seated player may abort now (until both sides have moved, while the game is not over).',
    }),
    initialFen: Type.String({ description: 'The position the game started from, in FEN (API.md v1.1).' }),
    timeControl: nullable(TimeControlSchema, 'The time control; null for an untimed game.'),
    clock: nullable(ClockSchema, 'The clock; null for an untimed game.'),
    rematch: nullable(
      Type.String(),
      "The id of this game's rematch once one of its players asked for it (POST /api/games/{id}/rematch), or null.",
    ),
    rematchOf: nullable(Type.String(), 'The id of the game this one is a rematch of, or null.'),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'The full state of one game.' },
);

/** One row of the lobby listing. */
export const GameSummarySchema = Type.Object(
  {
    id: Type.String(),
    status: GameStatusSchema,
    result: ResultSchema,
    termination: nullable(TerminationSchema),
    players: PlayersSchema,
    turn: ColorSchema,
    plies: Type.Integer({ minimum: 0, description: 'Half-moves played.' }),
    timeControl: nullable(TimeControlSchema, 'The time control; null for an untimed game.'),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'One row of the lobby listing.' },
);

export const GameListSchema = Type.Object({
  games: Type.Array(GameSummarySchema),
  nextCursor: Type.Optional(
    nullable(Type.String(), 'Pass as `cursor` to get the next (older) page; null or absent when there is none.'),
  ),
});

/** The answer to a join: the seat's secret token is shown here once and never again. */
export const JoinResultSchema = Type.Object(
  {
    gameId: Type.String(),
    color: ColorSchema,
    token: Type.String({ description: 'The seat credential for `Authorization: Bearer`. Shown only once.' }),
    game: GameStateSchema,
  },
  { description: 'The answer to a join.' },
);

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object(
      {
        code: literalUnion(ERROR_CODES, 'Machine-readable error code.'),
        message: Type.String({ description: 'One human sentence.' }),
        legalMoves: Type.Optional(Type.Array(Type.String())),
        suggestion: Type.Optional(Type.String({ description: 'A close legal move, for "did you mean …".' })),
        game: Type.Optional(GameStateSchema),
      },
      { additionalProperties: true },
    ),
  },
  { description: 'Every 4xx/5xx answer of /api.' },
);

// ---- requests ----

const NameSchema = Type.String({
  minLength: 1,
  // A coarse bound: the exact one (nameMaxLength characters once in NFC) is shared/player-name.ts's, which the
  // routes apply after this schema.
  maxLength: LIMITS.nameMaxLength * 4,
  // Printable text: no control characters, not only spaces (shared/player-name.ts holds the rule).
  pattern: NAME_PATTERN,
  description: `Player name shown to others: 1..${LIMITS.nameMaxLength} characters once in Unicode NFC, at least one visible; no control characters, unpaired surrogates or bidirectional overrides.`,
});

export const CreateGameBodySchema = Type.Object(
  {
    fen: Type.Optional(
      Type.String({ minLength: 1, maxLength: LIMITS.fenMaxLength, description: 'Start from this position (FEN).' }),
    ),
    timeControl: Type.Optional(TimeControlInputSchema),
  },
  { description: 'Unknown fields are ignored.' },
);

export const JoinBodySchema = Type.Object(
  {
    name: NameSchema,
    color: Type.Optional(ColorSchema),
  },
  { description: 'Unknown fields are ignored.' },
);

export const QuickJoinBodySchema = Type.Object(
  {
    name: NameSchema,
    timeControl: Type.Optional(TimeControlInputSchema),
  },
  {
    description:
      'Pairs only with a waiting game of the same time control (untimed with untimed). Unknown fields are ignored.',
  },
);

export const MoveBodySchema = Type.Object(
  {
    move: Type.String({
      minLength: 1,
      maxLength: LIMITS.moveMaxLength,
      description: 'UCI (e2e4, e7e8q) or SAN (e4, Nf3, O-O, e8=Q+).',
    }),
    ply: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Half-moves played before this move; guards against stale or repeated submits.',
      }),
    ),
  },
  { description: 'Unknown fields are ignored.' },
);

export const DrawBodySchema = Type.Object(
  { action: literalUnion(DRAW_ACTIONS, 'offer, accept, decline, claim or withdraw (your own open offer).') },
  { description: 'Unknown fields are ignored.' },
);

export const GameIdParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: LIMITS.gameIdMaxLength, pattern: GAME_ID_PATTERN }),
});

export const ListQuerySchema = Type.Object(
  {
    status: Type.Optional(GameStatusSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.listMax, default: LIMITS.listDefault })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: "From a previous page's `nextCursor`." })),
    timeControl: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 20,
        description: 'Only games of this time control: "5+3", "0.5+0", "3d" or "untimed".',
      }),
    ),
  },
  { description: 'Unknown fields are ignored.' },
);

export const StatusQuerySchema = Type.Object(
  {
    since: Type.Optional(Type.Integer({ minimum: 0, description: 'Long poll: answer once the version passes this.' })),
    wait: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: LIMITS.waitMaxSeconds,
        description: `Long poll: longest wait in seconds (${LIMITS.waitDefaultSeconds} when only \`since\` is given).`,
      }),
    ),
  },
  { description: 'Unknown fields are ignored.' },
);

export const HealthSchema = Type.Object({ ok: Type.Boolean() });

// ---- people challenge bots (the lichess layer's guest challenge, docs/api.md "Challenging a bot") ----

export const BotListSchema = Type.Object(
  {
    bots: Type.Array(
      Type.Object({
        id: Type.String({ description: 'The account id: its name in lower case.' }),
        name: Type.String({ description: 'The account name as written, to use as `bot` in a challenge.' }),
        online: Type.Boolean({ description: 'Always true here: only bots whose event stream is open are listed.' }),
      }),
    ),
  },
  { description: 'Bot accounts that answer challenges now.' },
);

export const ChallengeBodySchema = Type.Object(
  {
    bot: Type.String({ minLength: 1, maxLength: 40, description: 'The bot to challenge (its name, any case).' }),
    name: NameSchema,
    timeControl: Type.Optional(TimeControlInputSchema),
    color: Type.Optional(literalUnion(['white', 'black', 'random'], 'Your side; random by default.')),
  },
  { description: 'Unknown fields are ignored.' },
);

export const ChallengeTicketSchema = Type.Object(
  {
    id: Type.String({ description: 'The challenge id; also the id of the game it becomes.' }),
    status: literalUnion(
      ['created', 'accepted', 'declined', 'canceled', 'expired'],
      'created while the bot has not answered; expired when it did not answer within 20 s.',
    ),
    bot: Type.String(),
    timeControl: nullable(TimeControlSchema, 'null: untimed.'),
    color: literalUnion(
      ['white', 'black', 'random'],
      'What was asked; once accepted, the side you play (the same as the seat).',
    ),
    expiresAt: Type.String({ format: 'date-time', description: 'When an unanswered challenge lapses.' }),
    declineReason: Type.Optional(
      Type.String({ description: "lichess's reason key when declined: later, timecontrol, variant, generic, …" }),
    ),
    declineMessage: Type.Optional(Type.String({ description: "The bot's reason as lichess words it, to show." })),
    secret: Type.Optional(
      Type.String({ description: 'In the answer to the POST only: send it as `Authorization: Bearer` to poll.' }),
    ),
    gameId: Type.Optional(Type.String({ description: 'Once accepted.' })),
    token: Type.Optional(
      Type.String({ description: 'Once accepted: your seat token (the same on every poll), as a join answers it.' }),
    ),
    game: Type.Optional(GameStateSchema),
  },
  { description: 'A challenge to a bot, as its challenger sees it.' },
);

export const ChallengeIdParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: LIMITS.gameIdMaxLength, pattern: GAME_ID_PATTERN }),
});

export const ChallengeWaitQuerySchema = Type.Object(
  {
    wait: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 30, description: 'Hold the answer until the bot answers, at most N s.' }),
    ),
  },
  { description: 'Unknown fields are ignored.' },
);

export type TimeControlInput = Static<typeof TimeControlInputSchema>;
export type GameState = Static<typeof GameStateSchema>;
export type GameSummary = Static<typeof GameSummarySchema>;
export type GameList = Static<typeof GameListSchema>;
export type JoinResult = Static<typeof JoinResultSchema>;
export type ChallengeTicket = Static<typeof ChallengeTicketSchema>;
export type ErrorBody = Static<typeof ErrorBodySchema>;
export type Players = Static<typeof PlayersSchema>;
export type LastMove = Static<typeof LastMoveSchema>;
export type CreateGameBody = Static<typeof CreateGameBodySchema>;
export type JoinBody = Static<typeof JoinBodySchema>;
export type QuickJoinBody = Static<typeof QuickJoinBodySchema>;
export type MoveBody = Static<typeof MoveBodySchema>;
export type DrawBody = Static<typeof DrawBodySchema>;
export type ListQuery = Static<typeof ListQuerySchema>;
export type StatusQuery = Static<typeof StatusQuerySchema>;
