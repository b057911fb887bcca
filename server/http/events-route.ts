/**
 * The live feed, `GET /api/games/:id/events`: a WebSocket that carries the game's full state as one JSON text
 * right away and after every change (API.md, "Live feed").
 *
 * Why each rule:
 * - Order without gaps: GameService.watch subscribes to the bus before it reads the current snapshot and never
 *   delivers a version older than one already sent, so no version is missed or sent twice. Every socket of a game
 *   sends the same serialised body (GameSnapshot), built once per version.
 * - Bounded memory: before each send the socket's unsent bytes are checked against a cap; past it the client is
 *   closed with 4008 (slow consumer) and terminated after a short grace if it does not read its close frame
 *   either. A client that stops reading therefore costs at most the cap, never a growing queue.
 * - Liveness: a ping every interval (30 s by default); a peer that did not answer the previous ping is dropped.
 * - Shutdown: every socket is closed with 1001 (going away); a peer that does not finish the closing handshake
 *   within the grace is terminated, so `app.close()` never waits on a silent client.
 * - Unknown games are refused with a 404 before the upgrade; a plain GET without an upgrade gets a 426 saying
 *   how to connect.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WebSocket } from 'ws';
import { ErrorBodySchema, GameIdParamsSchema } from '../../shared/api-schema.js';
import { FEED_CLOSE_CODES, FEED_PING_INTERVAL_MS } from '../../shared/live-feed.js';
import type { GameService } from '../service/game-service.js';
import type { GameSnapshot } from '../service/game-snapshot.js';
import { InFlight } from './in-flight.js';
import { errorBody, sendError } from './problem.js';

export interface LiveFeedOptions {
  service: GameService;
  /** Milliseconds between pings; a peer that misses one interval is dropped (default 30 s). */
  pingIntervalMs?: number;
  /** Most unsent bytes one socket may hold before it is closed as a slow consumer (default 1 MiB). */
  bufferLimitBytes?: number;
  /** How long a closing peer has to finish the closing handshake before it is terminated (default 1 s). */
  closeGraceMs?: number;
  /** The per-address cap on sockets (default on). */
  clientLimits?: boolean;
}

/** Counters for tests and metrics. */
export interface LiveFeedStats {
  /** Open feed connections. */
  connections: number;
  /** Largest unsent backlog seen on any socket right after a send, in bytes. */
  peakBufferedBytes: number;
  /** Sockets closed with 4008 because they read too slowly. */
  slowConsumersClosed: number;
  /** Sockets terminated because they missed a ping. */
  deadPeersDropped: number;
  /** Sockets closed with 4029 for flooding the server with messages. */
  floodsClosed: number;
}

interface FeedConnection {
  socket: WebSocket;
  /** Highest version sent on this socket (-1 before the first). */
  lastVersion: number;
  /** Answered the last ping (or has not been pinged yet). */
  isAlive: boolean;
  unsubscribe: () => void;
  closeTimer: NodeJS.Timeout | null;
  /** The client's address and the game, for the caps. */
  address: string;
  gameId: string;
  /** Inbound message allowance (token bucket) and when it was last refilled. */
  allowance: number;
  refilledAt: number;
}

/** Largest client message the feed reads; it expects none, so anything bigger is closed by ws with 1009. */
const MAX_CLIENT_MESSAGE_BYTES = 4096;

/**
 * Inbound messages per socket: a burst of this many, refilled at this many per second; past that the socket is
 * closed with 4029. Each message costs the server an answer, so a flood from one socket must not slow the others.
 */
export const FEED_MESSAGE_BURST = 10;
export const FEED_MESSAGES_PER_SECOND = 2;

/** Most feed sockets open at once from one client address, and on one game. */
export const FEED_MAX_PER_ADDRESS = 200;
export const FEED_MAX_PER_GAME = 2000;

/** The connections of the live feed: fan-out, backpressure, pings and shutdown. One per app. */
export class LiveFeed {
  private readonly service: GameService;
  private readonly pingIntervalMs: number;
  private readonly bufferLimitBytes: number;
  private readonly closeGraceMs: number;
  private readonly connections = new Set<FeedConnection>();
  private pinger: NodeJS.Timeout | null = null;
  private closing = false;
  private peakBufferedBytes = 0;
  private slowConsumersClosed = 0;
  private deadPeersDropped = 0;
  private floodsClosed = 0;
  /** Open sockets per client address and per game, for the caps. */
  private readonly perAddress: InFlight;
  private readonly perGame = new InFlight(FEED_MAX_PER_GAME);

  constructor(options: LiveFeedOptions) {
    this.service = options.service;
    this.pingIntervalMs = options.pingIntervalMs ?? FEED_PING_INTERVAL_MS;
    this.bufferLimitBytes = options.bufferLimitBytes ?? 1024 * 1024;
    this.closeGraceMs = options.closeGraceMs ?? 1000;
    this.perAddress = new InFlight(options.clientLimits === false ? Number.POSITIVE_INFINITY : FEED_MAX_PER_ADDRESS);
  }

  stats(): LiveFeedStats {
    return {
      connections: this.connections.size,
      peakBufferedBytes: this.peakBufferedBytes,
      slowConsumersClosed: this.slowConsumersClosed,
      deadPeersDropped: this.deadPeersDropped,
      floodsClosed: this.floodsClosed,
    };
  }

  /** Why a new socket from `address` on `gameId` is refused (a cap is reached), or null. */
  refusal(address: string, gameId: string): string | null {
    if (this.perAddress.isFull(address)) {
      return `At most ${FEED_MAX_PER_ADDRESS} live feeds may be open from one address; close some first.`;
    }
    if (this.perGame.isFull(gameId)) {
      return `This game has ${FEED_MAX_PER_GAME} live feeds open, the most it takes; long-poll its status instead.`;
    }
    return null;
  }

  /** Serve an accepted socket: the current state now, then every new one. */
  async attach(socket: WebSocket, gameId: string, address = ''): Promise<void> {
    if (this.closing) {
      socket.close(FEED_CLOSE_CODES.goingAway, 'The server is shutting down.');
      return;
    }
    const connection: FeedConnection = {
      socket,
      lastVersion: -1,
      isAlive: true,
      unsubscribe: () => {},
      closeTimer: null,
      address,
      gameId,
      allowance: FEED_MESSAGE_BURST,
      refilledAt: Date.now(),
    };
    this.connections.add(connection);
    this.perAddress.add(address);
    this.perGame.add(gameId);
    socket.on('close', () => this.forget(connection));
    socket.on('pong', () => {
      connection.isAlive = true;
    });
    socket.on('message', () => {
      if (!this.allowMessage(connection)) return;
      const answer = errorBody(
        'invalid_request',
        'The live feed takes no messages: it sends the full game state on connect and after every change.',
      );
      this.send(connection, JSON.stringify(answer));
    });
    this.startPinging();
    // The current state first, then every newer version (see the module comment).
    let watching: Awaited<ReturnType<GameService['watch']>>;
    try {
      watching = await this.service.watch(gameId, (snapshot) => this.sendState(connection, snapshot));
    } catch {
      // A stored game that does not replay: a server fault, logged by the service; tell the client and close.
      this.closeWithin(connection, FEED_CLOSE_CODES.serverError, 'The server failed to read this game.');
      return;
    }
    if (!watching.ok) {
      socket.close(FEED_CLOSE_CODES.gameNotFound, 'There is no such game.');
      return;
    }
    if (!this.connections.has(connection)) watching.value();
    else connection.unsubscribe = watching.value;
  }

  /** Close every socket with 1001 and wait until each is gone (terminating stragglers after the grace). */
  async shutdown(): Promise<void> {
    this.closing = true;
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
    await Promise.all(
      [...this.connections].map(
        (connection) =>
          new Promise<void>((resolve) => {
            if (connection.socket.readyState === WebSocket.CLOSED) return resolve();
            connection.socket.once('close', () => resolve());
            this.closeWithin(connection, FEED_CLOSE_CODES.goingAway, 'The server is shutting down.');
          }),
      ),
    );
  }

  /** Take one inbound message from the socket's allowance; a socket over it is closed with 4029. */
  private allowMessage(connection: FeedConnection): boolean {
    const now = Date.now();
    connection.allowance = Math.min(
      FEED_MESSAGE_BURST,
      connection.allowance + ((now - connection.refilledAt) / 1000) * FEED_MESSAGES_PER_SECOND,
    );
    connection.refilledAt = now;
    if (connection.allowance >= 1) {
      connection.allowance -= 1;
      return true;
    }
    if (connection.closeTimer === null) {
      this.floodsClosed += 1;
      this.closeWithin(
        connection,
        FEED_CLOSE_CODES.tooManyMessages,
        `Too many messages: the feed takes none (${FEED_MESSAGES_PER_SECOND} a second are answered).`,
      );
    }
    return false;
  }

  private sendState(connection: FeedConnection, snapshot: GameSnapshot): void {
    if (snapshot.state.version <= connection.lastVersion) return;
    connection.lastVersion = snapshot.state.version;
    this.send(connection, snapshot.bodyAt(this.service.nowMs()));
  }

  /** Send one JSON text message (bytes already encoded as UTF-8 go out as they are, still as a text frame). */
  private send(connection: FeedConnection, text: string | Buffer): void {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return;
    const size = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
    if (socket.bufferedAmount + size > this.bufferLimitBytes) {
      this.slowConsumersClosed += 1;
      this.closeWithin(
        connection,
        FEED_CLOSE_CODES.slowConsumer,
        'Too slow: the feed will not buffer more for this client. Reconnect to get the current state.',
      );
      return;
    }
    socket.send(text, { binary: false });
    this.peakBufferedBytes = Math.max(this.peakBufferedBytes, socket.bufferedAmount);
  }

  /** Stop sending, start the closing handshake, and terminate if the peer has not finished it in time. */
  private closeWithin(connection: FeedConnection, code: number, reason: string): void {
    connection.unsubscribe();
    const { socket } = connection;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(code, reason);
    if (connection.closeTimer) return;
    connection.closeTimer = setTimeout(() => socket.terminate(), this.closeGraceMs);
    connection.closeTimer.unref();
  }

  private forget(connection: FeedConnection): void {
    connection.unsubscribe();
    if (connection.closeTimer) clearTimeout(connection.closeTimer);
    if (this.connections.delete(connection)) {
      this.perAddress.leave(connection.address);
      this.perGame.leave(connection.gameId);
    }
  }

  private startPinging(): void {
    if (this.pinger) return;
    this.pinger = setInterval(() => this.pingAll(), this.pingIntervalMs);
    this.pinger.unref();
  }

  private pingAll(): void {
    for (const connection of this.connections) {
      if (!connection.isAlive) {
        this.deadPeersDropped += 1;
        connection.socket.terminate();
        continue;
      }
      connection.isAlive = false;
      if (connection.socket.readyState === WebSocket.OPEN) connection.socket.ping();
    }
  }
}

export interface EventsRouteOptions {
  service: GameService;
  feed: LiveFeed;
}

/** The feed route as a plugin; register it under `/api`. */
export const eventsRoute: FastifyPluginAsync<EventsRouteOptions> = async (parent, options) => {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { service, feed } = options;

  await app.register(websocket, {
    options: { maxPayload: MAX_CLIENT_MESSAGE_BYTES },
    // Replaces the plugin's own preClose, which would close sockets without a code and wait on silent peers.
    preClose: async function closeFeed(this: typeof parent) {
      await feed.shutdown();
      await new Promise<void>((resolve) => this.websocketServer.close(() => resolve()));
    },
    errorHandler: (error, socket, request) => {
      // A client that vanishes mid-frame is routine, not a server fault.
      request.log.warn({ err: error }, 'live feed socket error');
      socket.terminate();
    },
  });

  app.route({
    method: 'GET',
    url: '/games/:id/events',
    schema: {
      summary: 'Live feed: upgrade to a WebSocket that sends the full GameState on connect and after every change',
      description:
        'Connect with `Upgrade: websocket`. Each message is one GameState as JSON, in version order with no ' +
        'gaps; the server pings every 30 s and drops peers that do not answer. Close codes: 1001 server ' +
        'shutting down, 4008 client too slow (reconnect), 4029 too many client messages. A client message is ' +
        'answered `{"error": {...}}`; more than 10 at once (2 a second after that) close the socket. At most 200 ' +
        'feeds per client address and 2000 per game: beyond, 429.',
      tags: ['games'],
      params: GameIdParamsSchema,
      response: {
        101: Type.Null({ description: 'Switching Protocols: the feed starts.' }),
        400: ErrorBodySchema,
        404: ErrorBodySchema,
        426: ErrorBodySchema,
        429: ErrorBodySchema,
      },
    },
    // After validation, so a malformed id gets its 400 first.
    preHandler: async (request, reply) => {
      const gameId = (request.params as { id: string }).id;
      const current = await service.snapshot(gameId);
      if (!current.ok) return sendError(reply, current.code, current.message);
      const refused = feed.refusal(request.ip, gameId);
      if (refused) {
        request.log.warn({ remoteAddress: request.ip, gameId }, `refused a live feed: ${refused}`);
        return sendError(reply.header('Retry-After', '10'), 'rate_limited', refused);
      }
    },
    handler: async (_request, reply) =>
      sendError(
        reply.header('Upgrade', 'websocket').header('Connection', 'Upgrade'),
        'upgrade_required',
        'This is a WebSocket feed: connect with "Upgrade: websocket" (or long-poll /status?since=N&wait=S).',
      ),
    wsHandler: (socket, request) => {
      const gameId = (request.params as { id: string }).id;
      // Upgrades never reach the access log's onResponse hook: each is logged here, with the client's address.
      request.log.info({ remoteAddress: request.ip, gameId }, 'live feed opened');
      void feed.attach(socket, gameId, request.ip);
    },
  });
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The live feed's connections (stats for tests and metrics). */
    liveFeed: LiveFeed;
  }
}
