/**
 * The browser client as a Fastify plugin: server-rendered pages over GameService, with form parsing registered
 * only inside this plugin (the JSON API stays JSON-only), and so is compression: pages are compressed, the JSON API
 * is left as it is. Pages carry a weak ETag of their bytes and answer 304 to a matching If-None-Match (a lobby or a
 * status frame that reloads while nothing changed costs a few headers). `createWebClient` also returns the readable
 * 404 and error pages that the app uses for every non-API address.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import type { LichessBridge } from '../server/lichess/lichess-bridge.js';
import type { GameService } from '../server/service/game-service.js';
import { ERROR_STATUS } from '../shared/errors.js';
import { LIMITS } from '../shared/vocabulary.js';
import { loadAssets } from './assets.js';
import { headingForStatus, MessagePage } from './components/message-page.js';
import { COOKIE_NAMES, parseCookies } from './cookies.js';
import { FlashStore } from './flash.js';
import { challengeRoutes } from './challenge-routes.js';
import { gameRoutes } from './game-routes.js';
import { lobbyRoutes } from './lobby-routes.js';
import { API_DOCS_PATH } from './paths.js';
import type { PageContext } from './page-context.js';
import { playerRoutes } from './player-routes.js';
import { renderDocument } from './render.js';
import { applyPageHeaders, type PageHeaderOptions } from './security.js';
import type { WebDeps } from './web-deps.js';

export interface WebClientOptions {
  service: GameService;
  /** Seconds between meta refreshes of waiting pages (`--refresh`; default LIMITS.refreshDefaultSeconds, 2). */
  refreshSeconds?: number | undefined;
  /**
   * The lichess layer, for the lobby's bots and the challenge pages (challenge-routes.tsx); read per request, since
   * the app makes it after the pages. Without it the lobby shows no bots.
   */
  lichess?: (() => LichessBridge) | undefined;
}

export interface WebClient {
  plugin: FastifyPluginAsync;
  /** The readable HTML 404 for any address outside the API. */
  renderNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply;
  /** Readable HTML for errors thrown while answering a page (for installErrorHandler). */
  renderErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply;
}

export function createWebClient(options: WebClientOptions): WebClient {
  const refreshSeconds = options.refreshSeconds ?? LIMITS.refreshDefaultSeconds;
  const assets = loadAssets();

  function contextFor(request: FastifyRequest): PageContext {
    const cookies = parseCookies(request.headers.cookie);
    return {
      refreshSeconds,
      autoRefresh: cookies.get(COOKIE_NAMES.autoRefresh) !== 'off',
      assets: { stylesheet: assets.stylesheet.path, favicon: assets.favicon.path },
      rememberedName: cookies.get(COOKIE_NAMES.name)?.slice(0, 100) ?? '',
      origin: `${request.protocol}://${request.host}`,
      // The service's "now", which its clocks run on (tests may move it by hand).
      now: new Date(options.service.nowMs()),
    };
  }

  function sendPage(
    reply: FastifyReply,
    status: number,
    element: ReactElement,
    headers: boolean | PageHeaderOptions = false,
  ): FastifyReply {
    applyPageHeaders(reply, typeof headers === 'boolean' ? { isSecret: headers } : headers);
    const html = renderDocument(element);
    if (status === 200 && reply.request.method === 'GET') {
      const etag = `W/"${createHash('sha1').update(html).digest('base64url').slice(0, 20)}"`;
      reply.header('ETag', etag);
      const asked = reply.request.headers['if-none-match'];
      if (typeof asked === 'string' && asked.split(/\s*,\s*/u).includes(etag)) return reply.code(304).send();
    }
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  }

  function sendMessage(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
    // Whatever went wrong, a secret address must not be cached or leak through the Referer of the lobby link.
    const page = (
      <MessagePage context={contextFor(request)} status={status} heading={headingForStatus(status)} message={message} />
    );
    return sendPage(reply, status, page, true);
  }

  const flash = new FlashStore(() => options.service.nowMs());
  const deps: WebDeps = { service: options.service, flash, contextFor, sendPage, sendMessage };
  const apiReference = loadApiReference();

  const plugin: FastifyPluginAsync = async (app) => {
    await app.register(formbody);
    // Inside this plugin only: its routes (pages, assets, the API reference) are compressed, the JSON API is not.
    await app.register(compress, { global: true, globalDecompression: false, threshold: 1024 });
    app.get(API_DOCS_PATH, async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('Cache-Control', 'public, max-age=3600')
        .header('X-Content-Type-Options', 'nosniff')
        .send(apiReference),
    );
    for (const asset of [assets.stylesheet, assets.favicon]) {
      app.get(asset.path, async (_request, reply) =>
        reply
          .type(asset.contentType)
          .header(
            'Cache-Control',
            asset === assets.stylesheet ? 'public, max-age=31536000, immutable' : 'public, max-age=86400',
          )
          .header('X-Content-Type-Options', 'nosniff')
          .send(asset.body),
      );
    }
    await app.register(lobbyRoutes, { deps, ...(options.lichess ? { lichess: options.lichess } : {}) });
    if (options.lichess) await app.register(challengeRoutes, { deps, lichess: options.lichess });
    await app.register(gameRoutes, { deps });
    await app.register(playerRoutes, { deps });
  };

  return {
    plugin,
    renderNotFound: (request, reply) =>
      sendMessage(
        request,
        reply,
        ERROR_STATUS.not_found,
        'There is nothing at this address. The link may be mistyped or out of date.',
      ),
    renderErrorPage: (request, reply, status, message) => sendMessage(request, reply, status, message),
  };
}

/**
 * The API reference the footer links to: docs/api.md as text (readable as it is; the OpenAPI document at
 * /api/openapi.json is for programs). Looked for beside the sources and beside the build.
 */
function loadApiReference(): string {
  for (const path of ['../docs/api.md', '../../docs/api.md']) {
    try {
      return readFileSync(new URL(path, import.meta.url), 'utf8');
    } catch {
      // Not here: the next place.
    }
  }
  return 'The API reference (docs/api.md) is not installed with this server; /api/openapi.json describes the API.\n';
}
