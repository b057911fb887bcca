/**
 * A cap on the games one client address keeps waiting for an opponent: each is a lobby row and a pairing candidate,
 * so one address must not fill the lobby. The games an address made are noted from the answers of the creating
 * routes (the API's `id`/`gameId`, the pages' redirect to `/play/{id}/…` or `/games/{id}`); those no longer waiting
 * (joined, finished, expired) stop counting. In this process's memory (after a restart the count starts again), or,
 * on a scale-out deployment, in its Redis, so that every process counts the same games.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GameService } from '../service/game-service.js';
import { sendError } from './problem.js';
import { isCreation } from './rate-limits.js';

/** Default: far more than anyone waits in at once (a person waits in one game, a bot in one per engine). */
export const DEFAULT_WAITING_PER_ADDRESS = 10;

/** The game an answer of a creating route names, or null. */
function createdGameId(payload: unknown, location: unknown): string | null {
  if (typeof location === 'string') {
    const match = /^\/(?:play|games|api\/games)\/([A-Za-z0-9_-]+)/u.exec(location);
    if (match) return match[1]!;
  }
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (!text?.startsWith('{')) return null;
  const match = /^\{"(?:id|gameId)":"([A-Za-z0-9_-]+)"/u.exec(text);
  return match ? match[1]! : null;
}

export function installWaitingCap(app: FastifyInstance, service: GameService, cap: number): void {
  const shared = service.madeByLedger;
  if (shared) {
    installSharedWaitingCap(app, shared, cap);
    return;
  }
  const byAddress = new Map<string, Set<string>>();

  /** The address's games still waiting (the others are forgotten). */
  const waitingOf = (address: string): Set<string> => {
    const ids = byAddress.get(address) ?? new Set<string>();
    for (const id of ids) {
      const status = service.cachedSnapshot(id)?.state.status;
      if (status !== 'waiting') ids.delete(id);
    }
    if (ids.size === 0) byAddress.delete(address);
    return ids;
  };

  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (!isCreation(request) || waitingOf(request.ip).size < cap) return;
    return refuse(request, reply, cap);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isCreation(request) || reply.statusCode >= 400) return payload;
    const id = createdGameId(payload, reply.getHeader('location'));
    if (id && service.cachedSnapshot(id)?.state.status === 'waiting') {
      const ids = byAddress.get(request.ip) ?? new Set<string>();
      ids.add(id);
      byAddress.set(request.ip, ids);
    }
    return payload;
  });
}

/**
 * Scale-out (a shared store): the games each address made are kept in the store, so that the cap counts the games
 * made through every process, not through this one only.
 */
function installSharedWaitingCap(
  app: FastifyInstance,
  ledger: NonNullable<GameService['madeByLedger']>,
  cap: number,
): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (!isCreation(request) || (await ledger.waiting(request.ip)).length < cap) return;
    return refuse(request, reply, cap);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isCreation(request) || reply.statusCode >= 400) return payload;
    const id = createdGameId(payload, reply.getHeader('location'));
    if (id) await ledger.note(request.ip, id);
    return payload;
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply, cap: number) {
  request.log.warn({ remoteAddress: request.ip }, 'refused a new game: too many waiting from this address');
  return sendError(
    reply.header('Retry-After', '30'),
    'rate_limited',
    `This address already has ${cap} games waiting for an opponent: play or abort one of them first.`,
  );
}
