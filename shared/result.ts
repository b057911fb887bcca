/**
 * One Result type for every operation that can fail in an expected way (chessops' style): a success carries a
 * value, a failure carries a machine-readable code, one human sentence, and any details the caller needs (the
 * legal moves of an illegal move, the current game of a stale ply). Failures are values, never thrown; throwing is
 * kept for bugs.
 */
import type { ErrorCode } from './errors.js';

/** A success carrying a value. */
export interface Success<T> {
  ok: true;
  value: T;
}

/**
 * An expected failure: `code` from a fixed list (e.g. shared/errors.ts's ERROR_CODES), a sentence for people,
 * and the details `D` the caller may show, e.g. `{legalMoves: string[]}`.
 */
export type Failure<C extends string = ErrorCode, D extends object = object> = {
  ok: false;
  code: C;
  message: string;
} & D;

/**
 * Either a value or an expected failure. `F` is the failure type: by default one with any of the API's error codes,
 * narrower where a function can fail in fewer ways, e.g. `Result<string, Failure<'invalid_fen'>>`.
 */
export type Result<T, F extends Failure<string, object> = Failure> = Success<T> | F;

/** Make a success value. */
export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

/** Make an expected failure, with optional details. */
export function fail<C extends string>(code: C, message: string): Failure<C>;
export function fail<C extends string, D extends object>(code: C, message: string, details: D): Failure<C, D>;
export function fail<C extends string, D extends object>(code: C, message: string, details?: D): Failure<C, D> {
  return { ...(details as D), ok: false, code, message };
}
