/**
 * Clean shutdown for connections Node's `server.close()` would wait on: a TCP connection that has not sent a
 * request yet (browsers and fetch open such spare connections) is neither "idle" nor busy to Node 20, so close
 * would hang until it times out. On close we destroy every connection with no request in flight and let the
 * others finish their request first. Upgraded (WebSocket) connections belong to the live feed, which closes them
 * itself with 1001.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function installConnectionDrain(app: FastifyInstance): void {
  /** Requests in flight per open connection. */
  const inFlight = new Map<Socket, number>();
  let closing = false;

  app.server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  app.server.on('upgrade', (request: { socket: Socket }) => inFlight.delete(request.socket));
  app.server.on('request', (request: { socket: Socket }, response: NodeJS.EventEmitter) => {
    const socket = request.socket;
    if (!inFlight.has(socket)) return;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      if (!inFlight.has(socket)) return;
      const remaining = Math.max(0, (inFlight.get(socket) ?? 1) - 1);
      inFlight.set(socket, remaining);
      if (closing && remaining === 0) socket.destroy();
    });
  });

  app.addHook('preClose', async () => {
    closing = true;
    for (const [socket, count] of inFlight) if (count === 0) socket.destroy();
  });
}
