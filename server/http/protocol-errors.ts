/**
 * Answers for requests that never reach a route, in the API's `{error: {code, message}}` shape:
 *
 * - malformed HTTP that Node's parser refuses (a header block too large: 431; anything else: 400; a request that
 *   took too long to arrive: 408), written straight to the socket since there is no request object yet
 *   (Fastify's `clientErrorHandler`);
 * - URLs Fastify's router refuses (a path segment over `maxParamLength`: 414; a malformed URL: 400), through
 *   Fastify's `frameworkErrors`, never echoing the URL back;
 * - a method a path does not have: 405 with `Allow` (see `MethodTable`).
 *
 * Each refusal is logged at `warn` with the client's address, so that an attack shows in the log.
 */
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.js';
import { errorBody, sendError } from './problem.js';

/** What Node's parser errors mean for the client. */
function clientErrorAnswer(error: NodeJS.ErrnoException): { code: ErrorCode; message: string } | null {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        code: 'headers_too_large',
        message: 'The request line and headers are larger than this server accepts.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'request_timeout', message: 'The request did not arrive in time.' };
    case 'ECONNRESET':
    case 'EPIPE':
      return null;
    default:
      return { code: 'invalid_request', message: 'The request is not valid HTTP.' };
  }
}

/** The raw HTTP answer of an error, for a socket that has no request object. */
export function rawErrorResponse(code: ErrorCode, message: string, headers: Record<string, string> = {}): string {
  const body = JSON.stringify(errorBody(code, message));
  const status = ERROR_STATUS[code];
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/** Fastify's `clientErrorHandler`: answer in our shape (when the socket can still take it), log, close. */
export function makeClientErrorHandler(log: () => FastifyBaseLogger) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    const answer = clientErrorAnswer(error);
    const address = socket.remoteAddress;
    if (!answer) {
      socket.destroy(error);
      return;
    }
    log().warn({ remoteAddress: address, code: answer.code, parser: error.code }, `refused: ${answer.message}`);
    // Only while nothing was written: a half-sent answer must not get a second status line.
    if (
      socket.writable &&
      !(socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
    ) {
      socket.end(rawErrorResponse(answer.code, answer.message));
    } else {
      socket.destroy(error);
    }
  };
}

/** Fastify's `frameworkErrors`: router refusals, without the URL in the answer. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const code: ErrorCode = tooLong ? 'uri_too_long' : 'invalid_request';
  const message = tooLong ? 'A part of the URL is longer than this server accepts.' : 'The URL is malformed.';
  request.log.warn({ remoteAddress: request.ip, code }, `refused: ${message}`);
  return sendError(reply, code, message);
}

/** The HTTP methods a router may have. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * Which methods each path has, learned from the routes as they are added (Fastify's `onRoute`), so that a request
 * with another method is told 405 and `Allow` rather than 404.
 */
export class MethodTable {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];

  /** Record a route (`/api/games/:id/move`, `/assets/*`). */
  add(url: string, methods: string | string[]): void {
    const pattern = new RegExp(
      `^${url
        .split('/')
        .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : escapeRegExp(part)))
        .join('/')}/?$`,
      'u',
    );
    const list = (Array.isArray(methods) ? methods : [methods]).map((method) => method.toUpperCase());
    const existing = this.routes.find((route) => route.pattern.source === pattern.source);
    if (existing) for (const method of list) existing.methods.add(method);
    else this.routes.push({ pattern, methods: new Set(list) });
  }

  /** The methods `path` has (sorted as METHODS lists them), or [] when no route has the path. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) {
      if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
    }
    return METHODS.filter((method) => methods.has(method));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
