/**
 * One error handler for everything Fastify or a route throws: schema failures, bad JSON, wrong content type,
 * oversized bodies, and bugs. Every answer has the `{error: {code, message}}` body; 5xx answers never show
 * internal detail.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.js';
import { sendError } from './problem.js';
import { describeValidation, type ValidationIssue } from './validation-message.js';

/** Fastify's own error codes that mean "the client sent something wrong", and what we call them. */
const FASTIFY_CLIENT_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_request', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_request', message: 'The JSON body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The body is larger than this server accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'This content type is not accepted here; send application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_request',
    message: 'The Content-Length header does not match the body.',
  },
  FST_ERR_CTP_INVALID_TYPE: { code: 'invalid_request', message: 'The Content-Type header is malformed.' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'invalid_request', message: 'The request could not be routed.' },
  FST_ERR_BAD_URL: { code: 'invalid_request', message: 'The URL is malformed.' },
};

/** Code for a 4xx status that Fastify or a plugin produced without a code we know. */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 406:
      return 'not_acceptable';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'invalid_request';
  }
}

export type ErrorPageRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
) => FastifyReply | Promise<FastifyReply>;

/**
 * Install the error handler. Requests outside `/api` and `/healthz` may be answered by `renderPage` (the web
 * client's readable HTML errors); without it, everyone gets JSON.
 */
export function installErrorHandler(app: FastifyInstance, renderPage?: ErrorPageRenderer): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
    let code: ErrorCode;
    let message: string;
    if (error.validation) {
      code = 'invalid_request';
      message = describeValidation(error.validationContext, error.validation as ValidationIssue[]);
    } else if (known) {
      ({ code, message } = known);
    } else if (error instanceof SyntaxError) {
      code = 'invalid_request';
      message = 'The body is not valid JSON.';
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      code = codeForStatus(error.statusCode);
      message = error.message || 'The request is not valid.';
    } else {
      request.log.error({ err: error }, 'unhandled error');
      code = 'internal';
      message = 'The server failed to answer this request.';
    }
    if (renderPage && !isApiPath(request.url)) {
      return renderPage(request, reply, code === 'internal' ? 500 : ERROR_STATUS[code], message);
    }
    return sendError(reply, code, message);
  });
}

/** Paths whose clients are programs and always get JSON. */
export function isApiPath(url: string): boolean {
  // `//api/games` is still the API (browsers and proxies fold the slashes; a program sent it by mistake).
  const path = url.replace(/^\/+/u, '/');
  return (
    path === '/api' ||
    path.startsWith('/api/') ||
    path.startsWith('/api?') ||
    path.startsWith('/healthz') ||
    path.startsWith('/readyz')
  );
}
