/**
 * Caps on open TCP connections, per client address and in total, so that one client (slow bodies, idle sockets,
 * a pile of WebSockets) cannot take every socket the server has. A connection over a cap is told so in the API's
 * shape — 503 `unavailable` with `Retry-After`, written before its request is even read — logged with its
 * address, and closed. Connections through a reverse proxy all share the proxy's address: raise the cap there, or
 * let the proxy cap per client.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { rawErrorResponse } from './protocol-errors.js';

export interface ConnectionCaps {
  /** Most connections open at once from one address. */
  perAddress: number;
  /** Most connections open at once in all. */
  total: number;
}

/** Defaults: far above what a person or a bot holds (a browser opens 6 per site), far below what starves others. */
export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = { perAddress: 256, total: 10_000 };

/** Apply the caps to a server's connections; returns a function that reads the current counts (for tests). */
export function capConnections(server: Server, caps: ConnectionCaps, log: () => FastifyBaseLogger) {
  const perAddress = new Map<string, number>();
  let total = 0;
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const mine = perAddress.get(address) ?? 0;
    if (mine >= caps.perAddress || total >= caps.total) {
      refused += 1;
      const reason =
        mine >= caps.perAddress
          ? `Too many connections from this address (at most ${caps.perAddress} at once); close some and retry.`
          : 'The server has as many connections as it takes; retry shortly.';
      log().warn({ remoteAddress: address, open: mine, total }, `refused a connection: ${reason}`);
      socket.on('error', () => {});
      socket.end(rawErrorResponse('unavailable', reason, { 'Retry-After': '5' }));
      // A peer that never reads must not keep even this socket.
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    perAddress.set(address, mine + 1);
    total += 1;
    socket.once('close', () => {
      total -= 1;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
  return () => ({ total, addresses: perAddress.size, refused });
}
