/**
 * What the player asks the server to do: a move, a resignation, a draw action. Plain async functions over the
 * typed client that turn every answer into a value the UI can show (a new state, or a notice with the reason).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError, type RookeryClient } from '../shared/api-client.js';
import type { GameState, JoinResult } from '../shared/api-schema.js';
import { normalizeMoveInput } from '../shared/move-input.js';
import { suggestMove } from '../shared/move-suggestion.js';
import { opponentOf, type DrawAction } from '../shared/vocabulary.js';
import { labelMoves } from './move-labels.js';
import type { Seat } from './session.js';

/** A message for the player, e.g. `{tone: 'error', text: '"e5" is not a legal move …', suggestion: 'e4'}`. */
export interface Notice {
  tone: 'error' | 'info';
  text: string;
  /** A close legal move ("did you mean …"), ready to put in the move field. */
  suggestion?: string;
}

/** The outcome of an action: the state to show (if any) and what to tell the player (if anything). */
export interface ActionOutcome {
  state: GameState | null;
  notice: Notice | null;
}

/** Words the move field and line mode read as commands rather than moves. */
export const COMMANDS = [
  'resign',
  'abort',
  'draw',
  'offer',
  'accept',
  'decline',
  'claim',
  'flip',
  'help',
  'quit',
] as const;
export type Command = (typeof COMMANDS)[number];

/** The command a line of text names (`"Resign"`, `" draw "`), or null for anything else (a move). */
export function parseCommand(text: string): Command | null {
  const word = text.trim().toLowerCase().replace(/^[:/]/u, '');
  return (COMMANDS as readonly string[]).includes(word) ? (word as Command) : null;
}

/**
 * The draw action that `=` (or the word `draw`) means in this state: accept the opponent's offer, claim when the
 * rules allow it, else offer; null when there is nothing to do (own offer already open, or the game is not on).
 */
export function drawActionFor(state: GameState, seat: Seat): DrawAction | null {
  if (state.status !== 'active') return null;
  if (state.drawOffer === opponentOf(seat.color)) return 'accept';
  if (state.canClaimDraw && state.turn === seat.color) return 'claim';
  if (state.drawOffer === seat.color) return null;
  return 'offer';
}

/** Send a typed move (any forgiving notation) for the current position. */
export async function submitMove(
  client: RookeryClient,
  seat: Seat,
  state: GameState,
  typed: string,
): Promise<ActionOutcome> {
  const move = normalizeMoveInput(typed);
  if (move === null) return { state: null, notice: null };
  try {
    return { state: await client.move(seat.gameId, seat.token, move, state.moves.length), notice: null };
  } catch (error) {
    return failureOutcome(error, state, move);
  }
}

/** Resign this seat. */
export async function resignGame(client: RookeryClient, seat: Seat): Promise<ActionOutcome> {
  try {
    return { state: await client.resign(seat.gameId, seat.token), notice: null };
  } catch (error) {
    return failureOutcome(error, null, null);
  }
}

/** Abort this game (allowed while fewer than two half-moves are played: `canAbort`). */
export async function abortGame(client: RookeryClient, seat: Seat): Promise<ActionOutcome> {
  try {
    return { state: await client.abort(seat.gameId, seat.token), notice: null };
  } catch (error) {
    return failureOutcome(error, null, null);
  }
}

/** What asking for a rematch gave: the new seat, or why not. */
export type RematchOutcome = { ok: true; result: JoinResult } | { ok: false; notice: Notice };

/**
 * `POST /api/games/{id}/rematch` (docs/api.md, Rematch): the first player to ask creates the new game, the
 * other takes the seat kept for them. The typed client has no call for it yet, so this is a plain request.
 */
export async function requestRematch(server: string, seat: Seat): Promise<RematchOutcome> {
  try {
    const response = await fetch(`${server}/api/games/${encodeURIComponent(seat.gameId)}/rematch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seat.token}`, accept: 'application/json' },
    });
    const body = (await response.json().catch(() => null)) as
      | (JoinResult & { error?: undefined })
      | { error?: { code: string; message: string } }
      | null;
    if (response.ok && body && !body.error) return { ok: true, result: body as JoinResult };
    const message = body?.error?.message ?? `The server answered ${response.status}.`;
    return { ok: false, notice: { tone: 'error', text: message } };
  } catch (error) {
    return { ok: false, notice: { tone: 'error', text: `The server cannot be reached: ${(error as Error).message}` } };
  }
}

/** Save the game's PGN (`GET /api/games/{id}/pgn`) as `rookery-<id>.pgn` in `directory`. */
export async function savePgn(client: RookeryClient, gameId: string, directory: string): Promise<Notice> {
  try {
    const pgn = await client.pgn(gameId);
    const file = join(directory, `rookery-${gameId}.pgn`);
    await writeFile(file, pgn.endsWith('\n') ? pgn : `${pgn}\n`);
    return { tone: 'info', text: `PGN saved to ${file}` };
  } catch (error) {
    return { tone: 'error', text: `The PGN could not be saved: ${(error as Error).message}` };
  }
}

const DRAW_NOTICES: Record<DrawAction, string> = {
  offer: 'Draw offered.',
  accept: 'Draw accepted.',
  decline: 'Draw offer declined.',
  claim: 'Draw claimed.',
  withdraw: 'Draw offer withdrawn.',
};

/** Offer, accept, decline or claim a draw. */
export async function sendDrawAction(client: RookeryClient, seat: Seat, action: DrawAction): Promise<ActionOutcome> {
  try {
    return {
      state: await client.draw(seat.gameId, seat.token, action),
      notice: { tone: 'info', text: DRAW_NOTICES[action] },
    };
  } catch (error) {
    return failureOutcome(error, null, null);
  }
}

function failureOutcome(error: unknown, state: GameState | null, move: string | null): ActionOutcome {
  if (!(error instanceof ApiError)) return { state: null, notice: { tone: 'error', text: String(error) } };
  if (error.code === 'network') {
    return {
      state: null,
      notice: { tone: 'error', text: 'The server cannot be reached; nothing was sent. Try again.' },
    };
  }
  if (error.code === 'stale_ply') {
    return {
      state: error.game ?? null,
      notice: {
        tone: 'error',
        text: 'The position changed before your move arrived: look at the board and move again.',
      },
    };
  }
  if (error.code === 'illegal_move' && state && move !== null) {
    const suggestion = error.suggestion ?? localSuggestion(move, state, error.legalMoves);
    // The server's message may carry its own "Did you mean"; ours is shown on a line of its own.
    const reason = error.message.replace(/\s*Did you mean.*$/su, '');
    return { state: null, notice: { tone: 'error', text: reason, ...(suggestion ? { suggestion } : {}) } };
  }
  return { state: error.game ?? null, notice: { tone: 'error', text: error.message } };
}

function localSuggestion(move: string, state: GameState, legalMoves: string[] | undefined): string | undefined {
  const candidates = labelMoves(state.fen, legalMoves ?? state.legalMoves);
  const close = suggestMove(move, candidates);
  return close?.san ?? close?.uci;
}
