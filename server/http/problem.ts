/**
 * The one mapping from error codes to HTTP answers: status from shared/errors.ts, body `{error: {code, message}}`
 * plus any details, and the headers some codes call for.
 */
import type { FastifyReply } from 'fastify';
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.js';
import type { ServiceFailure } from '../service/game-service.js';

/** Extra fields some errors carry (API.md: `legalMoves`, `game`; Rookery: `suggestion`). */
export type ErrorExtras = Record<string, unknown>;

/** The JSON error body for a code. */
export function errorBody(code: ErrorCode, message: string, extras: ErrorExtras = {}) {
  return { error: { code, message, ...extras } };
}

/** Send an error answer for a code, with the headers that code calls for. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string, extras: ErrorExtras = {}) {
  // Every 5xx is logged, access log or not (the cause, if any, was logged where it happened).
  if (ERROR_STATUS[code] >= 500)
    reply.log.warn({ code, status: ERROR_STATUS[code] }, `answered ${ERROR_STATUS[code]} ${code}`);
  if (code === 'unauthorized') reply.header('WWW-Authenticate', 'Bearer realm="rookery"');
  return reply
    .header('X-Content-Type-Options', 'nosniff')
    .code(ERROR_STATUS[code])
    .type('application/json; charset=utf-8')
    .send(errorBody(code, message, extras));
}

/** Send a service failure, with its details (the game for stale_ply, the legal moves for illegal_move). */
export function sendFailure(reply: FastifyReply, failure: ServiceFailure) {
  const extras: ErrorExtras = {};
  if (failure.game) extras['game'] = failure.game;
  if (failure.legalMoves) extras['legalMoves'] = failure.legalMoves;
  if (failure.suggestion) extras['suggestion'] = failure.suggestion;
  if (failure.reason) extras['reason'] = failure.reason;
  return sendError(reply, failure.code, failure.message, extras);
}
