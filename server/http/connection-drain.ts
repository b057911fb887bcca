/**
 * Clean shutdown for connections Node's `server.close()` would wait on: a TCP connection that has not sent a
 * request yet (browsers and fetch open such spare connections) is neither "idle" nor busy to Node 20, so close
 * would hang until it times out. On close we destroy every connection with no response in progress and let the
 * others finish theirs first, then destroy them too. Upgraded (WebSocket) connections belong to the live feed,
 * which closes them itself with 1001.
 *
 * Nothing is done per request (a status poll is answered in microseconds, and a listener per request would be a
 * good share of that): which connection has a response in progress is read at close time from the socket itself.
 * Node keeps the response being written as `socket._httpMessage` (set when a request's response is created, cleared
 * when it has been sent); it is not in Node's documented API, but has not changed since Node 0.x and is what
 * connection-draining libraries read too.
 */
import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** The response a socket is writing now, if any (see the module comment). */
function responseInProgress(socket: Socket): ServerResponse | null {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? null;
}

export function installConnectionDrain(app: FastifyInstance): void {
  const open = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  app.server.on('upgrade', (request: { socket: Socket }) => open.delete(request.socket));

  app.addHook('preClose', async () => {
    for (const socket of open) {
      const response = responseInProgress(socket);
      if (!response) socket.destroy();
      else response.once('close', () => socket.destroy());
    }
  });
}
