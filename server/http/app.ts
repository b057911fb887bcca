/**
 * The Rookery Fastify app, built without listening: main.ts listens, tests drive it with `inject` or a port.
 */
import { createServer } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBodySchema, HealthSchema } from '../../shared/api-schema.js';
import { LIMITS } from '../../shared/vocabulary.js';
import { GameService } from '../service/game-service.js';
import type { GameStore } from '../store/game-store.js';
import type { RedisClient } from '../store/redis-connection.js';
import { MemoryGameStore } from '../store/memory-store.js';
import { apiRoutes } from './api-routes.js';
import { installConnectionDrain } from './connection-drain.js';
import { eventsRoute, LiveFeed } from './events-route.js';
import { installErrorHandler, isApiPath } from './error-handler.js';
import { registerOpenApi } from './openapi.js';
import { sendError } from './problem.js';
import { isCrossSitePost } from './cross-site.js';
import { makeStatusFastPath, type StatusFastPath } from './status-fast-path.js';
import { frameworkErrors, makeClientErrorHandler, MethodTable } from './protocol-errors.js';
import { capConnections, DEFAULT_CONNECTION_CAPS, type ConnectionCaps } from './connection-caps.js';
import { installRateLimits } from './rate-limits.js';
import { DEFAULT_WAITING_PER_ADDRESS, installWaitingCap } from './waiting-cap.js';
import { installAccessLog } from './request-log.js';
import { validatorCompiler } from './validation.js';
import { createWebClient } from '../../web-client/plugin.js';
import type { AccountStore } from '../accounts/account-store.js';
import { Accounts } from '../accounts/accounts.js';
import { adminRoutes } from '../accounts/admin-routes.js';
import { MemoryAccountStore } from '../accounts/memory-account-store.js';
import { guestChallengeRoutes } from '../lichess/guest-challenge-routes.js';
import { LichessBridge } from '../lichess/lichess-bridge.js';
import { lichessRoutes } from '../lichess/lichess-routes.js';

export interface AppOptions {
  /** Where games live; an in-memory store when absent. */
  store?: GameStore;
  /** A ready service (tests that want to reach it); built from `store` when absent. */
  service?: GameService;
  /** Fastify's logger option: false (default) for tests, a pino config in main.ts. */
  logger?: FastifyServerOptions['logger'];
  /** Log one line per request (default off; errors and 5xx are logged either way). */
  accessLog?: boolean;
  /** Answer plain status polls of cached games before Fastify (default on; see status-fast-path.ts). */
  statusFastPath?: boolean;
  /** Longest long poll in milliseconds (default 60 s). */
  maxWaitMs?: number;
  /** Seconds between meta refreshes on waiting pages (web client). */
  refreshSeconds?: number;
  /** Requests per minute per client address (API and pages); 0 or absent: no limit. */
  rateLimitPerMinute?: number;
  /** Scale-out: the deployment's Redis and key prefix, where the rate limits count (absent: in this process). */
  rateLimitRedis?: { client: RedisClient; prefix: string };
  /** Games made per minute per client address (API and forms); 0 or absent: no limit (`npm start`: 60). */
  creationsPerMinute?: number;
  /** With `creationsPerMinute`: games one address may keep waiting at once (default 10). */
  waitingPerAddress?: number;
  /** Live feed: milliseconds between WebSocket pings (default 30 s; tests shorten it). */
  pingIntervalMs?: number;
  /** Live feed: most unsent bytes per socket before a slow client is closed with 4008 (default 1 MiB). */
  feedBufferLimitBytes?: number;
  /** For the service built here (no `service` given): the first-move limit of realtime games, in seconds. */
  firstMoveSeconds?: number;
  /** For the service built here: seconds after which an unattended waiting game expires. */
  abandonSeconds?: number;
  /** Milliseconds a client may take to send its request line and headers (default 10 s). */
  headersTimeoutMs?: number;
  /** Milliseconds a client may take to send a whole request, body included (default 30 s). */
  requestTimeoutMs?: number;
  /** Milliseconds an idle keep-alive connection stays open (default 5 s). */
  keepAliveTimeoutMs?: number;
  /** The per-address caps on connections, live feeds and long polls (default on; off for load tests from one address). */
  clientLimits?: boolean;
  /**
   * Reverse proxies trusted for X-Forwarded-For (`--trust-proxy`, a comma-separated list as Fastify's trustProxy
   * takes it); absent: none.
   */
  trustProxy?: string;
  /** Caps on open connections (default DEFAULT_CONNECTION_CAPS; the per-address one is off without clientLimits). */
  connectionCaps?: Partial<ConnectionCaps>;
  /** Accounts of the lichess-compatible Bot API (default: in memory). */
  accounts?: AccountStore;
  /** Turns on the admin account routes (/api/admin/accounts) for requests bearing it. */
  adminToken?: string;
  /** Lichess API: milliseconds between keep-alive lines on NDJSON streams (default 6 s; tests shorten it). */
  lichessKeepAliveMs?: number;
}

/** Defaults of the timeouts above: no real client needs longer; a slow-loris client is cut off. */
export const HTTP_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 } as const;

export const APP_VERSION = '0.1.0';

export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const service =
    options.service ??
    new GameService({
      store: options.store ?? new MemoryGameStore(),
      ...(options.firstMoveSeconds === undefined ? {} : { firstMoveMs: options.firstMoveSeconds * 1000 }),
      ...(options.abandonSeconds === undefined ? {} : { abandonMs: options.abandonSeconds * 1000 }),
    });
  // Plain status polls of cached games are answered before Fastify (status-fast-path.ts), unless a hook must see
  // every request.
  const fastPath = makeStatusFastPath(service, {
    enabled: options.statusFastPath !== false && !options.accessLog && !options.rateLimitPerMinute,
  });
  const headersTimeout = options.headersTimeoutMs ?? HTTP_TIMEOUTS.headersMs;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? HTTP_TIMEOUTS.requestMs, headersTimeout);
  // The client error handler logs through the app's logger, which exists once the app does.
  let logger: FastifyBaseLogger | null = null;
  let connectionCounts: () => { total: number; addresses: number; refused: number } = () => ({
    total: 0,
    addresses: 0,
    refused: 0,
  });
  const app = Fastify({
    serverFactory: (handler) => {
      const server = createServer(
        {
          headersTimeout,
          requestTimeout,
          keepAliveTimeout: options.keepAliveTimeoutMs ?? HTTP_TIMEOUTS.keepAliveMs,
          // How often Node looks for requests over those timeouts (its default, 30 s, lets a slow client linger).
          connectionsCheckingInterval: Math.min(1000, headersTimeout),
        },
        (request, response) => {
          if (!fastPath.handle(request, response)) handler(request, response);
        },
      );
      const caps = { ...DEFAULT_CONNECTION_CAPS, ...options.connectionCaps };
      // Behind a trusted proxy every connection comes from the proxy: capping connections per client is its job.
      if (options.clientLimits === false || options.trustProxy) caps.perAddress = Number.POSITIVE_INFINITY;
      connectionCounts = capConnections(server, caps, () => logger!);
      return server;
    },
    clientErrorHandler: makeClientErrorHandler(() => logger!),
    frameworkErrors,
    logger: options.logger ?? false,
    // Our own optional one-line-per-request log replaces Fastify's two lines (see request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: LIMITS.bodyLimitBytes,
    // Clients behind a reverse proxy only when told (`--trust-proxy`): then request.ip is the client's address as
    // the trusted proxy forwards it, and every per-client limit counts that.
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();
  logger = app.log;

  app.decorate('games', service);
  app.decorate('statusFastPath', fastPath);
  app.decorate('connectionCounts', () => connectionCounts());
  app.setValidatorCompiler(validatorCompiler);
  service.onStoreError = (error) => app.log.error({ err: error }, 'store write failed');

  // An empty JSON body (curl -H 'Content-Type: application/json' -X POST) means "no body", not a syntax error.
  // The API speaks JSON only: a text/plain body is refused with 415 rather than failing the schema.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = Object.assign(new Error('The body is not valid JSON.'), {
        statusCode: 400,
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      });
      done(error, undefined);
    }
  });

  if (options.accessLog) installAccessLog(app);
  // Pages' forms answer only forms of this site (cross-site.ts).
  app.addHook('onRequest', async (request, reply) => {
    if (isApiPath(request.url) || !isCrossSitePost(request)) return;
    request.log.warn({ remoteAddress: request.ip, origin: request.headers.origin }, 'refused a form from another site');
    return web.renderErrorPage(
      request,
      reply,
      403,
      'This form was sent from another site, so it was not carried out. Open Rookery itself and try again there.',
    );
  });
  installConnectionDrain(app);
  const web = createWebClient({ service, refreshSeconds: options.refreshSeconds, lichess: () => app.lichess });
  installErrorHandler(app, web.renderErrorPage);
  // With the creation limit on, also a cap on the games one address keeps waiting.
  if (options.creationsPerMinute)
    installWaitingCap(app, service, options.waitingPerAddress ?? DEFAULT_WAITING_PER_ADDRESS);
  await installRateLimits(app, {
    creationsPerMinute: options.creationsPerMinute ?? 0,
    requestsPerMinute: options.rateLimitPerMinute ?? 0,
    ...(options.rateLimitRedis ? { redis: options.rateLimitRedis } : {}),
  });
  const methods = new MethodTable();
  app.addHook('onRoute', (route) => methods.add(route.url, route.method));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = methods.allowed(path);
    if (allowed.length > 0 && isApiPath(request.url)) {
      reply.header('Allow', allowed.join(', '));
      return sendError(
        reply,
        'method_not_allowed',
        `${path} does not take ${request.method}; it takes ${allowed.join(', ')}.`,
      );
    }
    const message = `There is no ${request.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path} here.`;
    if (isApiPath(request.url)) return sendError(reply, 'not_found', message);
    return web.renderNotFound(request, reply);
  });

  await registerOpenApi(app, APP_VERSION);

  // Wake long polls at once when the server stops, so that shutdown does not wait for them; from then on every
  // request goes through Fastify, which answers 503 while closing.
  app.addHook('preClose', async () => {
    fastPath.disable();
    service.wakeWaiters();
  });
  app.addHook('onClose', async () => service.close());

  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the process answers (see /readyz for whether it can save changes)',
        tags: ['meta'],
        response: { 200: HealthSchema },
      },
    },
    async () => ({ ok: true }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: a real write through the store; 503 when changes cannot be saved',
        tags: ['meta'],
        response: { 200: HealthSchema, 503: ErrorBodySchema },
      },
    },
    async (_request, reply) => {
      const ready = await service.checkReady();
      reply.header('Cache-Control', 'no-store');
      return ready.ok ? { ok: true } : sendError(reply, 'unavailable', ready.message);
    },
  );
  app.get('/api/openapi.json', { schema: { summary: 'This API as OpenAPI 3.1', tags: ['meta'] } }, async () =>
    app.swagger(),
  );
  await app.register(apiRoutes, {
    prefix: '/api',
    service,
    onStatusHeaders: (headers) => fastPath.learnHeaders(headers),
    clientLimits: options.clientLimits !== false,
    ...(options.maxWaitMs ? { maxWaitMs: options.maxWaitMs } : {}),
  });
  const liveFeed = new LiveFeed({
    service,
    clientLimits: options.clientLimits !== false,
    ...(options.pingIntervalMs ? { pingIntervalMs: options.pingIntervalMs } : {}),
    ...(options.feedBufferLimitBytes ? { bufferLimitBytes: options.feedBufferLimitBytes } : {}),
  });
  app.decorate('liveFeed', liveFeed);
  await app.register(eventsRoute, { prefix: '/api', service, feed: liveFeed });
  await app.register(web.plugin);
  const accounts = new Accounts(options.accounts ?? new MemoryAccountStore());
  const lichess = new LichessBridge({
    service,
    accounts,
    ...(options.lichessKeepAliveMs ? { keepAliveMs: options.lichessKeepAliveMs } : {}),
    onError: (error) => app.log.error({ err: error }, 'lichess layer'),
  });
  app.decorate('lichess', lichess);
  await app.register(adminRoutes, { prefix: '/api', accounts, adminToken: options.adminToken });
  await app.register(guestChallengeRoutes, { prefix: '/api', bridge: lichess });
  await app.register(lichessRoutes, { bridge: lichess });
  app.addHook('onReady', async () => lichess.start());
  app.addHook('preClose', async () => lichess.close());
  app.addHook('onClose', async () => accounts.store.close());
  // Clocks of stored games armed again (with the down time given back), heartbeat and waiting-game expiry on: once
  // the app is ready (routes compiled, just before it listens), so that the start-up is not charged to any clock.
  app.addHook('onReady', async () => service.start());
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The game service behind this app. */
    games: GameService;
    /** The lichess-compatible Bot API's state (accounts, challenges, streams). */
    lichess: LichessBridge;
    /** The status poll's fast path (tests read its `served` count). */
    statusFastPath: StatusFastPath;
    /** Open connections, addresses holding them, and connections refused by the caps. */
    connectionCounts: () => { total: number; addresses: number; refused: number };
  }
}
