/**
 * What the route modules share: the service, the page context of a request, and one way to answer with a page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import type { GameService } from '../server/service/game-service.js';
import type { FlashStore } from './flash.js';
import type { PageContext } from './page-context.js';
import type { PageHeaderOptions } from './security.js';

export interface WebDeps {
  service: GameService;
  /** Notices of refused posts, for the page each one redirects to (Post/Redirect/Get). */
  flash: FlashStore;
  /** The page context of this request (settings, cookies, asset addresses, time). */
  contextFor(request: FastifyRequest): PageContext;
  /**
   * Answer with a rendered page; `isSecret` (or `{isSecret}`) for pages whose address is a seat's secret,
   * `{framable}` for the status frame.
   */
  sendPage(
    reply: FastifyReply,
    status: number,
    element: ReactElement,
    headers?: boolean | PageHeaderOptions,
  ): FastifyReply;
  /** Answer with the readable message page. */
  sendMessage(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply;
}

/** Game ids and seat secrets are URL-safe base64 text. */
export const URL_SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/u;
